package com.dumontcloud.sdk.server.internal;

import com.dumontcloud.sdk.spi.support.JsonCodec;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** One request: path parameters, query, a size-limited body, JSON answers. */
public final class Exchange {
  private final HttpExchange http;
  private final Map<String, String> params;
  private final long maxBody;
  private Map<String, String> query;
  private byte[] body;
  private boolean responded;
  private com.dumontcloud.sdk.access.Principal principal;

  public Exchange(HttpExchange http, Map<String, String> params, long maxBody) {
    this.http = http;
    this.params = params;
    this.maxBody = maxBody;
  }

  /** The authenticated principal of this request (set before any protected handler runs). */
  public com.dumontcloud.sdk.access.Principal principal() {
    if (principal == null) throw new IllegalStateException("no authenticated principal on " + path());
    return principal;
  }

  public void principal(com.dumontcloud.sdk.access.Principal p) {
    principal = p;
  }

  public HttpExchange raw() {
    return http;
  }

  public String method() {
    return http.getRequestMethod();
  }

  public String path() {
    return http.getRequestURI().getRawPath();
  }

  public String param(String name) {
    return params.get(name);
  }

  public String header(String name) {
    return http.getRequestHeaders().getFirst(name);
  }

  /** Query parameters (first value of each), decoded. */
  public Map<String, String> query() {
    if (query == null) {
      query = new LinkedHashMap<>();
      String q = http.getRequestURI().getRawQuery();
      if (q != null && !q.isEmpty()) {
        for (String part : q.split("&")) {
          if (part.isEmpty()) continue;
          int eq = part.indexOf('=');
          String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
          String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
          query.putIfAbsent(k, v);
        }
      }
    }
    return query;
  }

  /** A query parameter, or null when absent or blank. */
  public String queryParam(String name) {
    String v = query().get(name);
    return v == null || v.isBlank() ? null : v;
  }

  /** The request body, at most the configured limit (413 beyond it). */
  public byte[] body() {
    if (body != null) return body;
    String cl = header("Content-Length");
    if (cl != null) {
      long length;
      try {
        length = Long.parseLong(cl.trim());
      } catch (NumberFormatException e) {
        throw ApiError.badRequest("Content-Length must be a number");
      }
      if (length > maxBody) {
        if (length - maxBody <= SWALLOW_BYTES) swallow();
        throw tooLarge();
      }
    }
    try (InputStream in = http.getRequestBody()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      long total = 0;
      int n;
      while ((n = in.read(buf)) > 0) {
        total += n;
        if (total > maxBody) {
          swallow();
          throw tooLarge();
        }
        out.write(buf, 0, n);
      }
      body = out.toByteArray();
      return body;
    } catch (IOException e) {
      throw ApiError.badRequest("request body could not be read: " + e.getMessage());
    }
  }

  /**
   * How much of an over-size body is read and dropped before the 413 goes out: closing a connection with unread
   * request bytes makes TCP reset it, and the client then loses the 413 itself (Tomcat's maxSwallowSize idea).
   * Bodies larger than the limit by more than this are cut off with the connection.
   */
  private static final long SWALLOW_BYTES = 2L << 20;

  private void swallow() {
    try (InputStream in = http.getRequestBody()) {
      byte[] buf = new byte[8192];
      long left = SWALLOW_BYTES;
      int n;
      while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) left -= n;
    } catch (IOException ignored) {
      // the client went away: nothing to answer
    }
  }

  private ApiError tooLarge() {
    return new ApiError(413, "request body larger than " + maxBody + " bytes");
  }

  /** The body as a JSON object; empty body gives an empty map; malformed JSON is a 400. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> jsonBody() {
    String text = new String(body(), StandardCharsets.UTF_8).strip();
    if (text.isEmpty()) return new LinkedHashMap<>();
    Object v;
    try {
      v = JsonCodec.standard().parse(text);
    } catch (RuntimeException e) {
      throw ApiError.badRequest("malformed JSON body: " + oneLine(e.getMessage()));
    }
    if (!(v instanceof Map<?, ?> m)) throw ApiError.badRequest("the JSON body must be an object");
    return (Map<String, Object>) m;
  }

  public static String oneLine(String s) {
    if (s == null) return "unreadable";
    String l = s.strip().split("\\R", 2)[0];
    // no Java class names in messages for people
    return l.replaceAll("\\b(?:[a-z]+\\.)+[A-Z][A-Za-z]*(?:Exception|Error)\\b:? ?", "");
  }

  public boolean responded() {
    return responded;
  }

  public void json(int status, Object tree) {
    send(status, "application/json", JsonCodec.standard().write(tree).getBytes(StandardCharsets.UTF_8));
  }

  public void send(int status, String contentType, byte[] bytes) {
    responded = true;
    try {
      http.getResponseHeaders().set("Content-Type", contentType);
      http.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
      boolean head = "HEAD".equals(method());
      http.sendResponseHeaders(status, head || bytes.length == 0 ? -1 : bytes.length);
      if (!head && bytes.length > 0) {
        try (OutputStream os = http.getResponseBody()) {
          os.write(bytes);
        }
      }
    } catch (IOException e) {
      // the client went away
    } finally {
      http.close();
    }
  }

  /** Start a streamed (chunked) answer; the caller writes and closes. */
  public OutputStream stream(int status, String contentType) throws IOException {
    responded = true;
    http.getResponseHeaders().set("Content-Type", contentType);
    http.getResponseHeaders().set("Cache-Control", "no-cache");
    http.getResponseHeaders().set("X-Accel-Buffering", "no");
    http.sendResponseHeaders(status, 0);
    return http.getResponseBody();
  }
}
