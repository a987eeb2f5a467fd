package com.dumontcloud.sdk.spi;

import com.dumontcloud.sdk.model.Instance;
import java.time.Instant;
import java.util.Optional;

/**
 * GPU utilisation as the provider's own API reports it (Vast: {@code gpu_util} and memory use in the instance
 * listing). The engine's default idleness signal uses it when the provider has it, so hibernation works
 * without custom code.
 */
public interface Utilisation {
  /**
   * One observation.
   *
   * @param gpu GPU utilisation in [0,1]
   * @param memory GPU memory in use as a fraction in [0,1], or a negative value when unknown
   * @param observedAt when the provider reported it
   */
  record Usage(double gpu, double memory, Instant observedAt) {
    public Usage {
      if (!(gpu >= 0 && gpu <= 1)) throw new IllegalArgumentException("gpu utilisation must be in [0,1], got " + gpu);
    }
  }

  /** The latest utilisation of a running instance; empty when the provider has none for it (yet). */
  Optional<Usage> usage(Instance instance);
}
