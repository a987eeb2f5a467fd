package com.dumontcloud.sdk.spi.support;

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
