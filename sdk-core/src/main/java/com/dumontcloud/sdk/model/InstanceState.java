package com.dumontcloud.sdk.model;

/** Normalised lifecycle state of an instance across providers. */
public enum InstanceState {
  PENDING,
  PROVISIONING,
  STARTING,
  RUNNING,
  STOPPING,
  STOPPED,
  /** Taken away by the provider: spot preemption, outbid. */
  INTERRUPTED,
  FAILED,
  TERMINATED,
  /** A status the SDK does not recognise; the raw status is kept on the instance. */
  UNKNOWN;

  /** True while the instance exists and may be billing compute (not stopped, not gone). */
  public boolean isActive() {
    return this == PENDING || this == PROVISIONING || this == STARTING || this == RUNNING || this == STOPPING;
  }

  /** True when the instance can never run again. */
  public boolean isTerminal() {
    return this == TERMINATED;
  }

  /** Lower-case wire form used in JSON ("running"). */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static InstanceState fromWire(String s) {
    if (s == null) return UNKNOWN;
    try {
      return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return UNKNOWN;
    }
  }
}
