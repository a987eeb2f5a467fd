package com.dumontcloud.sdk.internal.access;

import com.dumontcloud.sdk.access.Principal;

/** Vets a billable action against its team's quota. */
@FunctionalInterface
public interface QuotaGate {
  /**
   * @throws com.dumontcloud.sdk.exception.QuotaExceededException when the action would break the team's quota
   */
  void beforeBillable(String team, int gpus, double pricePerHour, String operation, Principal by);

  static QuotaGate none() {
    return (t, g, p, o, b) -> {};
  }
}
