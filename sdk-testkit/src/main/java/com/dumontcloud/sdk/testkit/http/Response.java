package com.dumontcloud.sdk.testkit.http;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link FakeProviderServer} handler answers: status, headers, body, and optionally a delay before the
 * headers are sent or a dropped connection instead of any answer. Immutable; the {@code with*} methods copy.
 *
 * <pre>{@code
 * Response.json(200, Map.of("success", true))
 * Response.text(503, "maintenance").withHeader("Retry-After", "5")
 * Response.empty(204)
 * }</pre>
 */
public final class Response {
  private final int status;
  private final Map<String, String> headers;
  private final byte[] body;
  private final Duration delay;
  private final boolean drop;

  private Response(int status, Map<String, String> headers, byte[] body, Duration delay, boolean drop) {
    if (!drop && (status < 100 || status > 599)) {
      throw new IllegalArgumentException("HTTP status " + status + " is outside 100..599");
    }
    this.status = status;
    this.headers = Map.copyOf(headers);
    this.body = body;
    this.delay = delay;
    this.drop = drop;
  }

  /** {@code tree} (maps, lists, strings, numbers, booleans, null) as JSON, {@code Content-Type: application/json}. */
  public static Response json(int status, Object tree) {
    return of(status, JsonTrees.write(tree)).withHeader("Content-Type", "application/json");
  }

  /** A text body with {@code Content-Type: text/plain}. */
  public static Response text(int status, String text) {
    return of(status, text).withHeader("Content-Type", "text/plain");
  }

  /** A body with no {@code Content-Type} header (null body: none). */
  public static Response of(int status, String body) {
    return new Response(status, Map.of(), body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8),
        Duration.ZERO, false);
  }

  /** No body. */
  public static Response empty(int status) {
    return of(status, null);
  }

  /** No answer at all: the connection is closed once the request has been read. */
  public static Response dropConnection() {
    return new Response(0, Map.of(), new byte[0], Duration.ZERO, true);
  }

  /** A copy with one header set (replacing a header of that name). */
  public Response withHeader(String name, String value) {
    Objects.requireNonNull(name, "header name");
    Objects.requireNonNull(value, "header value");
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.keySet().removeIf(k -> k.equalsIgnoreCase(name));
    h.put(name, value);
    return new Response(status, h, body, delay, drop);
  }

  /** A copy whose headers are sent only after {@code delay} (client read timeouts fire first). */
  public Response withDelay(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) throw new IllegalArgumentException("delay " + delay + " is negative");
    return new Response(status, headers, body, delay, drop);
  }

  /** A copy that drops the connection instead of answering (after its delay, if any). */
  public Response dropped() {
    return new Response(0, headers, body, delay, true);
  }

  public int status() {
    return status;
  }

  public Map<String, String> headers() {
    return headers;
  }

  /** The first header of this name (case-insensitive), or null. */
  public String header(String name) {
    for (Map.Entry<String, String> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) return e.getValue();
    }
    return null;
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  byte[] bodyBytes() {
    return body;
  }

  public Duration delay() {
    return delay;
  }

  /** True when the connection is dropped instead of answering. */
  public boolean isDropped() {
    return drop;
  }

  @Override
  public String toString() {
    return drop ? "Response[dropped]" : "Response[" + status + ", " + body.length + " bytes]";
  }
}
