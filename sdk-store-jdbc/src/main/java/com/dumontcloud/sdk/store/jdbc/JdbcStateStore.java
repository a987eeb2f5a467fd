package com.dumontcloud.sdk.store.jdbc;

import com.dumontcloud.sdk.audit.InstanceRecords;
import com.dumontcloud.sdk.engine.store.FencedWriteException;
import com.dumontcloud.sdk.engine.store.Leases;
import com.dumontcloud.sdk.engine.store.StateStore;
import com.dumontcloud.sdk.spi.support.Json;
import com.dumontcloud.sdk.spi.support.JsonCodec;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's {@link StateStore} in a relational database (PostgreSQL 14+), shared safely by several engine
 * replicas: one JSON record per deployment in {@code dumont_state}, one lease per deployment in
 * {@code dumont_leases} (owner, epoch, expiry) and a heartbeat per replica in {@code dumont_replicas}.
 *
 * <ul>
 *   <li>Every {@link #put} and {@link #remove} of a deployment record runs in one transaction that locks the
 *       deployment's lease row ({@code SELECT ... FOR UPDATE}) and writes only when this replica holds it with the
 *       epoch it took it at; otherwise it throws {@link FencedWriteException} and writes nothing. So a replica
 *       that was paused past its lease and resumed can never journal an intent, hence never launch.
 *   <li>{@link #leases()} renews this replica's leases on every engine tick, gives up those beyond a fair share
 *       ({@code ceil(deployments / live replicas)}) and takes free or expired ones with
 *       {@code SELECT ... FOR UPDATE SKIP LOCKED}, each taking bumping the epoch.
 *   <li>Lease times come from the clock the engine passes (its scheduler), so virtual time works; replicas on
 *       different hosts need clocks in sync well within the lease TTL (NTP).
 *   <li>The schema is created and migrated by Flyway from {@code db/dumont/V*.sql} (history table
 *       {@code dumont_schema_history}) unless {@link Builder#migrate(boolean) migrate(false)}.
 * </ul>
 *
 * <p>Thread-safe. {@code toString()} and messages never contain a password.
 */
public final class JdbcStateStore implements StateStore {
  private static final Logger log = LoggerFactory.getLogger(JdbcStateStore.class);
  /** Default lease TTL ({@code DUMONT_STORE_LEASE_TTL}). */
  public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(30);
  private static final JsonCodec JSON = JsonCodec.standard();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final DataSource dataSource;
  private final HikariDataSource ownPool;
  private final String description;
  private final String owner;
  private final Clock clock;
  private final JdbcLeases leases;

  private JdbcStateStore(Builder b) {
    this.dataSource = b.dataSource;
    this.ownPool = b.ownPool;
    this.description = b.description;
    this.owner = b.owner != null ? b.owner : generatedOwner();
    this.clock = b.clock;
    this.leases = new JdbcLeases(this, owner, b.leaseTtl);
    if (b.migrate) migrate(dataSource);
  }

  /** A store on the user's own pool, with the defaults (lease TTL 30 s, system clock, schema migrated). */
  public static JdbcStateStore create(DataSource dataSource) {
    return builder(dataSource).build();
  }

  public static Builder builder(DataSource dataSource) {
    return new Builder(Objects.requireNonNull(dataSource, "dataSource"), null, "JDBC data source");
  }

  /**
   * A store on its own HikariCP pool for a JDBC URL ({@code jdbc:postgresql://host:5432/db}); {@code user} and
   * {@code password} may be null when the URL carries them ({@code ?user=...&password=...}). The pool closes
   * with the store.
   */
  public static Builder builder(String jdbcUrl, String user, String password) {
    StoreUrl u = StoreUrl.parse(jdbcUrl, user, password);
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(u.urlWithoutSecrets());
    if (u.user() != null) cfg.setUsername(u.user());
    if (u.password() != null) cfg.setPassword(u.password());
    cfg.setPoolName("dumont-store");
    cfg.setMaximumPoolSize(8);
    cfg.setMinimumIdle(1);
    HikariDataSource pool = new HikariDataSource(cfg);
    return new Builder(pool, pool, u.redacted());
  }

  /**
   * The store configured by the environment, or empty when {@code DUMONT_STORE_URL} is unset:
   * {@code DUMONT_STORE_URL} (a JDBC URL), {@code DUMONT_STORE_USER} and {@code DUMONT_STORE_PASSWORD} (or the
   * URL's own {@code user}/{@code password} parameters), {@code DUMONT_STORE_LEASE_TTL} (seconds, default 30).
   *
   * @throws IllegalArgumentException naming the variable when a value is unusable
   */
  public static Optional<Builder> fromEnvironment(Map<String, String> env) {
    String url = env.get("DUMONT_STORE_URL");
    if (url == null || url.isBlank()) return Optional.empty();
    Builder b = builder(url.strip(), env.get("DUMONT_STORE_USER"), env.get("DUMONT_STORE_PASSWORD"));
    String ttl = env.get("DUMONT_STORE_LEASE_TTL");
    if (ttl != null && !ttl.isBlank()) b.leaseTtl(parseTtl(ttl.strip()));
    return Optional.of(b);
  }

  static Duration parseTtl(String s) {
    long secs;
    try {
      secs = Long.parseLong(s);
    } catch (NumberFormatException e) {
      secs = -1;
    }
    if (secs < 1) {
      throw new IllegalArgumentException("DUMONT_STORE_LEASE_TTL: '" + s + "' is not a whole number of seconds >= 1 "
          + "(the default is 30)");
    }
    return Duration.ofSeconds(secs);
  }

  /** Apply the schema migrations (idempotent; concurrent replicas serialise on Flyway's lock). */
  static void migrate(DataSource ds) {
    Flyway.configure(JdbcStateStore.class.getClassLoader()).dataSource(ds).locations("classpath:db/dumont")
        .table("dumont_schema_history").baselineOnMigrate(true).baselineVersion("0").load().migrate();
  }

  private static String generatedOwner() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException | RuntimeException e) {
      host = "host";
    }
    byte[] r = new byte[3];
    RANDOM.nextBytes(r);
    return host + "-" + ProcessHandle.current().pid() + "-" + String.format("%02x%02x%02x", r[0], r[1], r[2]);
  }

  /** This replica's lease owner id. */
  public String owner() {
    return owner;
  }

  public Duration leaseTtl() {
    return leases.ttl();
  }

  /** The data source (the store's own pool, or the one it was given). */
  public DataSource dataSource() {
    return dataSource;
  }

  Clock clock() {
    return clock;
  }

  // ------------------------------------------------------------------------------------------ StateStore

  @Override
  public void put(String deploymentId, Map<String, Object> record) {
    Objects.requireNonNull(deploymentId, "deploymentId");
    String json = JSON.write(record);
    long now = clock.millis();
    if (deploymentId.startsWith("_")) { // engine records: not leased, last writer wins
      tx("write " + deploymentId, c -> {
        upsert(c, deploymentId, json, 0, now);
        return null;
      });
      return;
    }
    tx("write deployment " + deploymentId, c -> {
      long epoch = leases.fence(c, deploymentId, now, true);
      upsert(c, deploymentId, json, epoch, now);
      return null;
    });
  }

  @Override
  public void remove(String deploymentId) {
    tx("remove deployment " + deploymentId, c -> {
      if (!deploymentId.startsWith("_")) {
        long epoch = leases.fence(c, deploymentId, clock.millis(), false);
        if (epoch >= 0) {
          try (PreparedStatement ps = c.prepareStatement("delete from dumont_leases where deployment_id = ?")) {
            ps.setString(1, deploymentId);
            ps.executeUpdate();
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement("delete from dumont_state where deployment_id = ?")) {
        ps.setString(1, deploymentId);
        ps.executeUpdate();
      }
      return null;
    });
    leases.forget(deploymentId);
  }

  @Override
  public Map<String, Map<String, Object>> loadAll() {
    return tx("read the records", c -> {
      Map<String, Map<String, Object>> out = new LinkedHashMap<>();
      try (PreparedStatement ps = c.prepareStatement(
          "select deployment_id, record from dumont_state order by deployment_id");
           ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.put(rs.getString(1), parse(rs.getString(1), rs.getString(2)));
      }
      return out;
    });
  }

  @Override
  public Map<String, Object> load(String deploymentId) {
    return tx("read deployment " + deploymentId, c -> {
      try (PreparedStatement ps = c.prepareStatement("select record from dumont_state where deployment_id = ?")) {
        ps.setString(1, deploymentId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? parse(deploymentId, rs.getString(1)) : null;
        }
      }
    });
  }

  @Override
  public Leases leases() {
    return leases;
  }

  /**
   * Seed 001's instance records and execution log in this database ({@code dumont_instances},
   * {@code dumont_execution_log}), for {@code Dumont.builder().instanceRecords(...)}: every provider operation of
   * that client is one log row, and launches, stops, starts and terminates update the instance's record. Rows
   * older than the retention (destroyed instances, log entries) are deleted now.
   */
  public InstanceRecords instanceRecords(Duration retention) {
    return new JdbcInstanceRecords(this, Objects.requireNonNull(retention, "retention"), true);
  }

  /** Execution log rows created at or after {@code since}, oldest first, with seed 001's field names. */
  public java.util.List<Map<String, Object>> executionLog(java.time.Instant since) {
    return new JdbcInstanceRecords(this, Duration.ofDays(36_500), false).executionLogSince(since);
  }

  /** Closes the store's own pool (a data source the user gave stays open). Leases are not released here. */
  @Override
  public void close() {
    if (ownPool != null) ownPool.close();
  }

  @Override
  public String toString() {
    return "JdbcStateStore[" + description + ", owner=" + owner + "]";
  }

  private static Map<String, Object> parse(String id, String json) {
    return Json.obj(JSON.parse(json), "record " + id);
  }

  private static void upsert(Connection c, String id, String json, long epoch, long now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("insert into dumont_state (deployment_id, record, epoch, "
        + "updated_at_ms) values (?, ?, ?, ?) on conflict (deployment_id) do update set record = excluded.record, "
        + "epoch = excluded.epoch, updated_at_ms = excluded.updated_at_ms")) {
      ps.setString(1, id);
      ps.setString(2, json);
      ps.setLong(3, epoch);
      ps.setLong(4, now);
      ps.executeUpdate();
    }
  }

  // ------------------------------------------------------------------------------------------ transactions

  interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }

  /** Run one transaction (read committed); rolled back on any failure. */
  <T> T tx(String what, SqlWork<T> work) {
    try (Connection c = dataSource.getConnection()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        T out = work.run(c);
        c.commit();
        return out;
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      } finally {
        c.setAutoCommit(auto);
      }
    } catch (SQLException e) {
      if ("23505".equals(e.getSQLState()) && what.startsWith("write deployment ")) {
        String id = what.substring("write deployment ".length());
        throw new FencedWriteException(id, "deployment " + id + " was created by another replica at the same "
            + "time; it holds the lease");
      }
      throw new JdbcStoreException(this + ": could not " + what + ": " + e.getMessage()
          + " (SQL state " + e.getSQLState() + ")", e);
    }
  }

  /** A database failure of the store (the message names the store without its password and the operation). */
  public static final class JdbcStoreException extends RuntimeException {
    JdbcStoreException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Options of a {@link JdbcStateStore}. */
  public static final class Builder {
    private final DataSource dataSource;
    private final HikariDataSource ownPool;
    private final String description;
    private String owner;
    private Duration leaseTtl = DEFAULT_LEASE_TTL;
    private Clock clock = Clock.systemUTC();
    private boolean migrate = true;

    private Builder(DataSource dataSource, HikariDataSource ownPool, String description) {
      this.dataSource = dataSource;
      this.ownPool = ownPool;
      this.description = description;
    }

    /** This replica's lease owner id (default: host name, process id and random digits; unique per process). */
    public Builder owner(String owner) {
      this.owner = Objects.requireNonNull(owner, "owner");
      return this;
    }

    /** How long a lease lasts without a heartbeat (default 30 s); another replica takes over after it. */
    public Builder leaseTtl(Duration ttl) {
      if (ttl == null || ttl.isNegative() || ttl.isZero()) {
        throw new IllegalArgumentException("leaseTtl: must be positive, got " + ttl);
      }
      this.leaseTtl = ttl;
      return this;
    }

    /** The clock for record timestamps when no engine time is at hand (default: system UTC). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Whether to apply the schema migrations on build (default true). */
    public Builder migrate(boolean migrate) {
      this.migrate = migrate;
      return this;
    }

    public JdbcStateStore build() {
      try {
        return new JdbcStateStore(this);
      } catch (RuntimeException e) {
        if (ownPool != null) ownPool.close();
        throw e;
      }
    }
  }
}
