package com.dumontcloud.sdk.spi;

import com.dumontcloud.sdk.model.Money;
import java.time.Instant;
import java.util.List;

/** Spot / bid market capability. */
public interface SpotMarket {
  /**
   * An interruption a provider reported.
   *
   * @param instanceId the instance
   * @param at when the provider says it happened
   * @param reason provider wording (outbid, preempted, ...)
   */
  record Interruption(String instanceId, Instant at, String reason) {}

  /** Interruptions of the given instances since {@code since} (providers without a signal return none). */
  List<Interruption> interruptions(List<String> instanceIds, Instant since);

  /** Change the bid of a running or outbid interruptible instance. */
  void changeBid(String instanceId, Money bidPerHour);
}
