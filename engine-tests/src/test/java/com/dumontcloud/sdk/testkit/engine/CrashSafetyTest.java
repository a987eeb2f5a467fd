package com.dumontcloud.sdk.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.engine.FailoverPolicy;
import com.dumontcloud.sdk.engine.FailoverStrategy;
import com.dumontcloud.sdk.engine.SpotPolicy;
import com.dumontcloud.sdk.engine.store.StateStore;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.testkit.FaultPlan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Kill the orchestrator at each step of a launch and of a failover; a new one on the same journal repairs it. */
class CrashSafetyTest {
  @TempDir Path dir;

  enum Point { JOURNAL_WRITTEN, CALL_SENT, RESPONSE_RECEIVED, OUTCOME_JOURNALLED }

  @SuppressWarnings("unchecked")
  static Predicate<Map<String, Object>> slotR0(Predicate<Map<String, Object>> p) {
    return rec -> ((List<Object>) rec.get("slots")).stream().map(o -> (Map<String, Object>) o)
        .anyMatch(s -> "r0".equals(s.get("name")) && p.test(s));
  }

  @ParameterizedTest(name = "{0} during {1}")
  @CsvSource({"JOURNAL_WRITTEN,launch", "CALL_SENT,launch", "RESPONSE_RECEIVED,launch", "OUTCOME_JOURNALLED,launch",
      "JOURNAL_WRITTEN,failover", "CALL_SENT,failover", "RESPONSE_RECEIVED,failover", "OUTCOME_JOURNALLED,failover"})
  void crash_thenRestartOnSameJournal_exactlyTheDesiredInstances(Point point, String during) {
    Path journal = dir.resolve("engine.jsonl");
    StateStore file = StateStore.fileJournal(journal);
    CrashingStateStore crashing = CrashingStateStore.over(file);
    Rig rig = new Rig(7, crashing);
    rig.start();
    rig.engine.apply(Rig.spec("svc").spotPolicy(SpotPolicy.SPOT)
        .failover(FailoverPolicy.defaults().withStrategies(FailoverStrategy.COLD)).build());
    if (during.equals("failover")) {
      assertThat(rig.until(r -> r.healthy("svc"), Duration.ofMinutes(5))).isTrue();
    }
    java.util.Set<String> keysBefore = new java.util.HashSet<>();
    rig.cloud.liveInstances().forEach(i -> keysBefore.add(i.label(com.dumontcloud.sdk.model.Labels.KEY)));
    boolean failover = during.equals("failover");
    Predicate<Map<String, Object>> launching = slotR0(s -> "LAUNCHING".equals(s.get("phase"))
        && (!failover || s.get("failover") != null));
    Predicate<Map<String, Object>> adopted = slotR0(s -> s.get("instance") != null && "BOOTING".equals(s.get("phase"))
        && (!failover || s.get("failover") != null));
    switch (point) {
      case JOURNAL_WRITTEN -> crashing.crashOn(launching, true);
      case CALL_SENT -> {
        rig.cloud.faults(FaultPlan.none().withAmbiguousLaunches(1));
        // the first write after a new instance exists (whatever else the same tick terminated)
        crashing.crashOn(r -> rig.cloud.liveInstances().stream()
            .anyMatch(i -> !keysBefore.contains(i.label(com.dumontcloud.sdk.model.Labels.KEY))), false);
      }
      case RESPONSE_RECEIVED -> crashing.crashOn(adopted, false);
      case OUTCOME_JOURNALLED -> crashing.crashOn(adopted, true);
    }
    if (failover) rig.cloud.interrupt(rig.instanceOf("svc", "r0"));
    boolean crashed = false;
    for (int i = 0; i < 120 && !crashed; i++) {
      try {
        rig.advance(Duration.ofSeconds(1));
      } catch (CrashingStateStore.SimulatedCrash e) {
        crashed = true;
      }
    }
    assertThat(crashed).as("crash point reached").isTrue();
    rig.crash();
    file.close();

    rig.store = StateStore.fileJournal(journal); // a new process reads the journal
    rig.cloud.faults(FaultPlan.none());
    rig.start();
    assertThat(rig.until(r -> r.healthy("svc"), Duration.ofMinutes(5))).isTrue();
    rig.advance(Duration.ofSeconds(30));

    List<Instance> active = rig.cloud.liveInstances().stream().filter(i -> i.state().isActive()).toList();
    assertThat(active).hasSize(1);
    assertThat(active.get(0).id()).isEqualTo(rig.instanceOf("svc", "r0"));
    assertThat(Invariants.noDuplicates(rig.cloud, "test")).isEmpty();
    assertThat(Invariants.noLeaks(rig.cloud, "test", rig.engine.list())).isEmpty();
    rig.store.close();
  }
}
