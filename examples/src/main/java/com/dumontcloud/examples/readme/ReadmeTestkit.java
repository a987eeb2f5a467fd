package com.dumontcloud.examples.readme;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.model.LaunchSpec;
import com.dumontcloud.sdk.query.OfferQueries;
import com.dumontcloud.sdk.testkit.FaultPlan;
import com.dumontcloud.sdk.testkit.SimulatedCloud;
import com.dumontcloud.sdk.testkit.VirtualScheduler;
import java.time.Duration;
import java.util.List;

/** README "Testing your code with sdk-testkit": 48 simulated hours on virtual time, then an interruption. */
public final class ReadmeTestkit {
  private ReadmeTestkit() {}

  /** Runs the README's code; returns the interrupted instance's state. */
  public static String run() {
    // README:begin
    VirtualScheduler time = VirtualScheduler.create();
    SimulatedCloud sim = SimulatedCloud.builder().scheduler(time).seed(7).interruptionsPerHour(0.5).build();
    Dumont dumont = Dumont.builder().scheduler(time).providerFactories(List.of(sim.factory())).provider("sim").build();
    // your scheduler launches instances, e.g.:
    String instanceId = dumont.instances().launch(LaunchSpec.fromTemplate("budget")
        .offer(dumont.offers().search(OfferQueries.parse("num_gpus>=1 dph<0.5")).best().orElseThrow()).build()).id();
    time.advanceBy(Duration.ofHours(48));
    sim.interrupt(instanceId);                     // or sim.failHost(hostId), sim.faults(FaultPlan.none().withErrorRate(0.1))
    // README:end
    try {
      return dumont.instances().get(instanceId).state().wireName();
    } finally {
      dumont.close();
    }
  }
}
