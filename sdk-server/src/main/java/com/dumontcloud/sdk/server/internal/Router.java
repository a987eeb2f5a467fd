package com.dumontcloud.sdk.server.internal;

import com.sun.net.httpserver.HttpExchange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Method + path-template routing ({@code /api/vast/instances/{id}}; a trailing {@code {*rest}} takes the rest). */
public final class Router {
  /** A route body. */
  @FunctionalInterface
  public interface Handler {
    void handle(Exchange x) throws Exception;
  }

  private record Route(String method, String[] parts, Handler handler, RoutePermissions.Rule rule) {}

  /** A matched route and what it needs ({@link RoutePermissions}). */
  public record Match(Handler handler, Map<String, String> params, RoutePermissions.Rule rule) {
    public boolean open() {
      return rule.isPublic();
    }
  }

  private final List<Route> routes = new ArrayList<>();
  private final List<String> documented = new ArrayList<>();

  /**
   * Add a route; what it needs comes from {@link RoutePermissions}.
   *
   * @throws IllegalStateException when the table has no rule for it (every route needs a decision)
   */
  public Router add(String method, String template, Handler h) {
    RoutePermissions.Rule rule = RoutePermissions.of(method, template);
    if (rule == null) {
      throw new IllegalStateException("route " + method + " " + template + " has no rule in RoutePermissions; add one");
    }
    routes.add(new Route(method, split(template), h, rule));
    documented.add(method + " " + template);
    return this;
  }

  /** {@link #add}, for a route the table declares public (health, the dashboard's static files). */
  public Router open(String method, String template, Handler h) {
    RoutePermissions.Rule rule = RoutePermissions.of(method, template);
    if (rule == null || !rule.isPublic()) {
      throw new IllegalStateException("route " + method + " " + template + " is not public in RoutePermissions");
    }
    return add(method, template, h);
  }

  public List<String> routes() {
    return List.copyOf(documented);
  }

  private static String[] split(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    return p.isEmpty() ? new String[0] : p.split("/", -1);
  }

  /** The route for a request; null with {@code methodMismatch[0]} true when the path exists for another method. */
  public Match match(HttpExchange http, boolean[] methodMismatch) {
    String method = http.getRequestMethod();
    String[] parts = split(http.getRequestURI().getRawPath());
    for (Route r : routes) {
      Map<String, String> params = matchParts(r.parts, parts);
      if (params == null) continue;
      if (r.method.equals(method) || (method.equals("HEAD") && r.method.equals("GET"))) {
        return new Match(r.handler, params, r.rule);
      }
      methodMismatch[0] = true;
    }
    return null;
  }

  private static Map<String, String> matchParts(String[] tpl, String[] parts) {
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < tpl.length; i++) {
      String t = tpl[i];
      if (t.startsWith("{*")) {
        if (i >= parts.length) return null;
        params.put(t.substring(2, t.length() - 1), String.join("/", java.util.Arrays.copyOfRange(parts, i, parts.length)));
        return params;
      }
      if (i >= parts.length) return null;
      if (t.startsWith("{")) {
        if (parts[i].isEmpty()) return null;
        params.put(t.substring(1, t.length() - 1),
            java.net.URLDecoder.decode(parts[i], java.nio.charset.StandardCharsets.UTF_8));
      } else if (!t.equals(parts[i])) {
        return null;
      }
    }
    return tpl.length == parts.length ? params : null;
  }
}
