package com.dumontcloud.sdk.serverless;

import java.util.Locale;

/** What kind of machines an endpoint's replicas run on. */
public enum MachineType {
  /**
   * Spot replicas, spread over hosts and regions, with SpotHedge on-demand fallback while spot capacity
   * is not ready (on by default, see {@link EndpointSpec.Builder#onDemandFallback(boolean)}).
   */
  SPOT("spot"),
  /** On-demand replicas only. */
  ON_DEMAND("on-demand"),
  /** Whichever offer is cheapest for each replica, spot or on-demand; no hedging. */
  AUTO("auto");

  private final String wire;

  MachineType(String wire) {
    this.wire = wire;
  }

  /** Seed form: "spot", "on-demand", "auto". */
  public String wireName() {
    return wire;
  }

  /** Parse "spot", "on-demand", "on_demand", "ondemand", "auto" (any case). */
  public static MachineType parse(String s) {
    String v = s == null ? "" : s.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    return switch (v) {
      case "spot", "interruptible" -> SPOT;
      case "on-demand", "ondemand" -> ON_DEMAND;
      case "auto" -> AUTO;
      default -> throw new IllegalArgumentException("unknown machine type '" + s + "' (spot, on-demand, auto)");
    };
  }
}
