package com.dumontcloud.sdk.server.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The OpenAPI 3.0 document of the routes the server really has (generated from the router, so it cannot drift). */
public final class OpenApi {
  private static final Pattern PARAM = Pattern.compile("\\{\\*?([a-z_]+)}");
  private static final Map<String, String> SUMMARIES = new LinkedHashMap<>();

  static {
    SUMMARIES.put("GET /healthz", "Liveness (no API key needed)");
    SUMMARIES.put("GET /offers", "Offers (seed 001): gpu_name, max_price, min_gpu_ram, num_gpus, rentable, sort_by, limit");
    SUMMARIES.put("POST /search-offers", "Advanced offer search (seed 001): offers, total, filtered_count, sort_info");
    SUMMARIES.put("GET /templates", "Templates (seed 001)");
    SUMMARIES.put("GET /templates/{name}", "One template");
    SUMMARIES.put("POST /instances/from-template", "Create an instance from template_name (query), custom_config (body)");
    SUMMARIES.put("POST /instances", "Create an instance: offer_id, template_name, custom_config");
    SUMMARIES.put("GET /instances", "Instances: status_filter, sort_by");
    SUMMARIES.put("GET /instances/{id}", "One instance");
    SUMMARIES.put("GET /instances/{id}/enhanced", "basic_status, vllm_status, db_info (uptime H:MM:SS)");
    SUMMARIES.put("GET /instances/{id}/cost-analysis", "Cost analysis (seed 001)");
    SUMMARIES.put("DELETE /instances/{id}", "Destroy an instance");
    SUMMARIES.put("GET /statistics", "Fleet statistics (seed 001)");
    SUMMARIES.put("POST /api/v1/serverless/endpoints", "Create an endpoint (seed 000): template or model_id, "
        + "min_instances, max_instances, machine_type, gpu_name, idle_timeout, labels");
    SUMMARIES.put("GET /api/v1/serverless/endpoints", "Endpoints");
    SUMMARIES.put("GET /api/v1/serverless/stats", "Serverless statistics over 24 h (seed 000)");
    SUMMARIES.put("GET /api/v1/events", "Engine events as Server-Sent Events");
    SUMMARIES.put("GET /api/v1/advisor/recommend", "GPU advisor: memory estimate (weights_gb, kv_cache_gb, "
        + "overhead_gb, total_gb) and tiers minimum/recommended/maximum of live offers (gpu, num_gpus, vram_gb, price_per_hour, "
        + "offer_id, provider, reason, output_tokens_per_second, price_per_million_output_tokens, throughput_kind "
        + "measured|estimate, throughput_source); currency and fx with currency=, explanation with explain=true; "
        + "400 for bad input, 409 when no offer fits or the budget is too low");
    SUMMARIES.put("GET /api/v1/advisor/models", "GPU advisor's model catalog: parameters, layers, KV heads, head dim, "
        + "dtype, context, source");
    SUMMARIES.put("GET /api/v1/audit", "Audit records, oldest first: team, action, principal, since, until (ISO time, "
        + "date or 1h/30m/7d back), failures=true, limit");
    SUMMARIES.put("POST /endpoints/{id}/v1/{path}", "OpenAI-compatible API of an endpoint (chat/completions with "
        + "stream, completions, embeddings, images/generations, audio/transcriptions)");
  }

  /** Query parameters documented per route. */
  private static final Map<String, Map<String, String>> QUERY = Map.of(
      "GET /api/v1/audit", undescribed("team", "action", "principal", "since", "until", "failures", "limit"),
      "GET /api/v1/advisor/recommend", AdvisorRoutes.RECOMMEND_PARAMETERS);
  /** Query parameters a route cannot do without ({@code METHOD /path name}). */
  private static final java.util.Set<String> REQUIRED_QUERY = java.util.Set.of("GET /api/v1/advisor/recommend model");

