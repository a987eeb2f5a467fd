package com.dumontcloud.sdk.server.internal;

import com.dumontcloud.sdk.access.Permission;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one table of what every route of {@code dumont serve} needs. A route missing here cannot be registered
 * ({@link Router} refuses it), so none is served without a decision. {@code own}: a grant on the principal's own
 * resources passes the route's check, and the handler then checks the resource itself (through a client bound to
 * the principal); otherwise the permission must hold everywhere. Public: only {@code /healthz} and the dashboard's
 * static files (the same bytes for everyone, from the jar; they carry no data and act on nothing).
 */
public final class RoutePermissions {
  /** What a route needs: a permission (null = public) and whether a grant on own resources suffices. */
  public record Rule(Permission permission, boolean own) {
    public boolean isPublic() {
      return permission == null;
    }
  }

  private static final Rule PUBLIC = new Rule(null, false);
  private static final Map<String, Rule> TABLE = new LinkedHashMap<>();

  private static void put(String route, Permission p, boolean own) {
    TABLE.put(route, new Rule(p, own));
  }

  private static void view(String route) {
    put(route, Permission.GPU_VIEW, false);
  }

  static {
    TABLE.put("GET /healthz", PUBLIC);
    TABLE.put("GET /", PUBLIC);
    TABLE.put("GET /dashboard/{*file}", PUBLIC);
    TABLE.put("GET /webjars/{*file}", PUBLIC);
    view("GET /openapi.json");
    view("GET /api/v1/providers");
    view("GET /api/v1/events");
    for (String base : new String[] {"/api/vast", "/api/v1/providers/{provider}"}) {
      view("GET " + base + "/offers");
      view("POST " + base + "/search-offers");
      view("GET " + base + "/templates");
      view("GET " + base + "/templates/{name}");
      put("POST " + base + "/instances/from-template", Permission.GPU_PROVISION, false);
      put("POST " + base + "/instances", Permission.GPU_PROVISION, false);
      view("GET " + base + "/instances");
      view("GET " + base + "/instances/{id}");
      view("GET " + base + "/instances/{id}/enhanced");
      put("GET " + base + "/instances/{id}/cost-analysis", Permission.COST_VIEW, true);
      put("DELETE " + base + "/instances/{id}", Permission.GPU_DELETE, true);
      put("GET " + base + "/statistics", Permission.COST_VIEW, false);
    }
    String spi = "/api/v1/providers/{provider}/spi";
    view("GET " + spi + "/offers");
    put("POST " + spi + "/launch", Permission.GPU_PROVISION, false);
    view("GET " + spi + "/instances");
    view("GET " + spi + "/instances/{id}");
    put("POST " + spi + "/instances/{id}/start", Permission.GPU_PROVISION, false);
    put("POST " + spi + "/instances/{id}/stop", Permission.GPU_DELETE, true);
    put("POST " + spi + "/instances/{id}/terminate", Permission.GPU_DELETE, true);
    view("POST " + spi + "/interruptions");
    put("POST " + spi + "/instances/{id}/bid", Permission.GPU_PROVISION, false);
    put("PUT " + spi + "/instances/{id}/labels", Permission.GPU_DELETE, true);
    put("POST /api/v1/deployments", Permission.GPU_PROVISION, false);
    view("GET /api/v1/deployments");
    view("GET /api/v1/deployments/{id}");
    put("DELETE /api/v1/deployments/{id}", Permission.GPU_DELETE, true);
    put("GET /api/v1/costs", Permission.COST_VIEW, false);
    put("POST /api/v1/serverless/endpoints", Permission.GPU_PROVISION, false);
    view("GET /api/v1/serverless/endpoints");
    view("GET /api/v1/serverless/endpoints/{id}");
    view("GET /api/v1/serverless/endpoints/{id}/stats");
    put("DELETE /api/v1/serverless/endpoints/{id}", Permission.GPU_DELETE, true);
    view("GET /api/v1/serverless/stats");
    view("GET /endpoints/{id}/v1/models");
    view("GET /api/v1/advisor/recommend"); // searches offers, rents nothing
    view("GET /api/v1/advisor/models");
    put("GET /api/v1/audit", Permission.AUDIT_VIEW, false);
    // inference can start a replica of a scaled-to-zero endpoint: a billable action
    put("POST /endpoints/{id}/v1/{*path}", Permission.GPU_PROVISION, false);
  }

  private RoutePermissions() {}

  /** The rule of {@code METHOD /template}, or null when the table has none. */
  public static Rule of(String method, String template) {
    return TABLE.get(method + " " + template);
  }

  /** The whole table, {@code METHOD /template} to rule. */
  public static Map<String, Rule> all() {
    return java.util.Collections.unmodifiableMap(TABLE);
  }
}
