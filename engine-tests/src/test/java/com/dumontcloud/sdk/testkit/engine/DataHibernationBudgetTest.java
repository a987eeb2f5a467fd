package com.dumontcloud.sdk.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.engine.Budget;
import com.dumontcloud.sdk.engine.DeploymentSpec;
import com.dumontcloud.sdk.engine.EngineEvent;
import com.dumontcloud.sdk.engine.FailoverPolicy;
import com.dumontcloud.sdk.engine.FailoverStrategy;
import com.dumontcloud.sdk.engine.HibernationPolicy;
import com.dumontcloud.sdk.engine.SpotPolicy;
import com.dumontcloud.sdk.model.InstanceState;
import com.dumontcloud.sdk.testkit.FaultPlan;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DataHibernationBudgetTest {
  static final Duration TICK = Duration.ofSeconds(5);

  @Test
  void checkpoint_failoverRestoresLastCompletedVersion_neverReadsFailedInstance() {
    Rig rig = new Rig();
    rig.start();
    rig.engine.apply(Rig.spec("svc").spotPolicy(SpotPolicy.SPOT).checkpointInterval(Duration.ofMinutes(1))
        .failover(FailoverPolicy.defaults().withStrategies(FailoverStrategy.COLD)).build());
    rig.until(r -> r.healthy("svc"), Duration.ofMinutes(5));
    rig.advance(Duration.ofMinutes(10).plusSeconds(17));
    long lastBefore = rig.data.versions("svc").size();
    assertThat(lastBefore).isGreaterThanOrEqualTo(9);
    rig.cloud.interrupt(rig.instanceOf("svc", "r0"));
    rig.until(r -> !r.events(EngineEvent.FailoverCompleted.class).isEmpty(), Duration.ofMinutes(5));
    EngineEvent.FailoverCompleted fc = rig.events(EngineEvent.FailoverCompleted.class).get(0);
    assertThat(fc.restoredVersion()).isEqualTo(lastBefore);
    assertThat(rig.data.restoredVersion(fc.newInstanceId())).isEqualTo(lastBefore);
    assertThat(fc.rpo()).isLessThanOrEqualTo(Duration.ofMinutes(1).plus(TICK));
    assertThat(rig.data.checkpointRefusals()).isZero();
    System.out.printf("restore: version=%d rpo=%s%n", fc.restoredVersion(), fc.rpo());
  }

  @Test
  void job_finishesAfterSeveralInterruptions_redoingAtMostOneIntervalEach() {
    Rig rig = new Rig();
    Duration interval = Duration.ofMinutes(10);
    rig.data.job("train", Duration.ofHours(2));
    rig.start();
    rig.engine.apply(Rig.spec("train").kind(DeploymentSpec.Kind.JOB).spotPolicy(SpotPolicy.SPOT)
        .checkpointInterval(interval).failover(FailoverPolicy.defaults().withStrategies(FailoverStrategy.COLD)).build());
    int interruptions = 0;
    for (int i = 0; i < 4; i++) {
      rig.advance(Duration.ofMinutes(23 + 7 * i));
      String id = rig.instanceOf("train", "r0");
      if (id != null) {
        rig.cloud.interrupt(id);
        interruptions++;
      }
    }
    assertThat(rig.until(r -> !r.events(EngineEvent.JobCompleted.class).isEmpty(), Duration.ofHours(4))).isTrue();
    double redone = rig.data.computedWork("train") - Duration.ofHours(2).toSeconds();
    System.out.printf("job: interruptions=%d redone=%.0fs (bound %d s)%n", interruptions, redone,
        interruptions * (interval.toSeconds() + TICK.toSeconds()));
    assertThat(interruptions).isGreaterThanOrEqualTo(3);
    assertThat(redone).isLessThanOrEqualTo(interruptions * (interval.toSeconds() + TICK.toSeconds()));
    assertThat(rig.cloud.liveInstances()).noneMatch(i -> i.state().isActive());
  }

  @Test
  void hibernation_idleReplicaStoppedAfterPeriod_thenResumes() {
    Rig rig = new Rig();
    rig.start();
    rig.engine.apply(Rig.spec("svc").replicas(2).spotPolicy(SpotPolicy.SPOT).hibernation(HibernationPolicy.defaults())
        .build());
    rig.until(r -> r.healthy("svc"), Duration.ofMinutes(5));
    String idleOne = rig.instanceOf("svc", "r1");
    rig.idle.instance(idleOne, 0.02);
    rig.advance(Duration.ofMinutes(2));
    assertThat(rig.events(EngineEvent.Hibernated.class)).isEmpty();
    rig.advance(Duration.ofMinutes(1).plus(TICK.multipliedBy(2))); // one more tick: the checkpoint comes first
    assertThat(rig.events(EngineEvent.CheckpointCompleted.class)).anySatisfy(c -> {
      assertThat(c.instanceId()).isEqualTo(idleOne);
      assertThat(c.reason()).isEqualTo("before hibernation");
    });
    EngineEvent.Hibernated h = rig.events(EngineEvent.Hibernated.class).get(0);
    assertThat(h.instanceId()).isEqualTo(idleOne);
    assertThat(h.idleFor()).isGreaterThanOrEqualTo(Duration.ofMinutes(3));
    rig.advance(Duration.ofSeconds(10));
    assertThat(rig.dumont.provider("sim").get(idleOne).state()).isEqualTo(InstanceState.STOPPED);
    assertThat(rig.dumont.provider("sim").get(rig.instanceOf("svc", "r0")).state()).isEqualTo(InstanceState.RUNNING);
    rig.idle.instance(idleOne, 0.9);
    rig.engine.resume("svc");
    assertThat(rig.until(r -> !r.events(EngineEvent.Resumed.class).isEmpty(), Duration.ofMinutes(2))).isTrue();
    assertThat(rig.healthy("svc")).isTrue();
    assertThat(rig.instanceOf("svc", "r1")).isEqualTo(idleOne);
  }

  @Test
  void budget_pricePerHourCap_refusesLaunchAndReports() {
    Rig rig = new Rig();
    rig.start();
    rig.engine.apply(Rig.spec("svc").spotPolicy(SpotPolicy.SPOT).budget(Budget.perHour(0.05)).build());
    rig.advance(Duration.ofMinutes(2));
    assertThat(rig.events(EngineEvent.BudgetBlocked.class)).isNotEmpty();
    assertThat(rig.cloud.liveInstances()).isEmpty();
  }

  @Test
  void budget_spendCapHoldsUnderLoad_lowerPriorityShedFirst() {
    Rig rig = new Rig();
    rig.customizer = b -> b.labelBudget("team", "ml", new Budget(null, com.dumontcloud.sdk.model.Money.usd(3.0),
        Duration.ofDays(2), 0.8));
    rig.start();
    rig.engine.apply(Rig.spec("important").replicas(3).priority(10).spotPolicy(SpotPolicy.ON_DEMAND).label("team", "ml")
        .build());
    rig.engine.apply(Rig.spec("batch").replicas(3).priority(1).spotPolicy(SpotPolicy.ON_DEMAND).label("team", "ml")
        .build());
    double max = 0;
    for (int i = 0; i < 24 * 12; i++) {
      rig.advance(Duration.ofMinutes(5));
      max = Math.max(max, rig.cloud.accruedCost().doubleValue());
      assertThat(rig.cloud.accruedCost().doubleValue()).isLessThanOrEqualTo(3.0);
    }
    System.out.printf("budget: spent %.4f of 3.00%n", rig.cloud.accruedCost().doubleValue());
    assertThat(rig.events(EngineEvent.BudgetWarned.class)).isNotEmpty();
    EngineEvent.BudgetBlocked first = rig.events(EngineEvent.BudgetBlocked.class).stream()
        .filter(b -> b.reason().contains("spend cap")).findFirst().orElseThrow();
    assertThat(first.deploymentId()).isEqualTo("batch");
    assertThat(rig.engine.costReport().byLabel().get("team=ml")).isLessThanOrEqualTo(3.0);
  }

  @Test
  void auto_fallsBackToOnDemandWhileSpotIsOut_andReturnsToSpot() {
    Rig rig = new Rig();
    rig.customizer = b -> b.spotRecheck(Duration.ofMinutes(2));
    rig.cloud.faults(FaultPlan.none().withStockouts(Set.of("spot")));
    rig.start();
    rig.engine.apply(Rig.spec("svc").spotPolicy(SpotPolicy.AUTO).build());
    rig.until(r -> r.healthy("svc"), Duration.ofMinutes(5));
    String od = rig.instanceOf("svc", "r0");
    assertThat(rig.dumont.provider("sim").get(od).pricingModel()).isEqualTo(com.dumontcloud.sdk.model.PricingModel.ON_DEMAND);
    rig.cloud.faults(FaultPlan.none());
    rig.advance(Duration.ofMinutes(4));
    rig.until(r -> r.healthy("svc"), Duration.ofMinutes(5));
    String spot = rig.instanceOf("svc", "r0");
    assertThat(spot).isNotEqualTo(od);
    assertThat(rig.dumont.provider("sim").get(spot).pricingModel()).isEqualTo(com.dumontcloud.sdk.model.PricingModel.SPOT);
    rig.advance(Duration.ofSeconds(10));
    assertThat(rig.dumont.provider("sim").get(od).state()).isEqualTo(InstanceState.TERMINATED);
    assertThat(rig.events(EngineEvent.CapacitySwitched.class)).extracting(EngineEvent.CapacitySwitched::toPricing)
        .contains("spot");
  }

  @Test
  void ownership_foreignAndUnlaunchedInstancesNeverTouched() {
    Rig rig = new Rig();
    var offer = rig.dumont.offers().search(com.dumontcloud.sdk.model.OfferQuery.all()).offers().get(0);
    var foreign = rig.dumont.instances().launch(com.dumontcloud.sdk.model.LaunchSpec.fromTemplate(Rig.qwen()).offer(offer)
        .label(com.dumontcloud.sdk.model.Labels.DEPLOYMENT, "svc").label(com.dumontcloud.sdk.model.Labels.OWNER, "someone-else")
        .build());
    // carries this engine's owner label, but its journal never launched it: not this engine's to terminate
    var unlaunched = rig.dumont.instances().launch(com.dumontcloud.sdk.model.LaunchSpec.fromTemplate(Rig.qwen()).offer(offer)
        .label(com.dumontcloud.sdk.model.Labels.DEPLOYMENT, "gone").label(com.dumontcloud.sdk.model.Labels.OWNER, "test")
        .build());
    rig.start();
    rig.engine.apply(Rig.spec("svc").spotPolicy(SpotPolicy.SPOT).build());
    rig.until(r -> r.healthy("svc"), Duration.ofMinutes(5));
    assertThat(rig.dumont.provider("sim").get(foreign.id()).state()).isNotEqualTo(InstanceState.TERMINATED);
    assertThat(rig.dumont.provider("sim").get(unlaunched.id()).state()).isNotEqualTo(InstanceState.TERMINATED);
    rig.engine.delete("svc");
    rig.advance(Duration.ofSeconds(10));
    assertThat(rig.engine.list()).isEmpty();
    assertThat(rig.cloud.liveInstances()).extracting(com.dumontcloud.sdk.model.Instance::id)
        .containsExactlyInAnyOrder(foreign.id(), unlaunched.id());
  }
}
