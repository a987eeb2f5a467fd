package com.dumontcloud.sdk.engine;

import com.dumontcloud.sdk.model.Instance;

/**
 * How busy a replica is, in [0,1]: GPU utilisation, request rate over capacity, or anything custom.
 * The engine hibernates a replica that stays below its {@link HibernationPolicy#threshold()}.
 */
@FunctionalInterface
public interface IdlenessSignal {
  /** Utilisation in [0,1], or a negative value when unknown (never counted as idle). */
  double utilisation(String deploymentId, Instance instance);

  /**
   * GPU utilisation as the instance's provider reports it ({@link com.dumontcloud.sdk.spi.Utilisation}, e.g.
   * Vast {@code gpu_util}); unknown (never idle) for providers without it. The engine's default.
   */
  static IdlenessSignal fromProviders(com.dumontcloud.sdk.Dumont dumont) {
    return (d, i) -> {
      if (!dumont.providerIds().contains(i.providerId())) return -1;
      return dumont.provider(i.providerId()).capability(com.dumontcloud.sdk.spi.Utilisation.class)
          .flatMap(u -> u.usage(i)).map(com.dumontcloud.sdk.spi.Utilisation.Usage::gpu).orElse(-1.0);
    };
  }

  /** The first signal that knows (>= 0), else unknown. */
  static IdlenessSignal firstOf(IdlenessSignal... signals) {
    return (d, i) -> {
      for (IdlenessSignal s : signals) {
        double u = s.utilisation(d, i);
        if (u >= 0) return u;
      }
      return -1;
    };
  }

  /** Never idle (hibernation disabled in effect). */
  static IdlenessSignal alwaysBusy() {
    return (d, i) -> 1.0;
  }
}
