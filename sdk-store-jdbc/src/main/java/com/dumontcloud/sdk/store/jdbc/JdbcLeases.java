package com.dumontcloud.sdk.store.jdbc;

import com.dumontcloud.sdk.engine.store.FencedWriteException;
import com.dumontcloud.sdk.engine.store.Leases;
import com.dumontcloud.sdk.spi.support.Json;
import com.dumontcloud.sdk.spi.support.JsonCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployment leases of one replica on a {@link JdbcStateStore}: what it holds (deployment → epoch) and until
 * when, by the engine's clock. All database work runs in the store's transactions.
 */
final class JdbcLeases implements Leases {
  private static final Logger log = LoggerFactory.getLogger(JdbcLeases.class);
  /** A replica row unrenewed for this many TTLs is deleted. */
  private static final int REPLICA_GC_TTLS = 10;
  private static final JsonCodec JSON = JsonCodec.standard();

  private final JdbcStateStore store;
  private final String owner;
  private final Duration ttl;
  private final Map<String, Long> held = new HashMap<>();
  private long expiresAtMs = Long.MIN_VALUE;

  JdbcLeases(JdbcStateStore store, String owner, Duration ttl) {
    this.store = store;
    this.owner = owner;
    this.ttl = ttl;
  }

  Duration ttl() {
    return ttl;
  }

  @Override
  public boolean shared() {
    return true;
  }

