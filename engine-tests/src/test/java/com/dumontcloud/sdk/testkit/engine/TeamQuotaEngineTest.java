package com.dumontcloud.sdk.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.access.Principal;
import com.dumontcloud.sdk.access.Quota;
import com.dumontcloud.sdk.access.Role;
import com.dumontcloud.sdk.audit.AuditSink;
import com.dumontcloud.sdk.catalog.TemplateCatalog;
import com.dumontcloud.sdk.engine.DeploymentSpec;
import com.dumontcloud.sdk.engine.EngineEvent;
import com.dumontcloud.sdk.engine.Orchestrator;
import com.dumontcloud.sdk.engine.SpotPolicy;
import com.dumontcloud.sdk.engine.store.StateStore;
import com.dumontcloud.sdk.model.Labels;
import com.dumontcloud.sdk.testkit.BootProfile;
import com.dumontcloud.sdk.testkit.SimulatedCloud;
import com.dumontcloud.sdk.testkit.VirtualScheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Team quotas inside the engine: a deployment applied by a team member is charged to the team, its launches stop at
 * the team's concurrent-instance limit and at its monthly budget, and the engine warns when the team reaches a
 * quota's threshold.
 */
class TeamQuotaEngineTest {
  private final VirtualScheduler time = VirtualScheduler.create();
  private final SimulatedCloud sim = SimulatedCloud.builder().scheduler(time).seed(11)
      .bootProfile(BootProfile.fixed(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(3))).build();
  private final List<EngineEvent> events = new CopyOnWriteArrayList<>();
  private final Principal dana = Principal.builder("dana").team("ml").role(Role.DEVELOPER).build();

  private Orchestrator engine(Dumont d) {
    Orchestrator o = Orchestrator.builder(d).scheduler(time).stateStore(StateStore.inMemory())
        .healthProbe(SimHealthProbe.of(sim)).listener(events::add).build();
    o.start().join();
    return o;
  }

  private Dumont client(Quota q) {
    return Dumont.builder().scheduler(time).providerFactories(List.of(sim.factory())).provider("sim")
        .auditSink(AuditSink.none()).quota(q).build();
  }

  private static DeploymentSpec spec(String id, int replicas) {
    return DeploymentSpec.builder(id, TemplateCatalog.get("qwen2.5-0.5b")).replicas(replicas)
        .spotPolicy(SpotPolicy.ON_DEMAND).build();
  }

  @Test
  void concurrentInstanceLimit_stopsTheTeamsLaunchesAtTheLimit() {
    try (Dumont d = client(Quota.builder("ml").maxConcurrentInstances(2).build()); Orchestrator o = engine(d)) {
      o.apply(spec("a", 1), dana);
      o.apply(spec("b", 2), dana);
      time.advanceBy(Duration.ofMinutes(5));
      assertThat(sim.liveInstances()).as("the team's limit is 2 instances").hasSize(2);
      assertThat(sim.liveInstances()).allMatch(i -> "ml".equals(i.label(Labels.TEAM)));
      assertThat(events).anyMatch(e -> e instanceof EngineEvent.BudgetBlocked b && b.reason().contains("quota"));

      o.delete("a", dana);
      time.advanceBy(Duration.ofMinutes(5));
      assertThat(o.get("b").orElseThrow().healthyReplicas()).as("the freed place goes to b").isEqualTo(2);
      assertThat(sim.liveInstances()).hasSize(2);
    }
  }

  @Test
  void monthlyBudget_warnsAtItsThreshold_andBlocksLaunchesOnceSpent() {
    Quota q = Quota.builder("ml").maxMonthlyBudgetUsd(1.00).warnAtBudgetPercent(50).build();
    try (Dumont d = client(q); Orchestrator o = engine(d)) {
      o.apply(spec("a", 1), dana);
      time.advanceBy(Duration.ofMinutes(2));
      assertThat(sim.liveInstances()).as("one hour of a fits the budget").hasSize(1);
      for (int i = 0; i < 24 * 60 && events.stream().noneMatch(e -> e instanceof EngineEvent.BudgetWarned); i++) {
        time.advanceBy(Duration.ofMinutes(1));
      }
      assertThat(events).filteredOn(e -> e instanceof EngineEvent.BudgetWarned).first().satisfies(e -> {
        EngineEvent.BudgetWarned w = (EngineEvent.BudgetWarned) e;
        assertThat(w.scope()).isEqualTo("team:ml");
        assertThat(w.limit()).isEqualTo("monthly_budget");
        assertThat(w.used()).isGreaterThanOrEqualTo(0.5).isLessThan(0.6);
      });
      // near the cap, a second deployment of the team gets no instance: its projected spend would exceed it
      for (int i = 0; i < 24 * 60 && sim.accruedCost().doubleValue() < 0.85; i++) time.advanceBy(Duration.ofMinutes(1));
      o.apply(spec("b", 1), dana);
      time.advanceBy(Duration.ofMinutes(5));
      assertThat(sim.liveInstances()).as("nothing launched for b").hasSize(1);
      assertThat(events).anyMatch(e -> e instanceof EngineEvent.BudgetBlocked b && "b".equals(b.deploymentId())
          && b.reason().contains("max_monthly_budget_usd"));
    }
  }

  @Test
  void theLimitHoldsOverTwoEnginesOnOneAccount_eachCountsTheOthersInstancesFromItsListing() {
    try (Dumont d = client(Quota.builder("ml").maxConcurrentInstances(3).build()); Orchestrator a = engine(d);
        Orchestrator b = engine(d)) {
      assertThat(a.engineId()).isNotEqualTo(b.engineId());
      a.apply(spec("web", 2), dana);
      time.advanceBy(Duration.ofMinutes(5));
      assertThat(sim.liveInstances()).hasSize(2);
      b.apply(spec("batch", 2), dana);
      time.advanceBy(Duration.ofMinutes(5));
      assertThat(sim.liveInstances()).as("2 of the first engine + 1 of the second: the team's limit is 3").hasSize(3);
      assertThat(b.get("batch").orElseThrow().healthyReplicas()).isEqualTo(1);
      assertThat(events).anyMatch(e -> e instanceof EngineEvent.BudgetBlocked x && "batch".equals(x.deploymentId())
          && x.reason().contains("max_concurrent_instances=3"));

      a.delete("web", dana);
      time.advanceBy(Duration.ofMinutes(5));
      assertThat(b.get("batch").orElseThrow().healthyReplicas()).as("the places the other engine freed").isEqualTo(2);
      assertThat(sim.liveInstances()).hasSize(2);
    }
  }

  @Test
  void aDirectLaunchOfTheTeam_countsAgainstTheEnginesLimit() {
    try (Dumont d = client(Quota.builder("ml").maxConcurrentInstances(2).build()); Orchestrator o = engine(d)) {
      Dumont asDana = d.as(dana);
      var offer = asDana.offers().search(com.dumontcloud.sdk.query.OfferQueries.parse("num_gpus=1")).best()
          .orElseThrow();
      asDana.instances().launch(com.dumontcloud.sdk.model.LaunchSpec.fromTemplate("budget").offer(offer).build());
      time.advanceBy(Duration.ofMinutes(1));
      o.apply(spec("web", 2), dana);
      time.advanceBy(Duration.ofMinutes(5));
      assertThat(sim.liveInstances()).as("1 direct + 1 engine replica").hasSize(2);
      assertThat(o.get("web").orElseThrow().healthyReplicas()).isEqualTo(1);
    }
  }
}
