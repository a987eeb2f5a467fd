package com.dumontcloud.sdk.advisor;

import java.util.Locale;

/** The three answers of a recommendation. */
public enum Tier {
  /** The cheapest offer that holds the workload. */
  MINIMUM,
  /** The cheapest on-demand, reliable offer with 20 % of its usable memory to spare. */
  RECOMMENDED,
  /** The offer with the most GPU performance (within the budget). */
  MAXIMUM;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
