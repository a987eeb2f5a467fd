package com.dumontcloud.sdk.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.audit.AuditSink;
import com.dumontcloud.sdk.engine.Orchestrator;
import com.dumontcloud.sdk.engine.SpotPolicy;
import com.dumontcloud.sdk.engine.store.StateStore;
import com.dumontcloud.sdk.exception.CapacityUnavailableException;
import com.dumontcloud.sdk.exception.ProviderErrorDetails;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.testkit.BootProfile;
import com.dumontcloud.sdk.testkit.SimulatedCloud;
import com.dumontcloud.sdk.testkit.VirtualScheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine on a journal cut inside its last record (a crash mid-write), restarted twice with new records in
 * between: every deployment replays, none is lost, and nothing is launched twice. Cuts: every byte of the
 * record's first and last 64 bytes (where the JSON is cut near a boundary, or complete without its newline) and
 * every 16th byte between (all alike to the parser; {@code FileJournalStateStoreTest} cuts the store at every
 * byte). Launches are
 * refused during the restarts (a definite refusal), so any attempt to rent again is counted, and the simulated
 * account stays the same for every cut.
 */
class JournalCutRestartTest {
  @TempDir Path dir;

  @Test
  void journalCutAtEveryByteOfItsLastRecord_twoRestarts_everyDeploymentReplaysAndNothingLaunchesTwice() throws Exception {
    VirtualScheduler time = VirtualScheduler.create();
    SimulatedCloud cloud = SimulatedCloud.builder().scheduler(time).seed(9)
        .bootProfile(BootProfile.fixed(Rig.PROVISION, Rig.BOOT, Rig.LOAD)).build();
    ListingGapProvider[] gap = new ListingGapProvider[1];
    AtomicInteger launches = new AtomicInteger();
    try (Dumont dumont = Dumont.builder().provider("sim").scheduler(time)
        .providerFactories(List.of(ListingGapProvider.factory(cloud.factory(), gap))).auditSink(AuditSink.none())
        .build()) {
      Path journal = dir.resolve("journal.jsonl");
      StateStore store = StateStore.fileJournal(journal);
      Orchestrator first = Orchestrator.builder(dumont).scheduler(time).stateStore(store)
          .healthProbe(SimHealthProbe.of(cloud)).build();
      first.start();
      first.apply(Rig.spec("alpha").spotPolicy(SpotPolicy.ON_DEMAND).build());
      first.apply(Rig.spec("beta").replicas(2).spotPolicy(SpotPolicy.ON_DEMAND).build());
      time.advanceBy(Duration.ofMinutes(2));
      assertThat(first.list()).allMatch(d -> d.phase().equals("healthy"));
      first.close();
      store.close();
      Set<String> rented = cloud.liveInstances().stream().map(Instance::id).collect(Collectors.toSet());
      assertThat(rented).hasSize(3);

      gap[0].beforeLaunch(r -> {
        launches.incrementAndGet();
        throw new CapacityUnavailableException(ProviderErrorDetails.of("sim", "launch", "refused by the test"));
      });
      byte[] bytes = Files.readAllBytes(journal);
      int end = bytes.length - 1; // the final '\n'
      int start = end;
      while (start > 0 && bytes[start - 1] != '\n') start--;
      int cuts = 0;
      for (int cut = start; cut <= end; cut += (cut - start < 64 || end - cut <= 64) ? 1 : 16) {
        Path copy = dir.resolve("cut.jsonl");
        Files.write(copy, Arrays.copyOf(bytes, cut));
        for (int restart = 0; restart < 2; restart++) {
          StateStore s = StateStore.fileJournal(copy);
          Orchestrator o = Orchestrator.builder(dumont).scheduler(time).stateStore(s)
              .healthProbe(SimHealthProbe.of(cloud)).build();
          o.start();
          o.reconcileNow();
          Map<String, String> phases = o.list().stream()
              .collect(Collectors.toMap(d -> d.id(), d -> d.phase()));
          assertThat(phases).as("cut at %d, restart %d", cut, restart).containsOnlyKeys("alpha", "beta");
          Set<String> held = o.list().stream().flatMap(d -> d.slots().stream()).map(x -> x.instanceId())
              .filter(java.util.Objects::nonNull).collect(Collectors.toSet());
          assertThat(held).as("cut at %d, restart %d", cut, restart).isEqualTo(rented);
          o.apply(o.get("beta").orElseThrow().spec()); // a new record before the next restart
          o.close();
          s.close();
        }
        cuts++;
      }
      assertThat(cuts).isGreaterThan(100);
      assertThat(launches.get()).as("launch attempts after the cut").isZero();
      assertThat(cloud.liveInstances()).extracting(Instance::id).containsExactlyInAnyOrderElementsOf(rented);
    }
  }
}
