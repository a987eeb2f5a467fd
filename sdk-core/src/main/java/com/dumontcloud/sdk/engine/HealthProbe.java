package com.dumontcloud.sdk.engine;

import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.Template;
import java.time.Duration;

/** Checks whether the workload of a running instance answers. Implementations must honour a deadline. */
public interface HealthProbe {
  /** True when the workload is healthy; false (never an exception) when not or unknown. */
  boolean healthy(Instance instance, Template template);

  /** HTTP GET of the template's health path through the instance's port mapping, 200..299 = healthy. */
  static HealthProbe http(Duration deadline) {
    return new HttpHealthProbe(deadline);
  }
}
