package com.dumontcloud.sdk.spi;

import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.Template;

/**
 * A provider that knows whether the workload on its instances is ready (the simulated cloud does: it runs the
 * workload). The engine's default health probe asks it instead of calling the instance over HTTP, so a deployment
 * on such a provider becomes healthy with no probe configured. Answers from memory: never blocks on I/O.
 */
public interface WorkloadHealth {
  /** True when the instance runs and its workload passed its health check; false (never an exception) otherwise. */
  boolean healthy(Instance instance, Template template);
}
