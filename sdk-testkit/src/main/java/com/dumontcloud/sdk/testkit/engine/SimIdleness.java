package com.dumontcloud.sdk.testkit.engine;

import com.dumontcloud.sdk.engine.IdlenessSignal;
import com.dumontcloud.sdk.model.Instance;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** An idleness signal set by the test: utilisation per instance, else per deployment, else a default. */
public final class SimIdleness implements IdlenessSignal {
  private final Map<String, Double> byInstance = new ConcurrentHashMap<>();
  private final Map<String, Double> byDeployment = new ConcurrentHashMap<>();
  private volatile double fallback;

  private SimIdleness(double fallback) {
    this.fallback = fallback;
  }

  /** Every replica busy (utilisation 1.0) until told otherwise. */
  public static SimIdleness busy() {
    return new SimIdleness(1.0);
  }

  public SimIdleness deployment(String deploymentId, double utilisation) {
    byDeployment.put(deploymentId, utilisation);
    return this;
  }

  public SimIdleness instance(String instanceId, double utilisation) {
    byInstance.put(instanceId, utilisation);
    return this;
  }

  public SimIdleness fallback(double utilisation) {
    fallback = utilisation;
    return this;
  }

  @Override
  public double utilisation(String deploymentId, Instance instance) {
    Double u = byInstance.get(instance.id());
    if (u != null) return u;
    u = byDeployment.get(deploymentId);
    return u != null ? u : fallback;
  }
}
