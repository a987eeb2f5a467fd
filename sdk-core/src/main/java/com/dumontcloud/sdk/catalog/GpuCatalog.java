package com.dumontcloud.sdk.catalog;

import com.dumontcloud.sdk.model.GpuModel;

/**
 * Canonical GPU models with VRAM and relative performance, and the aliases used by Vast, TensorDock, GCP
 * and NVIDIA. STUB: to be completed.
 */
public final class GpuCatalog {
  private GpuCatalog() {}

  /** The canonical model for any provider's name; unknown names pass through, flagged unknown. */
  public static GpuModel resolve(String name) {
    return GpuModel.unknown(name);
  }
}
