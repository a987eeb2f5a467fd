package com.dumontcloud.sdk.testkit.http;


import com.dumontcloud.sdk.spi.support.JsonCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The SDK's JSON codec for the fakes, and the integral-number normalisation of parsed trees. */
public final class JsonTrees {
  private JsonTrees() {}

  /** The codec the SDK itself uses, so a fake writes exactly what the SDK would parse. */
  public static JsonCodec codec() {
    return JsonCodec.standard();
  }

  /** Parse {@code text} and {@link #normalize} it; malformed JSON throws {@link IllegalArgumentException}. */
  public static Object parse(String text) {
    return normalize(codec().parse(text));
  }

  /** Write a Map/List/String/Number/Boolean tree as compact JSON. */
  public static String write(Object tree) {
    return codec().write(tree);
  }

  /**
   * Integral doubles (how JSON numbers parse) become {@link Long} so they are written back without a fraction;
   * maps are copied into mutable insertion-ordered maps with string keys, lists into mutable lists.
   */
  public static Object normalize(Object v) {
    if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) return d.longValue();
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(String.valueOf(k), normalize(x)));
      return out;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      for (Object x : l) out.add(normalize(x));
      return out;
    }
    return v;
  }
}
