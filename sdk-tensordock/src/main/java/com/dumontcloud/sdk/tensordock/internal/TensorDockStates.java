package com.dumontcloud.sdk.tensordock.internal;

import com.dumontcloud.sdk.model.InstanceState;
import java.util.Locale;
import java.util.Map;

/**
 * The one state table, for both API generations: TensorDock status (any case, {@code _ - space} ignored) to the SDK
 * state. {@code stoppeddisassociated} (resources released, storage billed) is {@link InstanceState#STOPPED} with the
 * raw status kept on the instance; v0's {@code Outbid} (a spot VM whose bid was beaten) is
 * {@link InstanceState#INTERRUPTED}; anything else is {@link InstanceState#UNKNOWN}, the raw value kept.
 */
final class TensorDockStates {
  private static final Map<String, InstanceState> TABLE = Map.ofEntries(
      Map.entry("running", InstanceState.RUNNING),
      Map.entry("starting", InstanceState.STARTING),
      Map.entry("creating", InstanceState.PROVISIONING),
      Map.entry("provisioning", InstanceState.PROVISIONING),
      Map.entry("queued", InstanceState.PENDING),
      Map.entry("pending", InstanceState.PENDING),
      Map.entry("stopping", InstanceState.STOPPING),
      Map.entry("stopped", InstanceState.STOPPED),
      Map.entry("stoppeddisassociated", InstanceState.STOPPED),
      Map.entry("deleting", InstanceState.STOPPING),
      Map.entry("deleted", InstanceState.TERMINATED),
      Map.entry("terminated", InstanceState.TERMINATED),
      Map.entry("outbid", InstanceState.INTERRUPTED),
      Map.entry("error", InstanceState.FAILED),
      Map.entry("failed", InstanceState.FAILED));

  private TensorDockStates() {}

  /** The state of a raw status; {@link InstanceState#UNKNOWN} (the raw value kept by the caller) otherwise. */
  static InstanceState of(String raw) {
    if (raw == null) return InstanceState.UNKNOWN;
    String k = raw.toLowerCase(Locale.ROOT).replaceAll("[_\\-\\s]", "");
    return TABLE.getOrDefault(k, InstanceState.UNKNOWN);
  }
}
