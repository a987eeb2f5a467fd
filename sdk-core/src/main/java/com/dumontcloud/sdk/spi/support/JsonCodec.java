package com.dumontcloud.sdk.spi.support;

/**
 * JSON reading and writing for providers, without exposing the JSON library. Parsed values are
 * {@code Map<String,Object>}, {@code List<Object>}, {@code String}, {@code Double}, {@code Boolean} or null.
 */
public interface JsonCodec {
  /** Parse any JSON value; malformed input throws {@link IllegalArgumentException}. */
  Object parse(String json);

  /** Write a Map/List/String/Number/Boolean tree as compact JSON. */
  String write(Object value);

  /** Write as indented JSON. */
  String writePretty(Object value);

  /** The SDK's codec (the one {@code ProviderContext.json()} hands providers), for code that has no context. */
  static JsonCodec standard() {
    return com.dumontcloud.sdk.internal.json.MoshiJsonCodec.get();
  }
}
