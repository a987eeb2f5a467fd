package com.dumontcloud.sdk.spi;

/** Optional features a provider may support; used for discovery and selection. */
public enum Capability {
  /** Spot/interruptible offers, bids, interruption signals ({@link SpotMarket}). */
  SPOT_MARKET,
  /** Persistent volumes ({@link Volumes}). */
  VOLUMES,
  SNAPSHOTS,
  /** Instances can be stopped and started again. */
  STOP_START,
  /** Labels can be changed after launch. */
  LABELS,
  /** CPU-only machine types (for CPU standby). */
  CPU_INSTANCES,
  /** Account balance for budgets. */
  ACCOUNT_BALANCE,
  /** Launch accepts a client request id, so creates can be retried safely. */
  IDEMPOTENT_CREATE,
  /** Instances are reachable over SSH and take public keys ({@link SshAccess}). */
  SSH_ACCESS,
  /** GPU utilisation from the provider's API ({@link Utilisation}). */
  UTILISATION,
  /** Container logs of an instance ({@link InstanceLogs}). */
  LOGS
}
