package com.dumontcloud.sdk.model;

import java.util.Objects;

/**
 * A canonical GPU model. Obtain one from {@code GpuCatalog.resolve(name)} so that "RTX 4090", "RTX_4090"
 * and "geforcertx4090-pcie-24gb" are the same value.
 *
 * @param name canonical name, e.g. "RTX 4090"; for unknown GPUs the name as the provider gave it
 * @param vramGib memory per GPU in GiB, 0 when unknown
 * @param relativePerformance a relative throughput figure (RTX 4090 = 1.0), 0 when unknown
 * @param known false when the catalog did not recognise the name (passed through, flagged)
 */
public record GpuModel(String name, double vramGib, double relativePerformance, boolean known) {
  /** A CPU-only machine. */
  public static final GpuModel NONE = new GpuModel("CPU", 0, 0, true);

  public GpuModel {
    Objects.requireNonNull(name, "name");
    name = name.trim();
  }

  public static GpuModel unknown(String rawName) {
    return new GpuModel(rawName == null ? "unknown" : rawName, 0, 0, false);
  }

  public boolean isCpuOnly() {
    return this == NONE || "CPU".equals(name);
  }
}
