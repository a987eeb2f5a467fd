package com.dumontcloud.sdk.advisor;

import java.util.Locale;

/** Where a tier's throughput figure comes from ({@link TierChoice#throughputKind()}). */
public enum ThroughputKind {
  /** Given by the caller ({@code --throughput GPU=TOKENS_PER_S}, {@link Workload.Builder#putThroughput}). */
  MEASURED,
  /** The advisor's memory-bandwidth roofline ({@link MemoryBandwidth}), used when no measured figure is given. */
  ESTIMATE;

  /** {@code measured} or {@code estimate}, the JSON field {@code throughput_kind}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
