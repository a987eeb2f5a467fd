package com.dumontcloud.sdk.server.internal;

import java.util.Map;

/** Typed reads of request fields, with 400s that name the field. */
public final class Json {
  private Json() {}

  public static String str(Map<String, ?> m, String field) {
    Object v = m.get(field);
    if (v == null) return null;
    if (v instanceof String s) return s.isBlank() ? null : s.strip();
    if (v instanceof Number || v instanceof Boolean) return String.valueOf(v instanceof Double d && d == Math.rint(d)
        ? String.valueOf(d.longValue()) : v);
    throw ApiError.badRequest(field + " must be a string, got " + kind(v));
  }

  public static Integer integer(Map<String, ?> m, String field) {
    Object v = m.get(field);
    if (v == null) return null;
    double d;
    if (v instanceof Number n) d = n.doubleValue();
    else if (v instanceof String s && !s.isBlank()) {
      try {
        d = Double.parseDouble(s.strip());
      } catch (NumberFormatException e) {
        throw ApiError.badRequest(field + " must be a whole number, got '" + s + "'");
      }
    } else throw ApiError.badRequest(field + " must be a whole number, got " + kind(v));
    if (d != Math.rint(d) || d < 0 || d > 1_000_000) {
      throw ApiError.badRequest(field + " must be a whole number from 0 to 1000000, got " + v);
    }
    return (int) d;
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> obj(Map<String, ?> m, String field) {
    Object v = m.get(field);
    if (v == null) return null;
    if (v instanceof Map<?, ?> o) return (Map<String, Object>) o;
    throw ApiError.badRequest(field + " must be an object, got " + kind(v));
  }

  static String kind(Object v) {
    if (v instanceof Map) return "an object";
    if (v instanceof java.util.List) return "a list";
    if (v instanceof String s) return "the text '" + s + "'";
    return String.valueOf(v);
  }
}
