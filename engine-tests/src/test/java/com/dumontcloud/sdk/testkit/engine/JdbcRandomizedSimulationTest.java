package com.dumontcloud.sdk.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.store.jdbc.JdbcStateStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The randomized engine suite on the JDBC store (1 seed in the default suite, 12 simulated hours; -Ddumont.sim.jdbcSeeds=N): the same faults, crashes
 * between ticks and invariants as {@link RandomizedSimulationTest}, with every journal write going to a real
 * PostgreSQL (started in-process) through the lease-fenced store; an engine restart reuses the store, as a
 * restarted process with the same owner id would. {@code -Ddumont.sim.jdbcSeeds=N} changes the count.
 */
@Execution(ExecutionMode.CONCURRENT) // beside the other classes: see junit-platform.properties
class JdbcRandomizedSimulationTest {
  @Test
  void randomFaults_onTheJdbcStore_invariantsHold() throws Exception {
    int n = Integer.getInteger("dumont.sim.jdbcSeeds", 1);
    EmbeddedPostgres pg;
    try {
      pg = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").setServerConfig("fsync", "off").setServerConfig("full_page_writes", "off").start();
    } catch (Exception | Error e) {
      Assumptions.abort("embedded PostgreSQL (zonky) did not start here, so the JDBC randomized run is skipped: " + e);
      return;
    }
    try (pg) {
      List<RandomizedSimulationTest.Result> failed = new ArrayList<>();
      for (long seed = 1; seed <= n; seed++) {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
          st.execute("create database rnd" + seed);
        }
        // the store's clock only stamps records; leases run on the engine's (virtual) time
        try (JdbcStateStore store = JdbcStateStore.builder(pg.getDatabase("postgres", "rnd" + seed))
            .owner("rnd-" + seed).leaseTtl(Duration.ofMinutes(5)).build()) {
          RandomizedSimulationTest.Result r = RandomizedSimulationTest.run(seed, store, Duration.ofHours(12));
          System.out.printf("jdbc seed %d: %d interruptions, %d failovers, %d restarts, %d violations%n", seed,
              r.interruptions(), r.failovers(), r.restarts(), r.violations().size());
          if (!r.violations().isEmpty()) failed.add(r);
        }
      }
      for (RandomizedSimulationTest.Result r : failed) {
        System.out.println("FAILING JDBC SEED " + r.seed() + ": " + r.violations().subList(0, Math.min(5,
            r.violations().size())));
      }
      assertThat(failed).as("failing seeds on the JDBC store").isEmpty();
    }
  }
}
