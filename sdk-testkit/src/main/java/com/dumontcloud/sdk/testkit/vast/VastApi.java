package com.dumontcloud.sdk.testkit.vast;

import static com.dumontcloud.sdk.testkit.vast.VastFilters.matches;
import static com.dumontcloud.sdk.testkit.vast.VastFilters.num;
import static com.dumontcloud.sdk.testkit.vast.VastFilters.toNumber;

import com.dumontcloud.sdk.testkit.http.FakeProviderServer;
import com.dumontcloud.sdk.testkit.http.JsonTrees;
import com.dumontcloud.sdk.testkit.http.Request;
import com.dumontcloud.sdk.testkit.http.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The state of a {@link FakeVastServer} and the handlers over it, registered in one route table
 * ({@link #register}). Every handler runs under {@link #lock}.
 */
final class VastApi {
  static final Pattern LOG_FILE = Pattern.compile("/fake-logs/([A-Za-z0-9-]+)\\.log");
  private static final Pattern DIGITS = Pattern.compile("\\d+");
  private static final Set<String> V1_FILTERABLE = Set.of("label", "id", "actual_status", "gpu_name", "verification",
      "intended_status", "machine_id");

  final Object lock = new Object();
  final Map<Long, Map<String, Object>> offers = new LinkedHashMap<>();
  final Map<Long, VastInstance> instances = new TreeMap<>();
  final List<Map<String, Object>> templates = new ArrayList<>();
  final List<Map<String, Object>> volumes = new ArrayList<>();
  final Map<Long, String> logs = new HashMap<>();
  final FakeVastSshKeys sshKeys = new FakeVastSshKeys();
  private final Map<String, Integer> logPolls = new HashMap<>();
  private final Set<Integer> portsHandedOut = new HashSet<>();
  private final String baseUrl;
  volatile String apiKey = FakeVastServer.DEFAULT_API_KEY;
  volatile int badKeyStatus = 401;
  volatile int sshGatewayPort;
  /** Loopback port every container port of new instances maps to (0: a free port each, nothing listening). */
  int workloadPort;
  volatile BiConsumer<Long, String> onKeyAttached = (id, key) -> {};
  long nextInstanceId = 41_300_001L;
  boolean autoAdvance = true;
  boolean queueStarts;
  boolean v0ListGone;
  boolean v1ListGone;
  int pageSize = 25;
  int bidRejectionStatus = 200;
  int logsNotReadyPolls = 1;
  double credit = 25.0;
  double balance;
  Clock clock = Clock.systemUTC();

  VastApi(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** The whole API: guard, auth, error answers and the route table. */
  void register(FakeProviderServer s) {
    s.guard(r -> FakeVastServer.keyInUrl(r.query()) ? json(400, Map.of("success", false, "error", "invalid_request",
            "msg", "this fake refuses API keys in query strings; send Authorization: Bearer")) : null)
        .authCheck(this::authorized)
        .unauthorized(r -> badKey(badKeyStatus))
        .notFound(r -> notFound())
        .methodNotAllowed((r, allowed) -> notFound())
        .onError((r, e) -> json(400, Map.of("success", false, "error", "invalid_args", "msg",
            "error 400/1782: Invalid args: " + e.getMessage())));
    s.route("POST", "/api/v0/bundles/", locked(r -> search(r.bodyText())))
        .route("PUT", "/api/v0/asks/{id}/", byId(this::create))
        .route("GET", "/api/v1/instances/", locked(r -> listV1(r.queryParams())))
        .route("GET", "/api/v0/instances/", locked(r -> listV0()))
        .route("PUT", "/api/v0/instances/bid_price/{id}/", byId(this::changeBid))
        .route("PUT", "/api/v0/instances/request_logs/{id}/", byId((id, r) -> requestLogs(id)))
        .route("GET", "/fake-logs/{file}", locked(this::logFile))
        .route("POST", "/api/v0/instances/{id}/ssh/", byId(this::attachKey))
        .route("GET", "/api/v0/ssh/", locked(r -> reply(sshKeys.listAccount())))
        .route("POST", "/api/v0/ssh/", locked(r -> reply(sshKeys.addAccount(JsonTrees.parse(r.bodyText())))))
        .route("GET", "/api/v0/instances/{id}/", byId((id, r) -> show(id)))
        .route("PUT", "/api/v0/instances/{id}/", byId(this::manage))
        .route("DELETE", "/api/v0/instances/{id}/", byId((id, r) -> destroy(id)))
        .route("GET", "/api/v0/users/current/", locked(r -> user()))
        .route("GET", "/api/v0/template/", locked(r -> json(200, Map.of("success", true, "templates", templates))))
        .route("GET", "/api/v0/volumes/", locked(r -> json(200, Map.of("volumes", volumes))));
  }

  private boolean authorized(Request r) {
    String key = apiKey;
    if (key == null || LOG_FILE.matcher(r.path()).matches()) return true;
    String auth = r.header("Authorization");
    if (("Bearer " + key).equals(auth)) return true;
    boolean anonymousOk = "POST".equals(r.method()) && "/api/v0/bundles/".equals(r.path());
    return anonymousOk && auth == null;
  }

  private interface IdHandler {
    Response handle(long id, Request r);
  }

  private FakeProviderServer.Handler locked(Function<Request, Response> h) {
    return r -> {
      synchronized (lock) {
        return h.apply(r);
      }
    };
  }

  /** Vast's ids are digits; any other segment is an unknown endpoint. */
  private FakeProviderServer.Handler byId(IdHandler h) {
    return locked(r -> {
      String id = r.pathParam("id");
      return DIGITS.matcher(id).matches() ? h.handle(Long.parseLong(id), r) : notFound();
    });
  }

  /** A loopback port that is free right now and that this fake has not handed out before (nothing listens on it). */
  int freeLoopbackPort() {
    for (int attempt = 0; attempt < 100; attempt++) {
      int port;
      try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = probe.getLocalPort();
      } catch (IOException e) {
        throw new UncheckedIOException("the fake Vast server found no free loopback port", e);
      }
      if (portsHandedOut.add(port)) return port;
    }
    throw new IllegalStateException("the fake Vast server found no loopback port it had not handed out already");
  }

  VastInstance instance(long id) {
    VastInstance i = instances.get(id);
    if (i == null) throw new IllegalArgumentException("no fake Vast instance " + id);
    return i;
  }

  // ---- offers

  @SuppressWarnings("unchecked")
  private Response search(String body) {
    Object parsed;
    try {
      parsed = JsonTrees.parse(body);
    } catch (RuntimeException e) {
      return json(400, Map.of("error", "invalid_request", "msg", "Invalid json body"));
    }
    if (!(parsed instanceof Map)) return json(400, Map.of("error", "invalid_request", "msg", "Invalid json body"));
    Map<String, Object> q = (Map<String, Object>) parsed;
    String type = String.valueOf(q.getOrDefault("type", "on-demand"));
    boolean bid = type.equals("bid") || type.equals("interruptible");
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> o : offers.values()) {
      if (matches(o, q)) out.add(bid ? VastFilters.bidView(o) : new LinkedHashMap<>(o));
    }
    Object order = q.get("order");
    if (order instanceof List<?> ol && !ol.isEmpty() && ol.get(0) instanceof List<?> first && first.size() == 2) {
      String field = String.valueOf(first.get(0));
      boolean desc = "desc".equalsIgnoreCase(String.valueOf(first.get(1)));
      out.sort((a, b) -> {
        double x = num(a.get(field));
        double y = num(b.get(field));
        return desc ? Double.compare(y, x) : Double.compare(x, y);
      });
    }
    long limit = q.get("limit") instanceof Long l ? l : 64;
    if (out.size() > limit) out = new ArrayList<>(out.subList(0, (int) limit));
    for (int i = 0; i < out.size(); i++) out.get(i).put("rn", (long) i + 1);
    return json(200, Map.of("offers", out));
  }

  // ---- create

  @SuppressWarnings("unchecked")
  private Response create(long askId, Request r) {
    Object parsed;
    try {
      parsed = JsonTrees.parse(r.bodyText());
    } catch (RuntimeException e) {
      return json(400, Map.of("success", false, "error", "invalid_args", "msg", "error 400/1782: Invalid args: invalid json: {}"));
    }
    if (!(parsed instanceof Map)) {
      return json(400, Map.of("success", false, "error", "invalid_args", "msg", "error 400/1782: Invalid args: invalid json: {}"));
    }
    Map<String, Object> req = (Map<String, Object>) parsed;
    Map<String, Object> offer = offers.get(askId);
    if (offer == null || Boolean.TRUE.equals(offer.get("rented"))) {
      return json(404, Map.of("success", false, "error", "invalid_args", "msg", "error 404/3603: no_such_ask Instance "
          + "type by id " + askId + " is not available.", "ask_id", askId));
    }
    if (!(req.get("image") instanceof String) && !(req.get("template_hash_id") instanceof String)) {
      return json(400, Map.of("success", false, "error", "invalid_args", "msg",
          "error 400/3467: Invalid args: an image or a template_hash_id is required", "ask_id", askId));
    }
    Double price = req.get("price") instanceof Number n ? n.doubleValue() : null;
    VastInstance i = new VastInstance(nextInstanceId++, askId, offer, req, price, clock.instant().toEpochMilli() / 1000.0,
        this::freeLoopbackPort, () -> sshGatewayPort, workloadPort);
    instances.put(i.id, i);
    offer.put("rented", true);
    offer.put("rentable", false);
    double minBid = num(offer.get("min_bid"));
    if (price != null && !Double.isNaN(minBid) && price < minBid) {
      i.stopAll("created");
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("success", false);
      out.put("new_contract", i.id);
      out.put("error", "bid_too_low");
      out.put("msg", "Your bid is below the current winning bid; the instance was created in the stopped state.");
      return json(bidRejectionStatus, out);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("success", true);
    out.put("new_contract", i.id);
    out.put("instance_api_key", String.format("%064x", i.id * 7919));
    return json(200, out);
  }

  // ---- instances

  private Response show(long id) {
    VastInstance i = instances.get(id);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("instances", i == null ? null : i.toJson());
    if (i != null && autoAdvance) i.step();
    return json(200, out);
  }

  @SuppressWarnings("unchecked")
  private Response listV1(Map<String, String> params) {
    if (v1ListGone) return json(404, Map.of("success", false, "error", "not_found", "msg", "no such endpoint"));
    int limit = pageSize;
    if (params.containsKey("limit")) {
      try {
        int l = Integer.parseInt(params.get("limit"));
        limit = l <= 0 ? 5 : Math.min(l, pageSize);
      } catch (NumberFormatException e) {
        return json(400, Map.of("error", "invalid_request", "msg", "Error in query parameters: limit"));
      }
    }
    Map<String, Object> filters = Map.of();
    if (params.containsKey("select_filters")) {
      Object f;
      try {
        f = JsonTrees.parse(params.get("select_filters"));
      } catch (RuntimeException e) {
        return json(400, Map.of("error", "invalid_request", "msg", "Error in query parameters: select_filters"));
      }
      if (!(f instanceof Map)) return json(400, Map.of("error", "invalid_request", "msg", "Error in query parameters: select_filters"));
      filters = (Map<String, Object>) f;
      for (String k : filters.keySet()) {
        if (!V1_FILTERABLE.contains(k)) {
          return json(400, Map.of("error", "invalid_request", "msg", "Error in query parameters: " + k
              + " is not a valid search key"));
        }
      }
    }
    long after = Long.MIN_VALUE;
    if (params.containsKey("after_token")) {
      try {
        String decoded = new String(Base64.getDecoder().decode(params.get("after_token")), StandardCharsets.UTF_8);
        Map<String, Object> t = (Map<String, Object>) JsonTrees.parse(decoded);
        after = (Long) ((Map<String, Object>) t.get("values")).get("id");
      } catch (RuntimeException e) {
        return json(400, Map.of("error", "invalid_token", "msg", "Error in query parameters: invalid after_token"));
      }
    }
    List<VastInstance> matching = new ArrayList<>();
    Map<String, Object> labelCounts = new LinkedHashMap<>();
    for (VastInstance i : instances.values()) {
      Map<String, Object> view = i.toJson();
      labelCounts.merge(i.label == null ? "" : i.label, 1L, (a, b) -> (Long) a + (Long) b);
      if (matches(view, filters)) matching.add(i);
    }
    List<Map<String, Object>> page = new ArrayList<>();
    List<VastInstance> shown = new ArrayList<>();
    boolean more = false;
    for (VastInstance i : matching) {
      if (i.id <= after) continue;
      if (page.size() == limit) {
        more = true;
        break;
      }
      page.add(i.toJson());
      shown.add(i);
    }
    if (autoAdvance) shown.forEach(VastInstance::step);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("success", true);
    out.put("instances_found", (long) page.size());
    out.put("total_instances", (long) matching.size());
    out.put("label_counts", labelCounts);
    out.put("next_token", more ? Base64.getEncoder().encodeToString(("{\"values\": {\"id\": "
        + shown.get(shown.size() - 1).id + "}}").getBytes(StandardCharsets.UTF_8)) : null);
    out.put("instances", page);
    return json(200, out);
  }

  private Response listV0() {
    if (v0ListGone) {
      return json(410, Map.of("success", false, "error", "deprecated_endpoint", "msg", "Use /api/v1/instances/ instead"));
    }
    List<Map<String, Object>> all = new ArrayList<>();
    for (VastInstance i : instances.values()) all.add(i.toJson());
    if (autoAdvance) instances.values().forEach(VastInstance::step);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("instances_found", (long) all.size());
    out.put("instances", all);
    return json(200, out);
  }

  private Response manage(long id, Request r) {
    String body = r.bodyText();
    VastInstance i = instances.get(id);
    if (i == null) return noSuchInstance();
    Map<String, Object> req = (Map<String, Object>) JsonTrees.parse(body);
    if (req.containsKey("label")) {
      String label = req.get("label") == null ? null : String.valueOf(req.get("label"));
      if (label != null && label.length() > 1024) {
        return json(400, Map.of("success", false, "error", "invalid_args", "msg",
            "error 400/1782: Invalid args: label longer than 1024 characters"));
      }
      i.label = label;
      return json(200, Map.of("success", true, "msg", "label for " + id + " set to '" + i.label + "'."));
    }
    Object state = req.get("state");
    if ("stopped".equals(state)) {
      i.requestStop();
      return json(200, Map.of("success", true));
    }
    if ("running".equals(state)) {
      if ("running".equals(i.intended) && "running".equals(i.cur)) return json(200, Map.of("success", true));
      if (!i.requestStart(queueStarts)) {
        return json(200, Map.of("success", false, "error", "resources_unavailable",
            "msg", "Required resources are currently unavailable on this machine; state change queued."));
      }
      return json(200, Map.of("success", true));
    }
    return json(400, Map.of("success", false, "error", "invalid_args", "msg", "error 400/1782: Invalid args: " + body));
  }

  private Response destroy(long id) {
    VastInstance i = instances.remove(id);
    if (i == null) return noSuchInstance();
    sshKeys.forget(id);
    Map<String, Object> offer = offers.get(i.askId);
    if (offer != null) {
      offer.put("rented", false);
      offer.put("rentable", true);
    }
    return json(200, Map.of("success", true, "msg", "Instance destroyed successfully"));
  }

  @SuppressWarnings("unchecked")
  private Response changeBid(long id, Request r) {
    String body = r.bodyText();
    VastInstance i = instances.get(id);
    if (i == null) return noSuchInstance();
    Map<String, Object> req = (Map<String, Object>) JsonTrees.parse(body);
    double price = toNumber(req.get("price"));
    if (Double.isNaN(price) || price < 0.001) {
      return json(400, Map.of("success", false, "error", "invalid_args", "msg", "Please set a bid price >= 0.001."));
    }
    i.bid = price;
    double minBid = num(i.offer.get("min_bid"));
    if (i.outbid && (Double.isNaN(minBid) || price >= minBid)) {
      i.rebidAfterOutbid();
    }
    return json(200, Map.of("success", true));
  }

  private Response requestLogs(long id) {
    if (!instances.containsKey(id)) return json(404, Map.of("error", "invalid_id", "msg", "Invalid instance id."));
    String token = id + "-" + Long.toHexString(System.nanoTime());
    logPolls.put(token, 0);
    return json(200, Map.of("success", true, "result_url", baseUrl + "/fake-logs/" + token + ".log",
        "msg", "Logs requested; they will be available at result_url shortly."));
  }

  private Response logFile(Request r) {
    java.util.regex.Matcher m = LOG_FILE.matcher(r.path());
    if (!m.matches()) return notFound();
    String token = m.group(1);
    Integer polls = logPolls.get(token);
    if (polls == null) return Response.of(404, "<Error><Code>NoSuchKey</Code></Error>");
    logPolls.put(token, polls + 1);
    if (polls < logsNotReadyPolls) return Response.of(404, "<Error><Code>NoSuchKey</Code></Error>");
    long id = Long.parseLong(token.substring(0, token.indexOf('-')));
    String text = logs.getOrDefault(id, "==> /var/log/onstart.log <==\nstarting up\n");
    return Response.text(200, text);
  }

  private Response user() {
    Map<String, Object> u = new LinkedHashMap<>();
    u.put("id", 123456L);
    u.put("key_id", 987654L);
    u.put("username", "fake-user");
    u.put("email", "fake-user@example.com");
    u.put("balance", balance);
    u.put("credit", credit);
    u.put("ssh_key", null);
    u.put("api_key", apiKey); // the real answer carries the key too: clients must never log this object
    return json(200, u);
  }

  // ---- helpers

  private Response reply(FakeVastSshKeys.Reply r) {
    return json(r.status(), r.body());
  }


  private Response attachKey(long id, Request r) {
    if (!instances.containsKey(id)) return noSuchInstance();
    Object parsed = JsonTrees.parse(r.bodyText());
    FakeVastSshKeys.Reply reply = sshKeys.attach(id, parsed);
    if (parsed instanceof Map<?, ?> pm && pm.get("ssh_key") instanceof String key) onKeyAttached.accept(id, key);
    return reply(reply);
  }

  static Response badKey(int status) {
    return json(status, Map.of("success", false, "error", "auth_error", "msg", "Invalid user key"));
  }

  private static Response noSuchInstance() {
    return json(404, Map.of("success", false, "error", "no_such_instance", "msg", "Instance with that ID does not exist."));
  }

  private static Response notFound() {
    return json(404, Map.of("success", false, "error", "not_found", "msg", "no such endpoint (paths end with '/')"));
  }

  static Response json(int status, Object body) {
    return Response.json(status, body);
  }
}
