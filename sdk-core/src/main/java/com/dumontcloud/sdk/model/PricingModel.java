package com.dumontcloud.sdk.model;

/** How an offer is billed and whether it can be taken away. */
public enum PricingModel {
  /** Fixed price, not interruptible. */
  ON_DEMAND,
  /** Spot / interruptible / bid: cheaper, can be preempted or outbid. */
  SPOT
}
