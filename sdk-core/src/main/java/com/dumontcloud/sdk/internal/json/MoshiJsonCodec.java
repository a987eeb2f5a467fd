package com.dumontcloud.sdk.internal.json;

import com.dumontcloud.sdk.spi.support.JsonCodec;
import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Map;
import okio.Buffer;

/** {@link JsonCodec} on Moshi's untyped adapter; writes maps, lists, numbers (BigDecimal exact), enums. */
public final class MoshiJsonCodec implements JsonCodec {
  private static final MoshiJsonCodec INSTANCE = new MoshiJsonCodec();
  private final JsonAdapter<Object> reader = new Moshi.Builder().build().adapter(Object.class);

  public static MoshiJsonCodec get() {
    return INSTANCE;
  }

  @Override
  public Object parse(String json) {
    if (json == null || json.isBlank()) {
      throw new IllegalArgumentException("empty body where JSON was expected");
    }
    try {
      return reader.fromJson(json);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("malformed JSON: " + e.getMessage(), e);
    }
  }

  @Override
  public String write(Object value) {
    return write(value, null);
  }

  @Override
  public String writePretty(Object value) {
    return write(value, "  ");
  }

  private String write(Object value, String indent) {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.setSerializeNulls(true);
      if (indent != null) w.setIndent(indent);
      writeValue(w, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.readUtf8();
  }

  private static void writeValue(JsonWriter w, Object v) throws IOException {
    if (v == null) {
      w.nullValue();
    } else if (v instanceof Map<?, ?> m) {
      w.beginObject();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        w.name(String.valueOf(e.getKey()));
        writeValue(w, e.getValue());
      }
      w.endObject();
    } else if (v instanceof Iterable<?> it) {
      w.beginArray();
      for (Object o : it) writeValue(w, o);
      w.endArray();
    } else if (v instanceof BigDecimal bd) {
      w.value(bd.doubleValue());
    } else if (v instanceof Double d) {
      if (d.isNaN() || d.isInfinite()) w.nullValue(); else w.value(d);
    } else if (v instanceof Float f) {
      w.value(f.doubleValue());
    } else if (v instanceof Number n) {
      w.value(n.longValue());
    } else if (v instanceof Boolean b) {
      w.value(b);
    } else if (v instanceof Enum<?> e) {
      w.value(e.name().toLowerCase(java.util.Locale.ROOT));
    } else {
      w.value(String.valueOf(v));
    }
  }
}
