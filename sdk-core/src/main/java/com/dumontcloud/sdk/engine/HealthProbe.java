package com.dumontcloud.sdk.engine;

import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.Template;
import java.time.Duration;

/** Checks whether the workload of a running instance answers. Implementations must honour a deadline. */
public interface HealthProbe {
  /** True when the workload is healthy; false (never an exception) when not or unknown. */
  boolean healthy(Instance instance, Template template);

  /**
   * True when a check may block on I/O (default). The engine then probes every running instance of a tick in
   * parallel on its own bounded pool, so one slow workload never delays the others; in-memory probes return
   * false and run inline (deterministic on virtual time).
   */
  default boolean blocking() {
    return true;
  }

  /**
   * The engine's default: a provider's own {@link com.dumontcloud.sdk.spi.WorkloadHealth} where it has one (the
   * simulated cloud {@code sim}), else {@link #http(Duration)} with a 3 s deadline.
   */
  static HealthProbe defaults(com.dumontcloud.sdk.Dumont dumont) {
    return new ProviderHealthProbe(dumont, http(Duration.ofSeconds(3)));
  }

  /** HTTP GET of the template's health path through the instance's port mapping, 200..299 = healthy. */
  static HealthProbe http(Duration deadline) {
    return new HttpHealthProbe(deadline);
  }
}
