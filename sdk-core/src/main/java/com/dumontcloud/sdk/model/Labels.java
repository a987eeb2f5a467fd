package com.dumontcloud.sdk.model;

/** Label keys the SDK puts on the instances it creates. */
public final class Labels {
  /** The deployment that owns the instance. */
  public static final String DEPLOYMENT = "dumont-deployment";
  /** The replica slot within the deployment. */
  public static final String REPLICA = "dumont-replica";
  /** The idempotency key of the launch that created it. */
  public static final String KEY = "dumont-key";
  /** The engine id that owns it; sweeps never touch instances without this engine's owner label. */
  public static final String OWNER = "dumont-owner";
  /** The template it was launched from. */
  public static final String TEMPLATE = "dumont-template";

  private Labels() {}
}
