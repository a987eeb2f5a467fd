package com.dumontcloud.sdk.spi.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Coercions of {@link com.dumontcloud.sdk.model.OfferQuery.Filter#value()} for a provider that sends filters to its
 * server. A filter value is a string, a number (always a {@code Double}), a boolean, or a list of those; each method
 * throws {@link IllegalArgumentException} when the value cannot be read so, and the provider then leaves that filter
 * to the core's local re-filter. Stable for provider authors.
 */
public final class FilterValues {
  private FilterValues() {}

  /** A number from a number or a numeric string. */
  public static double number(Object v) {
    if (v instanceof Number n) return n.doubleValue();
    if (v instanceof String s) return Double.parseDouble(s.strip());
    throw new IllegalArgumentException("not a number: " + v);
  }

  /** A whole number. */
  public static long integer(Object v) {
    double d = number(v);
    if (d != Math.rint(d)) throw new IllegalArgumentException("not an integer: " + v);
    return (long) d;
  }

  /** A boolean from a boolean, {@code true/false/1/0} or a number (non-zero is true). */
  public static boolean bool(Object v) {
    if (v instanceof Boolean b) return b;
    if (v instanceof String s) {
      String t = s.strip().toLowerCase(Locale.ROOT);
      if (t.equals("true") || t.equals("1")) return true;
      if (t.equals("false") || t.equals("0")) return false;
    }
    if (v instanceof Number n) return n.doubleValue() != 0;
    throw new IllegalArgumentException("not a boolean: " + v);
  }

  /** {@code f} applied to a value, or to each element of a list value. */
  public static Object each(Object v, Function<Object, Object> f) {
    if (v == null) throw new IllegalArgumentException("null value");
    if (!(v instanceof List<?> l)) return f.apply(v);
    List<Object> out = new ArrayList<>(l.size());
    for (Object o : l) out.add(f.apply(o));
    return out;
  }

  /** A string (or each string of a list) rewritten by {@code f}. */
  public static Object strings(Object v, UnaryOperator<String> f) {
    return each(v, o -> f.apply(String.valueOf(o)));
  }

  /**
   * As JSON wants it: whole numbers as {@code long} (no {@code 2.0}), booleans and numeric strings as such,
   * other strings with {@code _} read as a space ({@code RTX_4090}); lists element by element.
   */
  public static Object scalar(Object v) {
    if (v instanceof List<?>) return each(v, FilterValues::scalar);
    if (v instanceof Number n) {
      double d = n.doubleValue();
      return d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) (long) d : (Object) d;
    }
    if (v instanceof String s) {
      String t = s.strip();
      if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) return Boolean.parseBoolean(t);
      try {
        return scalar(Double.parseDouble(t));
      } catch (NumberFormatException e) {
        return t.replace('_', ' ');
      }
    }
    return v;
  }
}
