package com.dumontcloud.sdk.testkit.http;

import com.dumontcloud.sdk.spi.support.JsonCodec;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A request as a {@link FakeProviderServer} handler sees it: method, raw path and query, the named segments of the
 * route that matched, decoded query parameters, headers (names case-insensitive), the body as text and as a JSON
 * tree. Immutable.
 */
public final class Request {
  private final String method;
  private final String path;
  private final String query;
  private final Map<String, String> pathParams;
  private final Map<String, List<String>> queryParams;
  private final Map<String, List<String>> headers;
  private final String body;
  private final JsonCodec json;

  Request(String method, String path, String query, Map<String, String> pathParams,
      Map<String, List<String>> headers, String body, JsonCodec json) {
    this.method = method;
    this.path = path;
    this.query = query;
    this.pathParams = Map.copyOf(pathParams);
    this.queryParams = parseQuery(query);
    Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((k, v) -> h.put(k, List.copyOf(v)));
    this.headers = h;
    this.body = body;
    this.json = json;
  }

  Request withPathParams(Map<String, String> params) {
    return new Request(method, path, query, params, headers, body, json);
  }

  /** Upper-case HTTP method. */
  public String method() {
    return method;
  }

  /** The raw path, without the query ({@code /api/v0/instances/42/}). */
  public String path() {
    return path;
  }

  /** The raw query string without {@code ?}, or null when the URL has none. */
  public String query() {
    return query;
  }

  /** The named segments of the matched route pattern, decoded. */
  public Map<String, String> pathParams() {
    return pathParams;
  }

  /** One named segment; throws when the route has no such segment (a bug in the route table). */
  public String pathParam(String name) {
    String v = pathParams.get(name);
    if (v == null) {
      throw new IllegalArgumentException("the route for " + path + " has no path segment {" + name + "}; it has "
          + pathParams.keySet());
    }
    return v;
  }

  /** A named segment as a number; a non-numeric segment throws {@link IllegalArgumentException} naming it. */
  public long pathParamLong(String name) {
    String v = pathParam(name);
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("path segment {" + name + "} is '" + v + "', not a whole number");
    }
  }

  /** Decoded query parameters; the first value of each name, in URL order. */
  public Map<String, String> queryParams() {
    Map<String, String> out = new LinkedHashMap<>();
    queryParams.forEach((k, v) -> out.put(k, v.get(0)));
    return out;
  }

  /** The first value of a query parameter. */
  public Optional<String> queryParam(String name) {
    List<String> v = queryParams.get(name);
    return v == null ? Optional.empty() : Optional.of(v.get(0));
  }

  /** Every value of a query parameter, in URL order (empty when absent). */
  public List<String> queryParamValues(String name) {
    return queryParams.getOrDefault(name, List.of());
  }

  /** The first value of a header (name case-insensitive), or null. */
  public String header(String name) {
    List<String> v = headers.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** All headers; names case-insensitive. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** The body as UTF-8 text ("" when there is none). */
  public String bodyText() {
    return body;
  }

  /**
   * The body parsed with the SDK's JSON codec: maps, lists, strings, booleans, null and numbers, where integral
   * numbers come back as {@link Long} (so they are written back without a fraction) and others as {@link Double}.
   * A missing or malformed body throws {@link IllegalArgumentException}.
   */
  public Object json() {
    return JsonTrees.normalize(json.parse(body));
  }

  /** The body as a JSON object; anything else throws {@link IllegalArgumentException}. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> jsonObject() {
    Object v = json();
    if (!(v instanceof Map)) {
      throw new IllegalArgumentException("expected a JSON object body, got " + (v == null ? "null" : v.getClass()
          .getSimpleName().toLowerCase(Locale.ROOT)));
    }
    return (Map<String, Object>) v;
  }

  @Override
  public String toString() {
    return method + " " + path + (query == null ? "" : "?" + query);
  }

  static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static Map<String, List<String>> parseQuery(String query) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (query == null || query.isEmpty()) return out;
    for (String part : query.split("&")) {
      if (part.isEmpty()) continue;
      int eq = part.indexOf('=');
      String k = decode(eq < 0 ? part : part.substring(0, eq));
      String v = eq < 0 ? "" : decode(part.substring(eq + 1));
      out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    return out;
  }
}