  @Override
  public Set<String> refresh(Instant now) {
    long n = now.toEpochMilli();
    long until = n + ttl.toMillis();
    Map<String, Long> mine = store.tx("renew the leases of " + owner, c -> {
      heartbeat(c, n, until);
      int live = count(c, "select count(*) from dumont_replicas where expires_at_ms > ?", n);
      int total = count(c, "select count(*) from dumont_leases where expires_at_ms > ? or true", n); // every deployment
      Map<String, Long> rows = new TreeMap<>();
      try (PreparedStatement ps = c.prepareStatement(
          "select deployment_id, epoch from dumont_leases where owner = ? for update")) {
        ps.setString(1, owner);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) rows.put(rs.getString(1), rs.getLong(2));
        }
      }
      try (PreparedStatement ps = c.prepareStatement("update dumont_leases set expires_at_ms = ? where owner = ?")) {
        ps.setLong(1, until);
        ps.setString(2, owner);
        ps.executeUpdate();
      }
      int fair = (int) Math.ceil(total / (double) Math.max(1, live));
      if (rows.size() > fair) { // rebalance on join: give back the excess (the last ids, deterministically)
        List<String> ids = new ArrayList<>(rows.keySet());
        for (String id : ids.subList(fair, ids.size())) {
          release(c, id, rows.get(id));
          rows.remove(id);
        }
      } else if (rows.size() < fair) { // on leave (or start): take free and expired leases up to the fair share
        rows.putAll(take(c, n, until, fair - rows.size()));
      }
      return rows;
    });
    synchronized (this) {
      for (String id : held.keySet()) {
        if (!mine.containsKey(id)) log.info("[owner={}, deployment={}] lease lost or given up", owner, id);
      }
      held.clear();
      held.putAll(mine);
      expiresAtMs = until;
      return Set.copyOf(held.keySet());
    }
  }

  @Override
  public synchronized boolean holds(String deploymentId, Instant now) {
    return held.containsKey(deploymentId) && now.toEpochMilli() < expiresAtMs;
  }

  @Override
  public boolean tryAcquire(String deploymentId, Instant now) {
    long n = now.toEpochMilli();
    long until = n + ttl.toMillis();
    Long mineBefore;
    synchronized (this) {
      mineBefore = held.get(deploymentId);
    }
    Long epoch = store.tx("take the lease of " + deploymentId, c -> {
      heartbeat(c, n, until);
      try (PreparedStatement ps = c.prepareStatement(
          "select owner, epoch, expires_at_ms from dumont_leases where deployment_id = ? for update")) {
        ps.setString(1, deploymentId);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) return 0L; // new: the first put creates the lease
          String o = rs.getString(1);
          long e = rs.getLong(2);
          long exp = rs.getLong(3);
          if (owner.equals(o) && mineBefore != null && mineBefore == e) return e;
          if (o != null && exp > n) return null; // held by a live replica
          return bump(c, deploymentId, e, until);
        }
      }
    });
    if (epoch == null) return false;
    synchronized (this) {
      if (epoch > 0) held.put(deploymentId, epoch);
      // one expiry for all leases held: it moves only when no other lease depends on the last heartbeat's
      boolean onlyThis = held.isEmpty() || (held.size() == 1 && held.containsKey(deploymentId));
      if (onlyThis || expiresAtMs == Long.MIN_VALUE) expiresAtMs = Math.max(expiresAtMs, until);
    }
    return true;
  }

  @Override
  public void releaseAll() {
    store.tx("give back the leases of " + owner, c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "update dumont_leases set owner = null, expires_at_ms = 0 where owner = ?")) {
        ps.setString(1, owner);
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("delete from dumont_replicas where owner = ?")) {
        ps.setString(1, owner);
        ps.executeUpdate();
      }
      return null;
    });
    synchronized (this) {
      held.clear();
      expiresAtMs = Long.MIN_VALUE;
    }
  }

  @Override
  public void post(String deploymentId, Map<String, Object> request) {
    String body = JSON.write(request);
    store.tx("post a request for " + deploymentId, c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "insert into dumont_requests (deployment_id, request, created_at_ms) values (?, ?, ?)")) {
        ps.setString(1, deploymentId);
        ps.setString(2, body);
        ps.setLong(3, store.clock().millis());
        ps.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public List<Posted> pending(Set<String> deploymentIds) {
    if (deploymentIds.isEmpty()) return List.of();
    return store.tx("read the requests posted to " + owner, c -> {
      List<Posted> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("select id, deployment_id, request from dumont_requests "
          + "where deployment_id = any (?) order by id")) {
        ps.setArray(1, c.createArrayOf("varchar", deploymentIds.toArray()));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            try {
              out.add(new Posted(rs.getLong(1), rs.getString(2), Json.obj(JSON.parse(rs.getString(3)), "request")));
            } catch (RuntimeException bad) {
              log.warn("[owner={}, deployment={}] skipping an unreadable posted request {}: {}", owner,
                  rs.getString(2), rs.getLong(1), bad.getMessage());
            }
          }
        }
      }
      return out;
    });
  }

  @Override
  public void done(List<Long> ids) {
    if (ids.isEmpty()) return;
    store.tx("delete the requests served by " + owner, c -> {
      try (PreparedStatement ps = c.prepareStatement("delete from dumont_requests where id = any (?)")) {
        ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
        ps.executeUpdate();
      }
      return null;
    });
  }

  /**
   * The fencing check of a write, inside the writing transaction: locks the deployment's lease row and returns
   * the epoch this replica holds it at. A deployment without a lease row is new: {@code create} makes this
   * replica its owner (epoch 1); otherwise -1 is returned.
   *
   * @throws FencedWriteException when another replica holds the lease, or this one's epoch is stale
   */
  long fence(Connection c, String deploymentId, long now, boolean create) throws SQLException {
    Long mine;
    synchronized (this) {
      mine = held.get(deploymentId);
    }
    try (PreparedStatement ps = c.prepareStatement(
        "select owner, epoch from dumont_leases where deployment_id = ? for update")) {
      ps.setString(1, deploymentId);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          String o = rs.getString(1);
          long e = rs.getLong(2);
          if (owner.equals(o) && mine != null && mine == e) return e;
          throw new FencedWriteException(deploymentId, "deployment " + deploymentId + ": this replica (" + owner
              + (mine == null ? ", no lease" : ", epoch " + mine) + ") is fenced; the lease is "
              + (o == null ? "free" : "held by " + o) + " at epoch " + e);
        }
      }
    }
    if (!create) return -1;
    long until;
    synchronized (this) {
      until = expiresAtMs != Long.MIN_VALUE ? expiresAtMs : now + ttl.toMillis(); // the last heartbeat's expiry
    }
    try (PreparedStatement ps = c.prepareStatement(
        "insert into dumont_leases (deployment_id, owner, epoch, expires_at_ms) values (?, ?, 1, ?)")) {
      ps.setString(1, deploymentId);
      ps.setString(2, owner);
      ps.setLong(3, until);
      ps.executeUpdate();
    }
    synchronized (this) {
      held.put(deploymentId, 1L);
      if (expiresAtMs < until) expiresAtMs = until;
    }
    return 1;
  }

  synchronized void forget(String deploymentId) {
    held.remove(deploymentId);
  }

  private void heartbeat(Connection c, long now, long until) throws SQLException {
    int n;
    try (PreparedStatement ps = c.prepareStatement("update dumont_replicas set expires_at_ms = ? where owner = ?")) {
      ps.setLong(1, until);
      ps.setString(2, owner);
      n = ps.executeUpdate();
    }
    if (n == 0) {
      try (PreparedStatement ps = c.prepareStatement("insert into dumont_replicas (owner, expires_at_ms, started_at_ms) "
          + "values (?, ?, ?) on conflict (owner) do update set expires_at_ms = excluded.expires_at_ms")) {
        ps.setString(1, owner);
        ps.setLong(2, until);
        ps.setLong(3, now);
        ps.executeUpdate();
      }
      log.info("[owner={}] joined the replicas sharing the store", owner);
    }
    try (PreparedStatement ps = c.prepareStatement("delete from dumont_replicas where expires_at_ms < ?")) {
      ps.setLong(1, now - ttl.toMillis() * REPLICA_GC_TTLS);
      ps.executeUpdate();
    }
  }

  private Map<String, Long> take(Connection c, long now, long until, int max) throws SQLException {
    Map<String, Long> got = new TreeMap<>();
    try (PreparedStatement ps = c.prepareStatement("select deployment_id, epoch from dumont_leases "
        + "where owner is null or expires_at_ms <= ? order by deployment_id limit ? for update skip locked")) {
      ps.setLong(1, now);
      ps.setInt(2, max);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) got.put(rs.getString(1), rs.getLong(2));
      }
    }
    for (Map.Entry<String, Long> e : got.entrySet()) {
      e.setValue(bump(c, e.getKey(), e.getValue(), until));
      log.info("[owner={}, deployment={}] lease taken at epoch {}", owner, e.getKey(), e.getValue());
    }
    return got;
  }

  /** Take a locked lease row: this owner, the next epoch. */
  private long bump(Connection c, String id, long epoch, long until) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "update dumont_leases set owner = ?, epoch = ?, expires_at_ms = ? where deployment_id = ?")) {
      ps.setString(1, owner);
      ps.setLong(2, epoch + 1);
      ps.setLong(3, until);
      ps.setString(4, id);
      ps.executeUpdate();
    }
    return epoch + 1;
  }

  private void release(Connection c, String id, long epoch) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("update dumont_leases set owner = null, expires_at_ms = 0 "
        + "where deployment_id = ? and owner = ? and epoch = ?")) {
      ps.setString(1, id);
      ps.setString(2, owner);
      ps.setLong(3, epoch);
      ps.executeUpdate();
    }
    log.info("[owner={}, deployment={}] lease given up (rebalance)", owner, id);
  }

  private static int count(Connection c, String sql, long arg) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  @Override
  public String toString() {
    synchronized (this) {
      return "JdbcLeases[owner=" + owner + ", held=" + new TreeSet<>(held.keySet()) + "]";
    }
  }
}
