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
  /**
   * The principal (subject) that launched or applied it through a bound client ({@code dumont.as(principal)});
   * with {@link #TEAM} it decides ownership for access control. Not the engine's {@link #OWNER}.
   */
  public static final String PRINCIPAL = "dumont-principal";
  /** The team it is charged to (team quotas, ownership, team budgets). */
  public static final String TEAM = "dumont-team";
  /** The template it was launched from. */
  public static final String TEMPLATE = "dumont-template";

  private Labels() {}
}
