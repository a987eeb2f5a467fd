package com.dumontcloud.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Each simulation benchmark's main logic at a tiny size, so the classes cannot rot between runs; this measures
 * nothing (the figures of a tiny run mean nothing), it checks that a run completes and reports what it should.
 */
class SimulationBenchmarksSmokeTest {

  @Test
  void massInterruptionRecoversEveryDeploymentOnceWithinTheRateLimitsBound() {
    MassInterruption.Result r = MassInterruption.run(4, Duration.ofMillis(4500));

    assertThat(r.violations()).isEmpty();
    assertThat(r.duplicateLaunches()).isZero();
    assertThat(r.launchesAfter()).isEqualTo(4);
    // the limit let one create through at once, then one per 4.5 s: the last launch waited for its token
    assertThat(r.refused().getOrDefault("launch", 0L)).isPositive();
    assertThat(r.calls().get("launch")).isEqualTo(4 + r.refused().get("launch"));
    assertThat(r.allDetected()).isLessThanOrEqualTo(Duration.ofSeconds(10));
    assertThat(r.allHealthy()).isGreaterThanOrEqualTo(r.bound());
    assertThat(print(r::print)).contains("healthy again / bound", "launch");
  }

  @Test
  void simulationSpeedRunsBothSidesOverTheSameSimulatedTime() {
    SimulationSpeed.Result r = SimulationSpeed.run(8, 0.25, 4.0);

    assertThat(r.engine().simulatedHours()).isEqualTo(0.25);
    assertThat(r.baseline().simulatedHours()).isEqualTo(0.25);
    assertThat(r.engine().interruptions()).isPositive(); // 8 instances × 4/h × 0.25 h: about 8 expected
    assertThat(r.baseline().interruptions()).isPositive();
    assertThat(print(r::print)).contains("sim h / wall s", "engine speed / baseline speed");
  }

  @Test
  void routerLatencyMeasuresBothVariants() throws Exception {
    RouterLatency.Result r = RouterLatency.run(20, 5);

    assertThat(r.raw()).hasSize(20);
    assertThat(r.raw()[0]).isPositive();
    assertThat(r.router()).hasSize(20);
    assertThat(r.router()[0]).isPositive(); // sorted: the smallest
    assertThat(print(r::print)).contains("added by the router");
  }

  @Test
  void engineTickRatioMeasuresASteadyFleetAndHandsItsFiguresToAParentRun() {
    EngineTickRatio.Result r = EngineTickRatio.measure(30, 2, 0);

    assertThat(r.ratios()).hasSize(2);
    assertThat(r.median()).isPositive();
    assertThat(r.tickMs()).isPositive();
    assertThat(r.line()).contains("30 deployments", "tick / listing median", "engine work");
    double[] back = EngineTickRatio.parse(r.record()); // what a parent run with --forks reads from the child JVM
    assertThat(back).hasSize(10);
    assertThat(back[EngineTickRatio.LIVE_BYTES]).isPositive(); // live heap per deployment
    assertThat(back[EngineTickRatio.RATIO]).isCloseTo(r.median(), org.assertj.core.data.Offset.offset(1e-5));
    assertThat(back[EngineTickRatio.TICK_MS]).isCloseTo(r.tickMs(), org.assertj.core.data.Offset.offset(1e-5));
    EngineTickRatio.Result cold = EngineTickRatio.measure(30, 1, 0, true); // each call after emptying the caches
    assertThat(cold.median()).isPositive();
    // over JVMs the median of an even count is the mean of the middle two (two JVMs: not the smaller one)
    assertThat(EngineTickRatio.mid(new double[] {2.0, 1.0})).isEqualTo(1.5);
    assertThat(EngineTickRatio.mid(new double[] {3.0, 1.0, 2.0})).isEqualTo(2.0);
  }

  private static String print(java.util.function.Consumer<PrintStream> p) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    p.accept(new PrintStream(b, true, StandardCharsets.UTF_8));
    return b.toString(StandardCharsets.UTF_8);
  }
}
