package com.dumontcloud.sdk.engine;

/** A way to replace a lost replica, tried in the order the {@link FailoverPolicy} lists them. */
public enum FailoverStrategy {
  /** Start a pre-provisioned GPU instance on a different host (and preferably region). */
  WARM_POOL,
  /** Serve degraded from a cheap CPU instance until a GPU is back. */
  CPU_STANDBY,
  /** Rent the cheapest fresh offer, away from the interrupted location. */
  COLD
}
