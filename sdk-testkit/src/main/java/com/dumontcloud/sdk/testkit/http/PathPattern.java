package com.dumontcloud.sdk.testkit.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A path pattern of a route or fault rule: literal segments and named segments ({@code /instances/{id}/}); a
 * trailing {@code **} matches any rest ({@code /api/v0/**}, or the raw prefix {@code /api/v0/inst**}). Paths are
 * compared raw (not decoded); a named segment matches one non-empty segment and is decoded into the params.
 */
final class PathPattern {
  private final String source;
  private final List<String> segments;
  private final String prefix;

  private PathPattern(String source, List<String> segments, String prefix) {
    this.source = source;
    this.segments = segments;
    this.prefix = prefix;
  }

  static PathPattern of(String pattern) {
    Objects.requireNonNull(pattern, "path pattern");
    if (!pattern.startsWith("/")) {
      throw new IllegalArgumentException("path pattern '" + pattern + "' must start with '/'");
    }
    if (pattern.endsWith("**") && !pattern.contains("{")) {
      return new PathPattern(pattern, null, pattern.substring(0, pattern.length() - 2));
    }
    if (pattern.contains("**") && !pattern.endsWith("/**")) {
      throw new IllegalArgumentException("path pattern '" + pattern + "': '**' may only end a pattern");
    }
    List<String> segs = new ArrayList<>(List.of(pattern.split("/", -1)));
    for (String s : segs) {
      if (s.startsWith("{") != s.endsWith("}") || s.startsWith("{") && s.length() < 3) {
        throw new IllegalArgumentException("path pattern '" + pattern + "': bad segment '" + s
            + "'; write a named segment as {name}");
      }
    }
    return new PathPattern(pattern, List.copyOf(segs), null);
  }

  /** The named segments of {@code path}, or null when it does not match. */
  Map<String, String> match(String path) {
    if (prefix != null) return path.startsWith(prefix) ? Map.of() : null;
    String[] parts = path.split("/", -1);
    boolean rest = segments.get(segments.size() - 1).equals("**");
    int fixed = rest ? segments.size() - 1 : segments.size();
    if (rest ? parts.length < fixed : parts.length != fixed) return null;
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < fixed; i++) {
      String want = segments.get(i);
      String got = parts[i];
      if (want.startsWith("{")) {
        if (got.isEmpty()) return null;
        params.put(want.substring(1, want.length() - 1), Request.decode(got));
      } else if (!want.equals(got)) {
        return null;
      }
    }
    return params;
  }

  @Override
  public String toString() {
    return source;
  }
}
