package com.dumontcloud.sdk.spi.support;

import com.dumontcloud.sdk.exception.InvalidSpecException;
import com.dumontcloud.sdk.model.Labels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The SDK's label map in one free-text field, for providers that have a single label or name per instance instead of
 * key/value tags (Vast's {@code label}): {@code dumont-key=<key>;k=v;...}, the idempotency key ({@link Labels#KEY})
 * first, then the other labels sorted by key, with {@code %}, {@code ;} and {@code =} percent-encoded. The encoding
 * is deterministic, so the same launch always produces the same text and an ambiguous launch can be resolved by
 * listing instances with exactly that text. Stable for provider authors.
 */
public final class LabelText {
  private LabelText() {}

  /**
   * The labels as one deterministic string.
   *
   * @throws InvalidSpecException when a key is blank
   */
  public static String encode(Map<String, String> labels) {
    Map<String, String> sorted = new TreeMap<>(labels);
    List<String> parts = new ArrayList<>();
    String key = sorted.remove(Labels.KEY);
    if (key != null) parts.add(escape(Labels.KEY) + "=" + escape(key));
    sorted.forEach((k, v) -> {
      if (k == null || k.isBlank()) throw new InvalidSpecException("label keys must not be blank: " + labels.keySet());
      parts.add(escape(k) + "=" + escape(v == null ? "" : v));
    });
    return String.join(";", parts);
  }

  /**
   * The labels in a text {@link #encode} wrote; a text it did not write (set by hand in a console) is
   * {@code {rawKey: text}}; a blank text has no labels.
   */
  public static Map<String, String> decode(String text, String rawKey) {
    if (text == null || text.isBlank()) return Map.of();
    Map<String, String> out = new LinkedHashMap<>();
    for (String seg : text.split(";", -1)) {
      int eq = seg.indexOf('=');
      String k = eq <= 0 ? null : unescape(seg.substring(0, eq));
      String v = eq <= 0 ? null : unescape(seg.substring(eq + 1));
      if (k == null || v == null) return Map.of(rawKey, text.strip());
      out.put(k, v);
    }
    return out;
  }

  private static String escape(String s) {
    return s.replace("%", "%25").replace(";", "%3B").replace("=", "%3D");
  }

  /** Null when the text is not a valid escape sequence (then the text is not ours). */
  private static String unescape(String s) {
    if (s.indexOf('%') < 0) return s;
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '%') {
        sb.append(c);
        continue;
      }
      if (i + 2 >= s.length()) return null;
      switch (s.substring(i + 1, i + 3).toUpperCase(Locale.ROOT)) {
        case "25" -> sb.append('%');
        case "3B" -> sb.append(';');
        case "3D" -> sb.append('=');
        default -> {
          return null;
        }
      }
      i += 2;
    }
    return sb.toString();
  }
}
