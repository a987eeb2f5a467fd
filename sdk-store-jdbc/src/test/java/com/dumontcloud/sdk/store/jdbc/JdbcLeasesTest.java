package com.dumontcloud.sdk.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.engine.store.FencedWriteException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Leases and fencing on a real PostgreSQL: epochs, expiry after the TTL, rebalance, SKIP LOCKED takers. */
class JdbcLeasesTest {
  static final Duration TTL = Duration.ofSeconds(30);
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static JdbcStateStore store(DataSource db, String owner) {
    return JdbcStateStore.builder(db).owner(owner).leaseTtl(TTL).build();
  }

  @Test
  void newDeployment_belongsToItsWriter_anotherReplicaIsFenced() {
    DataSource db = EmbeddedPostgresSupport.freshDatabase();
    try (JdbcStateStore a = store(db, "a"); JdbcStateStore b = store(db, "b")) {
      a.leases().refresh(T0);
      a.put("d1", Map.of("v", 1));
      assertThat(a.leases().holds("d1", T0)).isTrue();
      b.leases().refresh(T0);
      assertThat(b.leases().holds("d1", T0)).isFalse();
      assertThatThrownBy(() -> b.put("d1", Map.of("v", 2))).isInstanceOf(FencedWriteException.class)
          .hasMessageContaining("held by a");
      assertThatThrownBy(() -> b.remove("d1")).isInstanceOf(FencedWriteException.class);
      assertThat(((Number) b.load("d1").get("v")).intValue()).isEqualTo(1);
      assertThat(b.leases().tryAcquire("d1", T0)).isFalse();
    }
  }

  @Test
  void pausedPastItsLease_replicaLosesIt_andItsIntentIsRefused() {
    DataSource db = EmbeddedPostgresSupport.freshDatabase();
    try (JdbcStateStore a = store(db, "a"); JdbcStateStore b = store(db, "b")) {
      a.leases().refresh(T0);
      a.put("d1", Map.of("v", 1));
      b.leases().refresh(T0);
      // a is frozen: no heartbeat for longer than the TTL
      Instant later = T0.plus(TTL).plusSeconds(1);
      assertThat(a.leases().holds("d1", later)).as("its own clock says the lease is gone").isFalse();
      assertThat(b.leases().refresh(later)).containsExactly("d1");
      b.put("d1", Map.of("v", 2));
      // a resumes and, before any heartbeat, tries to journal an intent: fenced by the epoch
      assertThatThrownBy(() -> a.put("d1", Map.of("v", 3))).isInstanceOf(FencedWriteException.class)
          .hasMessageContaining("epoch 1").hasMessageContaining("held by b at epoch 2");
      assertThat(((Number) a.load("d1").get("v")).intValue()).isEqualTo(2);
      assertThat(a.leases().refresh(later)).isEmpty();
    }
  }

  @Test
  void joiningReplica_getsAFairShare_leavingReplicasLeasesAreTakenAfterTheTtl() {
    DataSource db = EmbeddedPostgresSupport.freshDatabase();
    try (JdbcStateStore a = store(db, "a"); JdbcStateStore b = store(db, "b"); JdbcStateStore c = store(db, "c")) {
      a.leases().refresh(T0);
      for (int i = 0; i < 6; i++) a.put("d" + i, Map.of("v", i));
      b.leases().refresh(T0);
      c.leases().refresh(T0);
      Instant t = T0.plusSeconds(10);
      assertThat(a.leases().refresh(t)).hasSize(2); // 6 deployments, 3 live replicas: a gives 4 back
      Set<String> sb = b.leases().refresh(t);
      Set<String> sc = c.leases().refresh(t);
      assertThat(sb).hasSize(2);
      assertThat(sc).hasSize(2);
      Set<String> all = new HashSet<>(a.leases().refresh(t));
      all.addAll(sb);
      all.addAll(sc);
      assertThat(all).hasSize(6);
      // c leaves without a word (killed): after the TTL a and b share its two
      Instant mid = t.plusSeconds(20);
      assertThat(a.leases().refresh(mid)).hasSize(2);
      assertThat(b.leases().refresh(mid)).hasSize(2);
      Instant after = t.plus(TTL).plusSeconds(1);
      Set<String> na = a.leases().refresh(after);
      Set<String> nb = b.leases().refresh(after);
      assertThat(na.size() + nb.size()).isEqualTo(6);
      assertThat(na).doesNotContainAnyElementsOf(nb);
      // b leaves cleanly: a takes over at once
      b.leases().releaseAll();
      assertThat(a.leases().refresh(after.plusSeconds(10))).hasSize(6);
    }
  }

