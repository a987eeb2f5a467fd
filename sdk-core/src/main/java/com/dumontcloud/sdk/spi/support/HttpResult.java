package com.dumontcloud.sdk.spi.support;

import java.util.List;
import java.util.Map;

/**
 * A successful (2xx) HTTP answer. Bodies are read fully and the connection released.
 *
 * @param status HTTP status
 * @param headers response headers (lower-case names)
 * @param body body text, never null (empty string for no body)
 * @param attempts attempts it took
 */
public record HttpResult(int status, Map<String, List<String>> headers, String body, int attempts) {
  public HttpResult {
    headers = Map.copyOf(headers);
    body = body == null ? "" : body;
  }

  public String header(String name) {
    List<String> v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
    return v == null || v.isEmpty() ? null : v.get(0);
  }
}
