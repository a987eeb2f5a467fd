package com.dumontcloud.sdk.testkit.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dumontcloud.sdk.engine.store.Leases;
import com.dumontcloud.sdk.engine.store.StateStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The {@link StateStore} contract every store passes (in memory, file journal, JDBC): subclass it, open a fresh
 * empty store in {@link #open()}, and a second view of the same durable state in {@link #reopen()} (for a
 * process-local store, the same object).
 */
public abstract class StateStoreContractTest {
  /** A fresh store with no records. Called once per test. */
  protected abstract StateStore open() throws Exception;

  /** Another process's view of the state of the store {@link #open()} returned last (after it was closed). */
  protected abstract StateStore reopen() throws Exception;

  /** True when {@link #reopen()} sees writes made before (false for the in-memory store, whose reopen is new). */
  protected boolean durable() {
    return true;
  }

  static Map<String, Object> record(int v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("spec", Map.of("id", "d", "replicas", 2, "labels", Map.of("team", "ml")));
    m.put("slots", List.of(Map.of("name", "r0", "generation", v, "phase", "HEALTHY"),
        Map.of("name", "r1", "generation", 1, "key", "d.r1.1.00c0ffee")));
    m.put("spend_total", 12.25);
    m.put("deleted", false);
    m.put("resume_at", null);
    m.put("text", "ünïcødé \"quoted\" \n newline");
    return m;
  }

  static int generation(Map<String, Object> rec) {
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> slots = (List<Map<String, Object>>) rec.get("slots");
    return ((Number) slots.get(0).get("generation")).intValue();
  }

  @Test
  void put_roundTripsNestedJsonValues() throws Exception {
    try (StateStore s = open()) {
      s.put("d", record(7));
      Map<String, Object> back = s.loadAll().get("d");
      assertEquals(7, generation(back));
      assertEquals(12.25, ((Number) back.get("spend_total")).doubleValue());
      assertEquals(false, back.get("deleted"));
      assertNull(back.get("resume_at"));
      assertEquals("ünïcødé \"quoted\" \n newline", back.get("text"));
      assertEquals(back, s.load("d"));
      assertNull(s.load("missing"));
    }
  }

  @Test
  void lastWriteWins_removeForgets_durableAcrossReopen() throws Exception {
    try (StateStore s = open()) {
      s.put("a", record(1));
      s.put("a", record(2));
      s.put("b", record(3));
      s.remove("b");
      s.remove("never-existed"); // idempotent
      assertEquals(java.util.Set.of("a"), s.loadAll().keySet());
    }
    if (!durable()) return;
    try (StateStore s = reopen()) {
      assertEquals(java.util.Set.of("a"), s.loadAll().keySet());
      assertEquals(2, generation(s.loadAll().get("a")));
    }
  }

  @Test
  void loadAll_returnsCopiesTheCallerMayChange() throws Exception {
    try (StateStore s = open()) {
      s.put("a", record(1));
      Map<String, Map<String, Object>> one = s.loadAll();
      one.get("a").put("spend_total", 99.0);
      one.clear();
      assertEquals(12.25, ((Number) s.loadAll().get("a").get("spend_total")).doubleValue());
      Map<String, Object> given = record(5);
      s.put("b", given);
      given.put("spend_total", 1.0); // a later change of the caller's map is not seen
      assertEquals(12.25, ((Number) s.load("b").get("spend_total")).doubleValue());
    }
  }

  @Test
  void engineRecords_underscoreIds_storedLikeAnyOther() throws Exception {
    try (StateStore s = open()) {
      s.put("_engine", Map.of("engine_id", "dumont-0123456789ab", "tombstones", Map.of()));
      s.put("d", record(1));
      assertEquals(java.util.Set.of("_engine", "d"), s.loadAll().keySet());
      assertEquals("dumont-0123456789ab", s.load("_engine").get("engine_id"));
    }
  }

  @Test
  void concurrentWriters_ofDifferentDeployments_allLand() throws Exception {
    try (StateStore s = open()) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          int n = t;
          fs.add(pool.submit(() -> {
            for (int i = 1; i <= 10; i++) s.put("dep-" + n, record(i));
          }));
        }
        for (Future<?> f : fs) f.get(60, TimeUnit.SECONDS);
      } finally {
        pool.shutdownNow();
      }
      Map<String, Map<String, Object>> all = s.loadAll();
      assertEquals(java.util.Set.of("dep-0", "dep-1", "dep-2", "dep-3"), all.keySet());
      all.values().forEach(r -> assertEquals(10, generation(r)));
    }
  }

  @Test
  void leases_ofAnUnsharedStore_ownEverything_andAnySharedStoreHoldsWhatItWrote() throws Exception {
    try (StateStore s = open()) {
      Leases l = s.leases();
      assertNotNull(l);
      Instant now = Instant.parse("2026-01-01T00:00:00Z");
      if (!l.shared()) {
        assertTrue(l.holds("anything", now));
        assertTrue(l.tryAcquire("anything", now));
        return;
      }
      l.refresh(now);
      s.put("mine", record(1));
      assertTrue(l.refresh(now.plusSeconds(1)).contains("mine"));
      assertTrue(l.holds("mine", now.plusSeconds(1)));
      l.releaseAll();
      assertFalse(l.holds("mine", now.plusSeconds(1)));
    }
  }
}