  @Test
  void concurrentTakers_skipLockedRows_neverShareALease() throws Exception {
    DataSource db = EmbeddedPostgresSupport.freshDatabase();
    try (JdbcStateStore seed = store(db, "seed")) {
      seed.leases().refresh(T0);
      for (int i = 0; i < 40; i++) seed.put(String.format("d%02d", i), Map.of("v", i));
      seed.leases().releaseAll();
    }
    int n = 5;
    List<JdbcStateStore> stores = new ArrayList<>();
    for (int i = 0; i < n; i++) stores.add(store(db, "r" + i));
    for (JdbcStateStore s : stores) s.leases().refresh(T0.minusSeconds(1)); // all five are live replicas
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CyclicBarrier go = new CyclicBarrier(n);
      List<Future<Set<String>>> got = new ArrayList<>();
      for (JdbcStateStore s : stores) {
        got.add(pool.submit(() -> {
          go.await();
          return s.leases().refresh(T0);
        }));
      }
      Set<String> union = new HashSet<>();
      int sum = 0;
      for (Future<Set<String>> f : got) {
        Set<String> mine = f.get(60, TimeUnit.SECONDS);
        assertThat(mine.size()).isLessThanOrEqualTo(8);
        sum += mine.size();
        union.addAll(mine);
      }
      assertThat(union).hasSize(sum);
    } finally {
      pool.shutdownNow();
      stores.forEach(JdbcStateStore::close);
    }
  }

  @Test
  void urlPath_keepsThePasswordOutOfToStringAndMessages() {
    StoreUrl u = StoreUrl.parse("jdbc:postgresql://127.0.0.1:5432/db?user=bob&password=s3cr%26t&ssl=false", null,
        null);
    assertThat(u.urlWithoutSecrets()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/db?ssl=false");
    assertThat(u.user()).isEqualTo("bob");
    assertThat(u.password()).isEqualTo("s3cr&t");
    assertThat(u.toString()).doesNotContain("s3cr");
    assertThatThrownBy(() -> StoreUrl.parse("postgres://bob:hunter2@h/db", null, null))
        .hasMessageNotContaining("hunter2").hasMessageContaining("DUMONT_STORE_URL");
    assertThatThrownBy(() -> JdbcStateStore.parseTtl("ten")).hasMessageContaining("DUMONT_STORE_LEASE_TTL")
        .hasMessageContaining("'ten'");
  }

  @Test
  void fromEnvironment_buildsAPooledStore() {
    DataSource db = EmbeddedPostgresSupport.freshDatabase();
    String url = ((org.postgresql.ds.PGSimpleDataSource) db).getUrl();
    assertThat(JdbcStateStore.fromEnvironment(Map.of())).isEmpty();
    try (JdbcStateStore s = JdbcStateStore.fromEnvironment(Map.of("DUMONT_STORE_URL",
        url + (url.contains("?") ? "&" : "?") + "user=postgres&password=topsecret",
        "DUMONT_STORE_LEASE_TTL", "45")).orElseThrow().build()) {
      assertThat(s.leaseTtl()).isEqualTo(Duration.ofSeconds(45));
      s.put("x", Map.of("v", 1));
      assertThat(s.loadAll()).containsKey("x");
      assertThat(s.toString()).doesNotContain("topsecret");
    }
  }
}