  /** Parameters in order, without descriptions. */
  private static Map<String, String> undescribed(String... names) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String n : names) m.put(n, "");
    return m;
  }
  /** Routes (by their end) whose answers hold money and take a {@code currency} parameter. */
  private static final List<String> MONEY = List.of("/offers", "/instances", "/instances/{id}",
      "/instances/{id}/cost-analysis", "/statistics", "/api/v1/deployments", "/api/v1/deployments/{id}",
      "/api/v1/costs", "/api/v1/serverless/endpoints", "/api/v1/serverless/endpoints/{id}",
      "/api/v1/serverless/endpoints/{id}/stats", "/api/v1/serverless/stats");
  /** Creations whose answers hold money and take the same {@code currency} parameter. */
  private static final java.util.Set<String> MONEY_POST = java.util.Set.of("/api/v1/deployments",
      "/api/v1/serverless/endpoints");

  private OpenApi() {}

  public static Map<String, Object> document(List<String> routes) {
    Map<String, Object> paths = new LinkedHashMap<>();
    for (String r : routes) {
      int sp = r.indexOf(' ');
      String method = r.substring(0, sp);
      String path = r.substring(sp + 1).replace("{*", "{");
      @SuppressWarnings("unchecked")
      Map<String, Object> item = (Map<String, Object>) paths.computeIfAbsent(path, k -> new LinkedHashMap<>());
      Map<String, Object> op = new LinkedHashMap<>();
      String summary = SUMMARIES.get(method + " " + path);
      if (summary == null) {
        for (Map.Entry<String, String> e : SUMMARIES.entrySet()) {
          String[] mp = e.getKey().split(" ", 2);
          if (mp[0].equals(method) && mp[1].startsWith("/") && !mp[1].startsWith("/api") && path.endsWith(mp[1])
              && (path.startsWith("/api/vast") || path.startsWith("/api/v1/providers"))) {
            summary = e.getValue();
          }
        }
      }
      op.put("summary", summary == null ? method + " " + path : summary);
      List<Object> params = new ArrayList<>();
      Matcher m = PARAM.matcher(path);
      while (m.find()) params.add(Map.of("name", m.group(1), "in", "path", "required", true,
          "schema", Map.of("type", "string")));
      String route = method + " " + path;
      QUERY.getOrDefault(route, Map.of()).forEach((name, what) -> {
        boolean required = REQUIRED_QUERY.contains(route + " " + name);
        params.add(what.isEmpty()
            ? Map.of("name", name, "in", "query", "required", required, "schema", Map.of("type", "string"))
            : Map.of("name", name, "in", "query", "required", required, "description", what,
                "schema", Map.of("type", "string")));
      });
      if ((method.equals("GET") && MONEY.stream().anyMatch(path::endsWith) && !path.contains("/spi/"))
          || (method.equals("POST") && MONEY_POST.contains(path))) {
        params.add(Map.of("name", "currency", "in", "query", "required", false, "description",
            "ISO 4217 code: every amount converted (half-even, rounded once) and currency + fx (source, as_of) added",
            "schema", Map.of("type", "string")));
      }
      if (!params.isEmpty()) op.put("parameters", params);
      if (method.equals("POST")) {
        op.put("requestBody", Map.of("content", Map.of("application/json", Map.of("schema", Map.of("type", "object")))));
      }
      Map<String, Object> responses = new LinkedHashMap<>();
      responses.put("200", Map.of("description", "OK", "content",
          Map.of(path.endsWith("/events") ? "text/event-stream" : "application/json", Map.of("schema", Map.of()))));
      responses.put("400", ref("bad request (the field is named)"));
      responses.put("401", ref("API key missing or not valid"));
      responses.put("404", ref("not found"));
      if (path.equals("/api/v1/advisor/recommend")) {
        responses.put("409", ref("no offer holds the model, or none within the budget"));
      }
      responses.put("500", ref("server error"));
      op.put("responses", responses);
      if (path.equals("/healthz")) op.put("security", List.of());
      item.put(method.toLowerCase(java.util.Locale.ROOT), op);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("openapi", "3.0.3");
    doc.put("info", Map.of("title", "Dumont server API", "version", "0.1.0",
        "description", "Seed 001 (/api/vast/, /api/v1/providers/{provider}/), seed 000 (/api/v1/serverless/), "
            + "deployments, events and OpenAI-compatible endpoint URLs."));
    doc.put("components", Map.of(
        "securitySchemes", Map.of("apiKey", Map.of("type", "http", "scheme", "bearer")),
        "schemas", Map.of("Error", Map.of("type", "object", "required", List.of("detail"),
            "properties", Map.of("detail", Map.of("type", "string"))))));
    doc.put("security", List.of(Map.of("apiKey", List.of())));
    doc.put("paths", paths);
    return doc;
  }

  private static Map<String, Object> ref(String description) {
    return Map.of("description", description, "content",
        Map.of("application/json", Map.of("schema", Map.of("$ref", "#/components/schemas/Error"))));
  }
}
