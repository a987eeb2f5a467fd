package com.dumontcloud.sdk.model;

/**
 * Where an offer or instance lives.
 *
 * @param country ISO country code or null
 * @param region coarse region (US, EU, ASIA, or a provider region like us-central1), or null
 * @param zone zone or city, or null
 */
public record Location(String country, String region, String zone) {
  public static final Location UNKNOWN = new Location(null, null, null);

  public static Location of(String country, String region, String zone) {
    return new Location(blankToNull(country), blankToNull(region), blankToNull(zone));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  /** A short human form: "US/us-east/NYC". */
  public String display() {
    StringBuilder sb = new StringBuilder();
    for (String s : new String[] {region, country, zone}) {
      if (s != null) {
        if (sb.length() > 0) sb.append('/');
        sb.append(s);
      }
    }
    return sb.length() == 0 ? "-" : sb.toString();
  }
}
