package com.dumontcloud.sdk.catalog;

import com.dumontcloud.sdk.model.Location;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Countries as providers name them, and the coarse region each belongs to ({@code US}, {@code NA}, {@code EU},
 * {@code ASIA}, {@code ME}, {@code OC}, {@code SA}, {@code AF}), so that a query on {@code region} means the same on
 * every marketplace. Providers with their own regions (GCP's {@code us-central1}) keep those.
 */
public final class Countries {
  private static final Map<String, String> REGIONS = regions();
  private static final Map<String, String> NAMES = Map.ofEntries(
      Map.entry("united states", "US"), Map.entry("united states of america", "US"), Map.entry("usa", "US"),
      Map.entry("canada", "CA"), Map.entry("mexico", "MX"), Map.entry("united kingdom", "GB"),
      Map.entry("great britain", "GB"), Map.entry("germany", "DE"), Map.entry("france", "FR"),
      Map.entry("netherlands", "NL"), Map.entry("the netherlands", "NL"), Map.entry("belgium", "BE"),
      Map.entry("spain", "ES"), Map.entry("portugal", "PT"), Map.entry("italy", "IT"),
      Map.entry("switzerland", "CH"), Map.entry("austria", "AT"), Map.entry("ireland", "IE"),
      Map.entry("sweden", "SE"), Map.entry("norway", "NO"), Map.entry("denmark", "DK"), Map.entry("finland", "FI"),
      Map.entry("iceland", "IS"), Map.entry("poland", "PL"), Map.entry("czech republic", "CZ"),
      Map.entry("czechia", "CZ"), Map.entry("slovakia", "SK"), Map.entry("hungary", "HU"),
      Map.entry("romania", "RO"), Map.entry("bulgaria", "BG"), Map.entry("greece", "GR"), Map.entry("ukraine", "UA"),
      Map.entry("russia", "RU"), Map.entry("estonia", "EE"), Map.entry("latvia", "LV"), Map.entry("lithuania", "LT"),
      Map.entry("china", "CN"), Map.entry("hong kong", "HK"), Map.entry("taiwan", "TW"), Map.entry("japan", "JP"),
      Map.entry("south korea", "KR"), Map.entry("korea", "KR"), Map.entry("singapore", "SG"),
      Map.entry("malaysia", "MY"), Map.entry("thailand", "TH"), Map.entry("vietnam", "VN"),
      Map.entry("indonesia", "ID"), Map.entry("philippines", "PH"), Map.entry("india", "IN"),
      Map.entry("israel", "IL"), Map.entry("turkey", "TR"), Map.entry("united arab emirates", "AE"),
      Map.entry("saudi arabia", "SA"), Map.entry("australia", "AU"), Map.entry("new zealand", "NZ"),
      Map.entry("brazil", "BR"), Map.entry("argentina", "AR"), Map.entry("chile", "CL"), Map.entry("colombia", "CO"),
      Map.entry("south africa", "ZA"), Map.entry("nigeria", "NG"), Map.entry("kenya", "KE"),
      Map.entry("egypt", "EG"));

  private Countries() {}

  /** The ISO 3166 alpha-2 code of {@code nameOrCode} ({@code "US"}, {@code "united states"}); null when unknown. */
  public static String code(String nameOrCode) {
    if (nameOrCode == null || nameOrCode.isBlank()) return null;
    String t = nameOrCode.strip();
    if (t.length() == 2) return t.toUpperCase(Locale.ROOT);
    return NAMES.get(t.toLowerCase(Locale.ROOT));
  }

  /** The coarse region of an ISO code ({@code DE} → {@code EU}); null when unknown. */
  public static String region(String code) {
    return code == null ? null : REGIONS.get(code.toUpperCase(Locale.ROOT));
  }

  /** A location in {@code country} (a name or a code), with its coarse region and the given zone or city. */
  public static Location location(String country, String zone) {
    String code = code(country);
    return Location.of(code, region(code), zone);
  }

  private static Map<String, String> regions() {
    Map<String, String> r = new LinkedHashMap<>();
    r.put("US", "US");
    for (String c : List.of("CA", "MX")) r.put(c, "NA");
    for (String c : List.of("GB", "IE", "FR", "DE", "NL", "BE", "LU", "ES", "PT", "IT", "CH", "AT", "SE", "NO", "DK",
        "FI", "IS", "PL", "CZ", "SK", "HU", "RO", "BG", "GR", "SI", "HR", "RS", "EE", "LV", "LT", "UA", "MD", "BA",
        "AL", "MK", "ME", "CY", "MT", "RU")) {
      r.put(c, "EU");
    }
    for (String c : List.of("CN", "HK", "TW", "JP", "KR", "SG", "MY", "TH", "VN", "ID", "PH", "IN", "PK", "BD", "KZ",
        "LK", "NP", "MN", "KH")) {
      r.put(c, "ASIA");
    }
    for (String c : List.of("AE", "SA", "IL", "TR", "QA", "BH", "KW", "OM", "JO", "IR", "IQ")) r.put(c, "ME");
    for (String c : List.of("AU", "NZ")) r.put(c, "OC");
    for (String c : List.of("BR", "AR", "CL", "CO", "PE", "UY", "VE", "EC")) r.put(c, "SA");
    for (String c : List.of("ZA", "NG", "KE", "EG", "MA", "GH", "TN")) r.put(c, "AF");
    return Map.copyOf(r);
  }
}
