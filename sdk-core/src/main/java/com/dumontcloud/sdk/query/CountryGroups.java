package com.dumontcloud.sdk.query;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Coarse region names accepted where a {@code geolocation} country code is expected, so that
 * {@code geolocation in [US,EU]} works as the origin's test queries expect. Only names that are not ISO 3166
 * country codes are used ("EU" is reserved, not assigned; "NA" and "SA" are countries and are not groups).
 */
final class CountryGroups {
  private CountryGroups() {}

  private static final Set<String> EUROPE = Set.of("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE",
      "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "GB", "UK",
      "CH", "NO", "IS", "LI", "RS", "UA", "MD", "BA", "ME", "MK", "AL");
  private static final Set<String> ASIA = Set.of("CN", "JP", "KR", "TW", "HK", "MO", "SG", "IN", "TH", "VN", "MY",
      "ID", "PH", "PK", "BD", "LK", "KZ", "AE", "IL", "SA", "QA", "TR");
  private static final Set<String> NORTH_AMERICA = Set.of("US", "CA", "MX");
  private static final Set<String> LATAM = Set.of("MX", "BR", "AR", "CL", "CO", "PE", "UY", "EC", "BO", "PY", "VE",
      "CR", "PA", "GT", "DO");
  private static final Set<String> OCEANIA = Set.of("AU", "NZ");

  private static final Map<String, Set<String>> GROUPS = Map.of(
      "EU", EUROPE, "EUROPE", EUROPE, "ASIA", ASIA, "NORTHAMERICA", NORTH_AMERICA, "LATAM", LATAM,
      "OCEANIA", OCEANIA);

  /** True when {@code wanted} (a country code or a group name, any case) covers {@code country}. */
  static boolean matches(String wanted, String country) {
    if (wanted == null || country == null) return false;
    String w = wanted.trim().toUpperCase(Locale.ROOT);
    String c = country.trim().toUpperCase(Locale.ROOT);
    if (w.equals(c)) return true;
    if (w.equals("UK") && c.equals("GB") || w.equals("GB") && c.equals("UK")) return true;
    Set<String> group = GROUPS.get(w.replace(" ", "").replace("_", ""));
    return group != null && group.contains(c);
  }
}
