package com.dumontcloud.cli;

import com.dumontcloud.cli.serve.ServerClient;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code deployments} and {@code endpoints} commands while a {@code dumont serve} runs for the same
 * {@code $DUMONT_HOME}: the server is the one writer of the state, so the commands ask it over its REST API instead
 * of running a one-shot engine. Each method answers false when no server runs (the command then works locally).
 */
final class ServedCommands {
  private ServedCommands() {}

  static Optional<ServerClient> server() {
    return ServerClient.find(CliContext.home());
  }

  private static void via(ServerClient s) {
    System.err.println("(via dumont serve at " + s.base() + ")");
  }

  // ------------------------------------------------------------------------------------------ deployments

  static boolean applyDeployment(Map<String, Object> spec, boolean json, boolean wait, long timeoutSeconds) {
    Optional<ServerClient> srv = server();
    if (srv.isEmpty()) return false;
    ServerClient s = srv.get();
    via(s);
    Map<String, Object> st = s.postObject("/api/v1/deployments", spec);
    String id = String.valueOf(st.get("id"));
    if (wait) {
      Instant deadline = Instant.now().plusSeconds(timeoutSeconds);
      String last = "";
      while (true) {
        st = s.getObject("/api/v1/deployments/" + id);
        int healthy = num(st.get("healthy_replicas"));
        int want = num(st.get("replicas"));
        String line = st.get("phase") + " " + healthy + "/" + want + " healthy";
        if (!line.equals(last)) System.err.println("  " + id + ": " + line);
        last = line;
        if (healthy >= want || Instant.now().isAfter(deadline)) break;
        try {
          Thread.sleep(1000); // polling a remote server in real time
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    if (json) CliContext.printJson(st);
    else {
      System.out.println("deployment " + id + " applied");
      deploymentTable(List.of(st));
    }
    return true;
  }

  @SuppressWarnings("unchecked")
  static boolean listDeployments(boolean json) {
    Optional<ServerClient> srv = server();
    if (srv.isEmpty()) return false;
    via(srv.get());
    List<Map<String, Object>> list = (List<Map<String, Object>>) srv.get().getObject("/api/v1/deployments")
        .get("deployments");
    if (json) CliContext.printJson(list);
    else deploymentTable(list);
    return true;
  }

  @SuppressWarnings("unchecked")
  static boolean showDeployment(String id, boolean json) {
    Optional<ServerClient> srv = server();
    if (srv.isEmpty()) return false;
    via(srv.get());
    Map<String, Object> st = srv.get().getObject("/api/v1/deployments/" + enc(id));
    if (json) {
      CliContext.printJson(st);
      return true;
    }
    deploymentTable(List.of(st));
    Table t = new Table("SLOT", "ROLE", "PHASE", "GEN", "INSTANCE", "HOST", "REGION", "PRICING", "$/H");
    for (Map<String, Object> x : (List<Map<String, Object>>) st.get("slots")) {
      t.row(x.get("slot"), x.get("role"), x.get("phase"), num(x.get("generation")), x.get("instance_id"),
          x.get("host_id"), x.get("region"), x.get("pricing"), String.format("%.4f", dbl(x.get("price_per_hour"))));
    }
    System.out.println();
    t.print(System.out);
    return true;
  }

  static boolean deleteDeployment(String id) {
    Optional<ServerClient> srv = server();
    if (srv.isEmpty()) return false;
    via(srv.get());
    srv.get().delete("/api/v1/deployments/" + enc(id));
    System.out.println("deleted " + id);
    return true;
  }

  @SuppressWarnings("unchecked")
  private static void deploymentTable(List<Map<String, Object>> list) {
    Table t = new Table("ID", "KIND", "TEMPLATE", "PHASE", "HEALTHY", "SLOTS", "FAILOVERS", "SPEND $");
    for (Map<String, Object> s : list) {
      t.row(s.get("id"), s.get("kind"), s.get("template"), s.get("phase"),
          num(s.get("healthy_replicas")) + "/" + num(s.get("replicas")), ((List<Object>) s.get("slots")).size(),
          num(s.get("failovers")), String.format("%.4f", dbl(s.get("spend"))));
    }
    t.print(System.out);
  }

  // ------------------------------------------------------------------------------------------ endpoints

  static boolean createEndpoint(String template, String name, int min, int max, String machineType, String gpu,
      List<String> regions, long idle, List<String> providers, boolean json) {
    Optional<ServerClient> srv = server();
    if (srv.isEmpty()) return false;
    via(srv.get());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("template", template);
    if (name != null) body.put("name", name);
    body.put("min_instances", min);
    body.put("max_instances", max);
    body.put("machine_type", machineType);
    if (gpu != null) body.put("gpu_name", gpu);
    if (regions != null) body.put("regions", regions);
    body.put("idle_timeout", idle);
    if (providers != null && providers.size() == 1) body.put("provider", providers.get(0));
    Map<String, Object> e = srv.get().postObject("/api/v1/serverless/endpoints", body);
    if (json) CliContext.printJson(e);
    else {
      System.out.println("created " + e.get("id") + " (" + e.get("status") + ")");
      endpointSummary(e);
    }
    return true;
  }

  @SuppressWarnings("unchecked")
  static boolean listEndpoints(boolean json) {
    Optional<ServerClient> srv = server();
    if (srv.isEmpty()) return false;
    via(srv.get());
    Map<String, Object> all = srv.get().getObject("/api/v1/serverless/endpoints");
    if (json) {
      CliContext.printJson(Map.of("endpoints", all.get("endpoints")));
      return true;
    }
    Table t = new Table("ID", "TEMPLATE", "STATUS", "REPLICAS", "GPU", "$/H", "TYPE", "URL");
    for (Map<String, Object> e : (List<Map<String, Object>>) all.get("endpoints")) {
      Map<String, Object> as = (Map<String, Object>) e.get("auto_scaling");
      t.row(e.get("id"), e.get("template"), e.get("status"), num(as.get("ready_instances")) + "/"
          + num(as.get("current_instances")) + " (" + num(as.get("min")) + ".." + num(as.get("max")) + ")",
          e.get("gpu"), e.get("price_per_hour"), e.get("machine_type"), e.get("url"));
    }
    t.print(System.out);
    return true;
  }

  static boolean showEndpoint(String id, boolean json) {
    Optional<ServerClient> srv = server();
    if (srv.isEmpty()) return false;
    via(srv.get());
    Map<String, Object> e = srv.get().getObject("/api/v1/serverless/endpoints/" + enc(id));
    if (json) CliContext.printJson(e);
    else endpointSummary(e);
    return true;
  }

  static boolean deleteEndpoint(String id) {
    Optional<ServerClient> srv = server();
    if (srv.isEmpty()) return false;
    via(srv.get());
    srv.get().delete("/api/v1/serverless/endpoints/" + enc(id));
    System.out.println("deleted " + id);
    return true;
  }

  static boolean endpointStats(String id, boolean json) {
    Optional<ServerClient> srv = server();
    if (srv.isEmpty()) return false;
    via(srv.get());
    Map<String, Object> st = srv.get().getObject(id == null ? "/api/v1/serverless/stats"
        : "/api/v1/serverless/endpoints/" + enc(id) + "/stats");
    if (json) CliContext.printJson(st);
    else st.forEach((k, v) -> System.out.printf("%-22s %s%n", k + ":", v));
    return true;
  }

  static boolean invokeEndpoint(String id, String prompt, int maxTokens) {
    Optional<ServerClient> srv = server();
    if (srv.isEmpty()) return false;
    via(srv.get());
    Map<String, Object> e = srv.get().getObject("/api/v1/serverless/endpoints/" + enc(id));
    String model = e.get("model_id") != null ? String.valueOf(e.get("model_id")) : String.valueOf(e.get("template"));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", model);
    body.put("messages", List.of(Map.of("role", "user", "content", prompt)));
    body.put("max_tokens", maxTokens);
    body.put("stream", true);
    srv.get().stream("/endpoints/" + enc(id) + "/v1/chat/completions", body, data -> {
      System.out.print(com.dumontcloud.sdk.serverless.openai.CompletionStream.deltaText(data));
      System.out.flush();
    });
    System.out.println();
    return true;
  }

  private static void endpointSummary(Map<String, Object> e) {
    for (String k : List.of("id", "template", "model_id", "status", "machine_type", "gpu", "price_per_hour", "url")) {
      System.out.printf("%-16s %s%n", k + ":", e.get(k));
    }
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static int num(Object o) {
    return o instanceof Number n ? n.intValue() : 0;
  }

  private static double dbl(Object o) {
    return o instanceof Number n ? n.doubleValue() : 0;
  }
}
