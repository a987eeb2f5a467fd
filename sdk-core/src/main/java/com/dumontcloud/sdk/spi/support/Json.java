package com.dumontcloud.sdk.spi.support;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Null-safe readers over an untyped JSON tree (what {@link JsonCodec#parse} returns), for provider parsing code;
 * stable for provider authors. Each throws
 * {@link IllegalArgumentException} with the field name when a value has the wrong type, which providers
 * turn into a {@code ProviderProtocolException}.
 */
public final class Json {
  private Json() {}

  @SuppressWarnings("unchecked")
  public static Map<String, Object> obj(Object v, String what) {
    if (v instanceof Map<?, ?> m) return (Map<String, Object>) m;
    throw new IllegalArgumentException(what + ": expected a JSON object, got " + type(v));
  }

  @SuppressWarnings("unchecked")
  public static List<Object> arr(Object v, String what) {
    if (v instanceof List<?> l) return (List<Object>) l;
    throw new IllegalArgumentException(what + ": expected a JSON array, got " + type(v));
  }

  public static String str(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (v == null) return null;
    if (v instanceof String s) return s;
    if (v instanceof Double d && d == Math.rint(d) && !d.isInfinite()) return String.valueOf(d.longValue());
    return String.valueOf(v);
  }

  public static Double num(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (v == null) return null;
    if (v instanceof Number n) return n.doubleValue();
    if (v instanceof String s) {
      if (s.isBlank()) return null;
      try {
        return Double.parseDouble(s.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + ": expected a number, got \"" + s + "\"");
      }
    }
    if (v instanceof Boolean) throw new IllegalArgumentException(key + ": expected a number, got a boolean");
    throw new IllegalArgumentException(key + ": expected a number, got " + type(v));
  }

  public static Boolean bool(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (v == null) return null;
    if (v instanceof Boolean b) return b;
    if (v instanceof Number n) return n.doubleValue() != 0;
    if (v instanceof String s) return Boolean.parseBoolean(s.trim());
    throw new IllegalArgumentException(key + ": expected a boolean, got " + type(v));
  }

  /**
   * The value of the first of {@code keys} that {@code m} has (not null), for bodies that wrap the same thing under
   * different names ({@code data}, {@code instances}, {@code results}); null when none.
   */
  public static Object firstOf(Map<String, Object> m, String... keys) {
    for (String k : keys) {
      if (m.get(k) != null) return m.get(k);
    }
    return null;
  }

  /** A string with surrounding blanks removed; null when absent or blank. */
  public static String text(Map<String, Object> m, String key) {
    return trimToNull(str(m, key));
  }

  /** {@code s} stripped; null when null or blank. */
  public static String trimToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /**
   * An integer id as a string ({@code 24813377}, not {@code 2.4813377E7}) from a JSON number or a string of
   * digits; null when absent or blank.
   */
  public static String id(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (v == null) return null;
    if (v instanceof Number n) {
      double d = n.doubleValue();
      if (d != Math.rint(d) || Double.isInfinite(d)) throw new IllegalArgumentException(key + ": not an integer id: " + v);
      return Long.toString((long) d);
    }
    if (v instanceof String s) {
      String t = s.strip();
      if (t.isEmpty()) return null;
      if (!t.matches("\\d+")) throw new IllegalArgumentException(key + ": not an integer id: \"" + s + "\"");
      return t;
    }
    throw new IllegalArgumentException(key + ": expected an id, got " + type(v));
  }

  /** A whole number that fits an int; {@code def} when absent. */
  public static int integer(Map<String, Object> m, String key, int def) {
    Double d = num(m, key);
    if (d == null) return def;
    if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(key + ": not an integer: " + d);
    }
    return d.intValue();
  }

  /** The number at {@code m.outer.key}; null when either is absent. */
  public static Double num(Map<String, Object> m, String outer, String key) {
    Object inner = m.get(outer);
    return inner == null ? null : num(obj(inner, outer), key);
  }

  /** Seconds since the epoch (fractions kept to the millisecond); null when absent or not positive. */
  public static Instant epochSeconds(Map<String, Object> m, String key) {
    Double seconds = num(m, key);
    if (seconds == null || seconds <= 0) return null;
    return Instant.ofEpochMilli(Math.round(seconds * 1000));
  }

  /**
   * {@code body} parsed as a JSON object when it is one; null for anything else (blank, an array, text, malformed
   * JSON). For error bodies, which may be anything.
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> objectOrNull(String body) {
    if (body == null || body.isBlank() || body.stripLeading().charAt(0) != '{') return null;
    try {
      return JsonCodec.standard().parse(body) instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  public static String type(Object v) {
    if (v == null) return "null";
    if (v instanceof Map) return "an object";
    if (v instanceof List) return "an array";
    if (v instanceof String) return "a string";
    if (v instanceof Number) return "a number";
    if (v instanceof Boolean) return "a boolean";
    return v.getClass().getSimpleName();
  }
}
