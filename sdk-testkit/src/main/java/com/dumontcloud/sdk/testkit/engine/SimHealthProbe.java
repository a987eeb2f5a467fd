package com.dumontcloud.sdk.testkit.engine;

import com.dumontcloud.sdk.engine.HealthProbe;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.testkit.SimulatedCloud;

/** Health probe of simulated workloads: healthy when the instance runs, its model loaded and it is not broken. */
public final class SimHealthProbe implements HealthProbe {
  private final SimulatedCloud cloud;

  private SimHealthProbe(SimulatedCloud cloud) {
    this.cloud = cloud;
  }

  public static SimHealthProbe of(SimulatedCloud cloud) {
    return new SimHealthProbe(cloud);
  }

  @Override
  public boolean healthy(Instance instance, Template template) {
    return cloud.workloadHealthy(instance.id());
  }

  /** In memory: probed inline, deterministic on virtual time. */
  @Override
  public boolean blocking() {
    return false;
  }
}
