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

  static boolean applyDeployment(Map<String, Object> spec, Output out, boolean wait, long timeoutSeconds) {
    Optional<ServerClient> srv = server();
    if (srv.isEmpty()) return false;
    ServerClient s = srv.get();
    String cur = currency(out);
    via(s);
    Map<String, Object> st = s.postObject("/api/v1/deployments" + cur, spec);
    String id = String.valueOf(st.get("id"));
    if (wait) {
      Instant deadline = Instant.now().plusSeconds(timeoutSeconds);
      String last = "";
      while (true) {
        st = s.getObject("/api/v1/deployments/" + enc(id) + cur);
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
    if (out.printData(st)) return true;
    System.out.println("deployment " + id + " applied");
    deploymentTable(List.of(st), out);
    return true;
  }

  @SuppressWarnings("unchecked")
  static boolean listDeployments(Output out) {
    Optional<ServerClient> srv = server();
    if (srv.isEmpty()) return false;
    String cur = currency(out);
    via(srv.get());
    Map<String, Object> answer = srv.get().getObject("/api/v1/deployments" + cur);
    List<Map<String, Object>> list = (List<Map<String, Object>>) answer.get("deployments");
    // as the local command: a JSON array, each status saying its currency when converted
    if (!out.printData(list.stream().map(d -> rates(d, answer)).toList())) deploymentTable(list, out);
    return true;
  }

  @SuppressWarnings("unchecked")
  static boolean showDeployment(String id, Output out) {
    Optional<ServerClient> srv = server();
    if (srv.isEmpty()) return false;
    String cur = currency(out);
    via(srv.get());
    Map<String, Object> st = srv.get().getObject("/api/v1/deployments/" + enc(id) + cur);
    if (out.printData(st)) return true;
    deploymentTable(List.of(st), out);
    Table t = new Table("SLOT", "ROLE", "PHASE", "GEN", "INSTANCE", "HOST", "REGION", "PRICING", "PRICE/H")
        .shrink("HOST", "INSTANCE");
    for (Map<String, Object> x : (List<Map<String, Object>>) st.get("slots")) {
      t.row(x.get("slot"), x.get("role"), x.get("phase"), num(x.get("generation")), x.get("instance_id"),
          x.get("host_id"), x.get("region"), x.get("pricing"), out.converted(x.get("price_per_hour")));
    }
    System.out.println();
    t.print(System.out, out.wide());
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
  private static void deploymentTable(List<Map<String, Object>> list, Output out) {
    if (list.isEmpty()) {
      System.out.println("no deployments (create one with: dumont deployments apply -f SPEC.yaml)");
      return;
    }
    // the local command's columns (DeploymentsCommand.Base.printTable), amounts as the server converted them
    Table t = new Table("ID", "KIND", "TEMPLATE", "PHASE", "HEALTHY", "SLOTS", "FAILOVERS", "SPEND", "ON-DEMAND")
        .shrink("ID", "TEMPLATE").wideOnly("ON-DEMAND");
    for (Map<String, Object> s : list) {
      t.row(s.get("id"), s.get("kind"), s.get("template"), s.get("phase"),
          num(s.get("healthy_replicas")) + "/" + num(s.get("replicas")), ((List<Object>) s.get("slots")).size(),
          num(s.get("failovers")), out.converted(s.get("spend")), out.converted(s.get("on_demand_equivalent")));
    }
    t.print(System.out, out.wide());
  }

  // ------------------------------------------------------------------------------------------ endpoints

  static boolean createEndpoint(String template, String name, int min, int max, String machineType, String gpu,
      List<String> regions, long idle, int spotExtra, Map<String, String> labels, List<String> providers, Output out) {
    Optional<ServerClient> srv = server();
    if (srv.isEmpty()) return false;
    String cur = currency(out);
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
    if (spotExtra > 0) body.put("spot_extra", spotExtra);
    if (!labels.isEmpty()) body.put("labels", labels);
    if (providers != null && providers.size() == 1) body.put("provider", providers.get(0));
    Map<String, Object> e = srv.get().postObject("/api/v1/serverless/endpoints" + cur, body);
    if (out.printData(e)) return true;
    System.out.println("created " + e.get("id") + " (" + e.get("status") + ")");
    endpointSummary(e, out);
    return true;
  }

  @SuppressWarnings("unchecked")
  static boolean listEndpoints(Output out) {
    Optional<ServerClient> srv = server();
    if (srv.isEmpty()) return false;
    String cur = currency(out);
    via(srv.get());
    Map<String, Object> all = srv.get().getObject("/api/v1/serverless/endpoints" + cur);
    // as the local command: {"endpoints": [...]}, with currency and fx when converted
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("endpoints", all.get("endpoints"));
    if (out.printData(rates(tree, all))) return true;
    Table t = new Table("ID", "TEMPLATE", "STATUS", "REPLICAS", "GPU", "PRICE/H", "TYPE", "URL");
    for (Map<String, Object> e : (List<Map<String, Object>>) all.get("endpoints")) {
      Map<String, Object> as = (Map<String, Object>) e.get("auto_scaling");
      t.row(e.get("id"), e.get("template"), e.get("status"), num(as.get("ready_instances")) + "/"
          + num(as.get("current_instances")) + " (" + num(as.get("min")) + ".." + num(as.get("max")) + ")",
          e.get("gpu"), out.converted(e.get("price_per_hour")), e.get("machine_type"), e.get("url"));
    }
    t.print(System.out, out.wide());
    return true;
  }

  static boolean showEndpoint(String id, Output out) {
    Optional<ServerClient> srv = server();
    if (srv.isEmpty()) return false;
    String cur = currency(out);
    via(srv.get());
    Map<String, Object> e = srv.get().getObject("/api/v1/serverless/endpoints/" + enc(id) + cur);
    if (!out.printData(e)) endpointSummary(e, out);
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

  static boolean endpointStats(String id, Output out) {
    Optional<ServerClient> srv = server();
    if (srv.isEmpty()) return false;
    String cur = currency(out);
    via(srv.get());
    Map<String, Object> st = srv.get().getObject((id == null ? "/api/v1/serverless/stats"
        : "/api/v1/serverless/endpoints/" + enc(id) + "/stats") + cur);
    if (out.printData(st)) return true;
    st.forEach((k, v) -> {
      if (k.equals("currency") || k.equals("fx")) return; // the amounts name their currency
      if (v instanceof Map<?, ?>) return; // the per-kind cold starts: in -o json
      System.out.printf("%-22s %s%n", k + ":", MONEY_KEYS.contains(k) ? out.converted(v) : text(v));
    });
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

  private static void endpointSummary(Map<String, Object> e, Output out) {
    for (String k : List.of("id", "template", "model_id", "status", "machine_type", "gpu", "price_per_hour", "url")) {
      Object v = e.get(k);
      System.out.printf("%-16s %s%n", k + ":", k.equals("price_per_hour") ? out.converted(v) : v == null ? "-" : v);
    }
  }

  /** The stats keys that hold money (the server converted them). */
  private static final java.util.Set<String> MONEY_KEYS = java.util.Set.of("total_cost_24h", "storage_cost_24h");

  /**
   * The query that asks the server for the chosen currency ({@code --currency}, else the configured one):
   * empty for US dollars, so the answers are the ones the server always gave. A bad code fails here, naming the
   * flag, before the server is asked anything.
   */
  static String currency(Output out) {
    com.dumontcloud.sdk.pricing.CurrencyView v = out.view();
    return v.asIs() ? "" : "?currency=" + v.currency("USD");
  }

  /** {@code tree} with the {@code currency} and {@code fx} of the server's {@code answer}, when it converted. */
  private static Map<String, Object> rates(Map<String, Object> tree, Map<String, Object> answer) {
    if (!answer.containsKey("currency")) return tree;
    Map<String, Object> m = new LinkedHashMap<>(tree);
    m.put("currency", answer.get("currency"));
    if (answer.containsKey("fx")) m.put("fx", answer.get("fx"));
    return m;
  }

  /** Whole numbers parsed from JSON print without {@code .0}. */
  private static String text(Object v) {
    if (v instanceof Double d && d == Math.rint(d) && !d.isInfinite()) return String.valueOf(d.longValue());
    return String.valueOf(v);
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static int num(Object o) {
    return o instanceof Number n ? n.intValue() : 0;
  }
}
