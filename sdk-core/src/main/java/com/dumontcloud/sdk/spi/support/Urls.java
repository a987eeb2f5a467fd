package com.dumontcloud.sdk.spi.support;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Request URLs from a base URL (validated once by {@link ConfigReader#baseUrl}), a path and query parameters.
 * Query names and values are percent-encoded (a space as {@code %20}, JSON values included), in the map's
 * order; null values are left out. Stable for provider authors.
 */
public final class Urls {
  private Urls() {}

  /** {@code base + path + ?query}; {@code query} may be null or empty. */
  public static String of(String base, String path, Map<String, String> query) {
    StringBuilder sb = new StringBuilder(base).append(path);
    if (query != null && !query.isEmpty()) {
      StringJoiner j = new StringJoiner("&", "?", "");
      query.forEach((k, v) -> {
        if (v != null) j.add(encode(k) + "=" + encode(v));
      });
      if (j.length() > 1) sb.append(j);
    }
    return sb.toString();
  }

  /** One path segment or query component, percent-encoded ({@code a b/c} → {@code a%20b%2Fc}). */
  public static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
