package com.dumontcloud.sdk.testkit.tensordock;

import com.dumontcloud.sdk.testkit.http.Fault;
import com.dumontcloud.sdk.testkit.http.FakeProviderServer;
import com.dumontcloud.sdk.testkit.http.Request;
import com.dumontcloud.sdk.testkit.http.Response;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * TensorDock on loopback, both API generations over one state (hostnodes, location-only capacity and instances),
 * as route handlers on {@link FakeProviderServer}: v2 under {@link #baseUrl()} (bearer {@link #token()}, JSON) and
 * the legacy v0 under {@link #v0BaseUrl()} (form-encoded POSTs with {@link #v0Key()} + {@link #token()} as
 * {@code api_key}/{@code api_token}; {@code GET /client/deploy/hostnodes} is public). Every address handed out is
 * {@code 127.0.0.1}.
 *
 * <p>Transitions (creating/starting → running, stopping → stopped or stoppeddisassociated) complete on
 * {@link #settle()}, so tests control time. Injected quirks, each reproducing a documented or observed behaviour
 * of the real API (reference {@code tensordock-api.md} section 7):
 * <ul>
 *   <li>{@link #envelope(Envelope)}: the three list wrappings, the unwrapped and wrapped detail, camelCase or
 *       snake_case field names;
 *   <li>{@link #staleCapacity(String, int)}: the hostnode keeps listing free GPUs but creates on it answer
 *       {@code 200 {"status":400,"error":"No available nodes found"}} (an HTTP-200 error body);
 *   <li>{@link #dropPortForward(int)}: the instance runs but the forward of that internal port is missing;
 *   <li>{@link #failNextDelete()}: the next delete (either generation) answers a bare 500 and deletes nothing, so
 *       sending it again succeeds;
 *   <li>{@link #rateLimitNext(int, int)}: 429s with {@code Retry-After};
 *   <li>v0: {@code success:false} bodies on HTTP 200 (bad key pair, low bid), the 500 state conflicts
 *       ("Machine is running, therefore it cannot be started"), "already terminated" on a second delete, spot VMs
 *       and {@link #outbid(String)}.
 * </ul>
 * Other faults (HTML 502s, dropped connections, latency) through {@link #api()}.
 */
public final class FakeTensorDockServer implements AutoCloseable {
  /** How v2 list and detail answers are wrapped and spelled. */
  public enum Envelope {
    /** {@code {"data":{"instances":[{type,id,attributes}]}}} and an unwrapped camelCase detail (the docs). */
    DOCUMENTED,
    /** {@code {"data":[flat, ...]}} and {@code {"data":{id,type,attributes}}} detail (observed live). */
    ARRAY_AND_WRAPPED,
    /**
     * {@code {"data":{"type":"list","id":"instances","attributes":{"instances":[..]}}}} (the getting-started page)
     * and a {@code {"data":{flat}}} detail, with snake_case {@code ip_address}, {@code port_forwards},
     * {@code rate_hourly} mixed into the camelCase rest.
     */
    NESTED_SNAKE_CASE
  }

  /** The v0 API's path prefix on this server. */
  public static final String V0_PREFIX = "/api/v0";
  private static final String LOOPBACK = "127.0.0.1";

  private final FakeProviderServer api;
  private final String token;
  private final String v0Key;
  private final Map<String, Map<String, Object>> hostnodes = new LinkedHashMap<>();
  private final Map<String, Map<String, Object>> locationOnly = new LinkedHashMap<>();
  private final Map<String, Map<String, Object>> instances = new LinkedHashMap<>();
  private final Map<String, Integer> stale = new HashMap<>();
  private final Set<Integer> droppedForwards = new HashSet<>();
  private volatile Envelope envelope = Envelope.DOCUMENTED;
  private volatile double spotFloor;

  private FakeTensorDockServer(String token, String v0Key) {
    this.token = token;
    this.v0Key = v0Key;
    this.api = FakeProviderServer.start().authCheck(this::authorised)
        .unauthorized(r -> Response.json(401, Map.of("error", "Unauthorized")))
        .notFound(r -> Response.json(404, Map.of("error", "Not found")))
        .route("GET", "/hostnodes", r -> Response.json(200, Map.of("data", Map.of("hostnodes", hostnodeList()))))
        .route("GET", "/hostnodes/{id}", r -> hostnode(r.pathParam("id")))
        .route("GET", "/locations", r -> Response.json(200, Map.of("data", Map.of("locations", locations()))))
        .route("GET", "/instances", r -> listInstances())
        .route("POST", "/instances", this::create)
        .route("GET", "/instances/{id}", r -> detail(r.pathParam("id")))
        .route("POST", "/instances/{id}/start", r -> transition(r.pathParam("id"), "starting"))
        .route("POST", "/instances/{id}/stop", r -> transition(r.pathParam("id"), "stopping"))
        .route("DELETE", "/instances/{id}", r -> delete(r.pathParam("id")))
        .route("GET", V0_PREFIX + "/client/deploy/hostnodes", r -> v0Hostnodes())
        .route("POST", V0_PREFIX + "/client/deploy/single", r -> v0(r, this::v0Deploy))
        .route("POST", V0_PREFIX + "/client/list", r -> v0(r, f -> v0List()))
        .route("POST", V0_PREFIX + "/client/get/single", r -> v0(r, this::v0Get))
        .route("POST", V0_PREFIX + "/client/start/single", r -> v0(r, this::v0Start))
        .route("POST", V0_PREFIX + "/client/stop/single", r -> v0(r, this::v0Stop))
        .route("POST", V0_PREFIX + "/client/delete/single", r -> v0(r, this::v0Delete))
        .route("POST", V0_PREFIX + "/client/spot/validate/existing", r -> v0(r, this::v0Validate));
  }

  public static FakeTensorDockServer start() {
    String id = UUID.randomUUID().toString();
    return new FakeTensorDockServer("td-test-token-" + id.substring(0, 8), "td-test-key-" + id.substring(9, 13));
  }

  /** The underlying server: call log, faults ({@code failNext("POST", "/instances", Fault.json(200, ...))}). */
  public FakeProviderServer api() {
    return api;
  }

  /** The v2 base URL. */
  public String baseUrl() {
    return api.baseUrl();
  }

  /** The v0 base URL ({@code .../api/v0}). */
  public String v0BaseUrl() {
    return api.baseUrl() + V0_PREFIX;
  }

  /** The v2 bearer token, also the v0 {@code api_token}. */
  public String token() {
    return token;
  }

  /** The v0 {@code api_key}. */
  public String v0Key() {
    return v0Key;
  }

  public FakeTensorDockServer envelope(Envelope e) {
    envelope = e;
    return this;
  }

  /** v0 spot deploys and re-bids below this USD/hour answer {@code success:false} (default 0). */
  public FakeTensorDockServer spotFloor(double usdPerHour) {
    spotFloor = usdPerHour;
    return this;
  }

  /**
   * Add a hostnode with one GPU model.
   *
   * @param prices per GPU, per vCPU, per GB RAM, per GB disk (USD/hour)
   * @return the hostnode id
   */
  public synchronized String addHostnode(String v0Name, int gpus, List<Integer> ports, double... prices) {
    String id = UUID.randomUUID().toString();
    Map<String, Object> gpu = new LinkedHashMap<>(Map.of("v0Name", v0Name, "availableCount", gpus,
        "price_per_hr", prices[0]));
    Map<String, Object> res = new LinkedHashMap<>();
    res.put("gpus", new ArrayList<>(List.of(gpu)));
    res.put("vcpu_count", 64);
    res.put("ram_gb", 512);
    res.put("storage_gb", 4000);
    res.put("max_vcpus_per_gpu", 16);
    res.put("max_ram_per_gpu", 128);
    res.put("available_ports", new ArrayList<>(ports));
    res.put("has_public_ip_available", false);
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("id", id);
    h.put("location_id", "1a779525-0000-4000-8000-000000000001");
    h.put("uptime_percentage", 99.5);
    h.put("available_resources", res);
    h.put("pricing", Map.of("per_vcpu_hr", prices[1], "per_gb_ram_hr", prices[2], "per_gb_storage_hr", prices[3]));
    h.put("location", Map.of("uuid", "1a779525-0000-4000-8000-000000000001", "city", "Chicago",
        "stateprovince", "Illinois", "country", "United States", "tier", 2, "network_speed_gbps", 1,
        "network_speed_upload_gbps", 1));
    hostnodes.put(id, h);
    return id;
  }

  /**
   * Add capacity that only {@code GET /locations} shows (no hostnode is listed for it): a location in Frankfurt with
   * {@code maxCount} GPUs of one model, deployable with {@code location_id}.
   *
   * @return the location id
   */
  public synchronized String addLocation(String v0Name, int maxCount, double pricePerGpu, boolean dedicatedIp) {
    String id = UUID.randomUUID().toString();
    Map<String, Object> l = new LinkedHashMap<>();
    l.put("id", id);
    l.put("city", "Frankfurt");
    l.put("stateprovince", "Hesse");
    l.put("country", "Germany");
    l.put("tier", 2);
    l.put("gpus", new ArrayList<>(List.of(locationGpu(v0Name, maxCount, pricePerGpu, 0.003, 0.002, 0.00005,
        dedicatedIp))));
    locationOnly.put(id, l);
    return id;
  }

  /** Set a hostnode's free GPUs of every model to {@code count}. */
  @SuppressWarnings("unchecked")
  public synchronized void setAvailable(String hostnodeId, int count) {
    for (Object g : (List<Object>) resources(hostnodes.get(hostnodeId)).get("gpus")) {
      ((Map<String, Object>) g).put("availableCount", count);
    }
  }

  /** Take every GPU of the hostnode away (someone else rented them). */
  public synchronized void exhaust(String hostnodeId) {
    setAvailable(hostnodeId, 0);
  }

  /** The hostnode keeps listing its free GPUs, but the next {@code times} creates on it fail "No available nodes". */
  public synchronized void staleCapacity(String hostnodeId, int times) {
    stale.put(hostnodeId, times);
  }

  /** From now on, instances come up without the forward of this internal port (TensorDock ignored it). */
  public synchronized void dropPortForward(int internalPort) {
    droppedForwards.add(internalPort);
  }

  /** The next delete, v2 or v0, answers a bare 500 without deleting anything. */
  public void failNextDelete() {
    api.failNext("DELETE", "/instances/{id}", Fault.status(500, "Internal Server Error"));
    api.failNext("POST", V0_PREFIX + "/client/delete/single", Fault.status(500, "Internal Server Error"));
  }

  /** The next {@code times} requests, whatever they are, answer 429 with {@code Retry-After: seconds}. */
  public void rateLimitNext(int times, int retryAfterSeconds) {
    api.fail("*", "/**", times, Fault.respond(Response.json(429, Map.of("error", "Too many requests"))
        .withHeader("Retry-After", String.valueOf(retryAfterSeconds))).beforeAuth());
  }

  /** Complete pending transitions: creating/starting → running (IP 127.0.0.1), stopping → stopped. */
  public synchronized void settle() {
    for (Map<String, Object> i : instances.values()) {
      switch ((String) i.get("status")) {
        case "creating", "starting" -> {
          i.put("status", "running");
          i.put("ipAddress", LOOPBACK);
          @SuppressWarnings("unchecked")
          List<Map<String, Object>> asked = (List<Map<String, Object>>) i.get("requestedForwards");
          i.put("portForwards", asked.stream().filter(f -> !droppedForwards.contains(
              ((Number) f.get("internal_port")).intValue())).toList());
        }
        case "stopping" -> i.put("status", Boolean.TRUE.equals(i.remove("release")) ? "stoppeddisassociated"
            : "stopped");
        default -> { }
      }
    }
  }

  /** The raw status of an instance, or null when it is gone. */
  public synchronized String status(String id) {
    Map<String, Object> i = instances.get(id);
    return i == null ? null : (String) i.get("status");
  }

  /** Force a status ("error", "stoppeddisassociated", ...). */
  public synchronized void setStatus(String id, String status) {
    instances.get(id).put("status", status.toLowerCase(Locale.ROOT));
  }

  /** A v0 spot instance loses its bid: status {@code Outbid}. */
  public synchronized void outbid(String id) {
    setStatus(id, "outbid");
  }

  /** Remove an instance as if TensorDock had deleted it (zero balance, host gone). */
  public synchronized void remove(String id) {
    Map<String, Object> i = instances.remove(id);
    if (i != null) giveBack(i);
  }

  /** The ids of the instances, in creation order. */
  public synchronized List<String> instanceIds() {
    return List.copyOf(instances.keySet());
  }

  /** The bid of a v0 spot instance, or null. */
  public synchronized Double bid(String id) {
    Map<String, Object> i = instances.get(id);
    return i == null ? null : (Double) i.get("bid");
  }

  // ------------------------------------------------------------------ auth

  private boolean authorised(Request r) {
    if (r.path().startsWith(V0_PREFIX)) return true; // v0 checks the key pair in the form (200 success:false)
    return ("Bearer " + token).equals(r.header("Authorization"));
  }

  private interface V0Handler {
    Response handle(Map<String, String> form);
  }

  private Response v0(Request r, V0Handler h) {
    Map<String, String> f = form(r.bodyText());
    if (!v0Key.equals(f.get("api_key")) || !token.equals(f.get("api_token"))) {
      return Response.json(200, Map.of("success", false, "error", "Invalid authorization key or token"));
    }
    synchronized (this) {
      return h.handle(f);
    }
  }

  private static Map<String, String> form(String body) {
    Map<String, String> out = new LinkedHashMap<>();
    if (body == null || body.isBlank()) return out;
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }

  // ------------------------------------------------------------------ state shared by both generations

  @SuppressWarnings("unchecked")
  private static Map<String, Object> resources(Map<String, Object> h) {
    return (Map<String, Object>) h.get("available_resources");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> hostGpu(Map<String, Object> h, String v0Name) {
    if (h == null) return null;
    for (Object g : (List<Object>) resources(h).get("gpus")) {
      if (v0Name.equals(((Map<String, Object>) g).get("v0Name"))) return (Map<String, Object>) g;
    }
    return null;
  }

  private static int intOf(Object o) {
    return o instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(o).trim());
  }

  private static double dbl(Object o) {
    return o instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(o).trim());
  }

  /**
   * Place an instance: on the hostnode (or on a hostnode of the location, or on location-only capacity), taking
   * its GPUs. Null answer: placed; otherwise the error message for the caller to wrap.
   */
  @SuppressWarnings("unchecked")
  private String place(Map<String, Object> i, String hostnodeId, String locationId, String v0Name, int count) {
    if (hostnodeId == null && locationId != null) {
      for (Map<String, Object> h : hostnodes.values()) {
        Map<String, Object> g = hostGpu(h, v0Name);
        if (locationId.equals(h.get("location_id")) && g != null && intOf(g.get("availableCount")) >= count) {
          hostnodeId = (String) h.get("id");
        }
      }
      Map<String, Object> l = locationOnly.get(locationId);
      if (hostnodeId == null && l != null) {
        Map<String, Object> g = (Map<String, Object>) ((List<Object>) l.get("gpus")).get(0);
        if (!v0Name.equals(g.get("v0Name")) || intOf(g.get("max_count")) < count) return "No available nodes found";
        g.put("max_count", intOf(g.get("max_count")) - count);
        i.put("location", locationId);
        i.put("rateHourly", dbl(g.get("price_per_hr")) * count);
        return null;
      }
    }
    Map<String, Object> h = hostnodeId == null ? null : hostnodes.get(hostnodeId);
    Map<String, Object> g = hostGpu(h, v0Name);
    Integer staleLeft = stale.get(hostnodeId);
    if (staleLeft != null && staleLeft > 0) {
      stale.put(hostnodeId, staleLeft - 1);
      return "No available nodes found";
    }
    if (g == null || intOf(g.get("availableCount")) < count) return "No available nodes found";
    g.put("availableCount", intOf(g.get("availableCount")) - count);
    Map<String, Object> p = (Map<String, Object>) h.get("pricing");
    Map<String, Object> res = (Map<String, Object>) i.get("resources");
    i.put("hostnode", hostnodeId);
    i.put("rateHourly", dbl(g.get("price_per_hr")) * count
        + dbl(p.get("per_vcpu_hr")) * dbl(res.get("vcpu_count")) + dbl(p.get("per_gb_ram_hr")) * dbl(res.get("ram_gb"))
        + dbl(p.get("per_gb_storage_hr")) * dbl(res.get("storage_gb")));
    return null;
  }

  /** Return an instance's GPUs to its hostnode (deleted, or stopped releasing resources). */
  @SuppressWarnings("unchecked")
  private void giveBack(Map<String, Object> i) {
    if (Boolean.TRUE.equals(i.get("released"))) return;
    i.put("released", true);
    Map<String, Object> gpus = (Map<String, Object>) ((Map<String, Object>) i.get("resources")).get("gpus");
    for (Map.Entry<String, Object> e : gpus.entrySet()) {
      Map<String, Object> g = hostGpu(hostnodes.get((String) i.get("hostnode")), e.getKey());
      if (g != null) {
        g.put("availableCount", intOf(g.get("availableCount")) + intOf(((Map<String, Object>) e.getValue())
            .get("count")));
      }
    }
  }

  private Map<String, Object> newInstance(String name, String v0Name, int count, Object vcpus, Object ram,
      Object storage, List<Map<String, Object>> forwards) {
    Map<String, Object> i = new LinkedHashMap<>();
    i.put("type", "virtualmachine");
    i.put("id", UUID.randomUUID().toString());
    i.put("name", name);
    i.put("status", "creating");
    i.put("portForwards", List.of());
    i.put("requestedForwards", forwards);
    i.put("resources", Map.of("vcpu_count", intOf(vcpus), "ram_gb", intOf(ram), "storage_gb", intOf(storage),
        "gpus", Map.of(v0Name, Map.of("count", count, "v0Name", v0Name))));
    return i;
  }

  // ------------------------------------------------------------------ v2

  private synchronized List<Object> hostnodeList() {
    return new ArrayList<>(hostnodes.values());
  }

  private synchronized Response hostnode(String id) {
    Map<String, Object> h = hostnodes.get(id);
    return h == null ? Response.json(404, Map.of("error", "Hostnode not found")) : Response.json(200,
        Map.of("data", h));
  }

  private static Map<String, Object> locationGpu(String v0Name, int maxCount, double perGpu, double perCpu,
      double perRam, double perDisk, boolean dedicatedIp) {
    Map<String, Object> g = new LinkedHashMap<>();
    g.put("v0Name", v0Name);
    g.put("max_count", maxCount);
    g.put("price_per_hr", perGpu);
    g.put("resources", Map.of("max_vcpus", 32, "max_ram_gb", 256, "max_storage_gb", 2000));
    g.put("pricing", Map.of("per_vcpu_hr", perCpu, "per_gb_ram_hr", perRam, "per_gb_storage_hr", perDisk));
    g.put("network_features", Map.of("dedicated_ip_available", dedicatedIp, "port_forwarding_available", true,
        "network_storage_available", false));
    return g;
  }

  /** Locations: every hostnode's location with its GPUs summed, then the location-only capacity. */
  @SuppressWarnings("unchecked")
  private synchronized List<Object> locations() {
    Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
    for (Map<String, Object> h : hostnodes.values()) {
      Map<String, Object> loc = (Map<String, Object>) h.get("location");
      Map<String, Object> l = byId.computeIfAbsent((String) h.get("location_id"), id -> {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("city", loc.get("city"));
        m.put("stateprovince", loc.get("stateprovince"));
        m.put("country", loc.get("country"));
        m.put("tier", loc.get("tier"));
        m.put("gpus", new ArrayList<>());
        return m;
      });
      Map<String, Object> p = (Map<String, Object>) h.get("pricing");
      for (Object g0 : (List<Object>) resources(h).get("gpus")) {
        Map<String, Object> g = (Map<String, Object>) g0;
        ((List<Object>) l.get("gpus")).add(locationGpu((String) g.get("v0Name"), intOf(g.get("availableCount")),
            dbl(g.get("price_per_hr")), dbl(p.get("per_vcpu_hr")), dbl(p.get("per_gb_ram_hr")),
            dbl(p.get("per_gb_storage_hr")), false));
      }
    }
    List<Object> out = new ArrayList<>(byId.values());
    out.addAll(locationOnly.values());
    return out;
  }

  @SuppressWarnings("unchecked")
  private synchronized Response create(Request r) {
    Map<String, Object> data = (Map<String, Object>) r.jsonObject().get("data");
    Map<String, Object> a = (Map<String, Object>) data.get("attributes");
    Map<String, Object> res = (Map<String, Object>) a.get("resources");
    List<Object> errors = new ArrayList<>();
    if (((Number) res.get("storage_gb")).intValue() < 100) {
      errors.add(Map.of("code", "too_small", "message", "Storage must be at least 100GB",
          "path", List.of("data", "attributes", "resources", "storage_gb")));
    }
    List<Map<String, Object>> fwd = (List<Map<String, Object>>) a.getOrDefault("port_forwards", List.of());
    if (!Boolean.TRUE.equals(a.get("useDedicatedIp"))
        && fwd.stream().noneMatch(f -> ((Number) f.get("internal_port")).intValue() == 22)) {
      errors.add(Map.of("code", "custom", "message", "SSH port (22) must be forwarded for Ubuntu VMs",
          "path", List.of("data", "attributes", "port_forwards")));
    }
    if ((a.get("hostnode_id") == null) == (a.get("location_id") == null)) {
      errors.add(Map.of("code", "custom", "message", "Exactly one of hostnode_id and location_id is required",
          "path", List.of("data", "attributes")));
    }
    if (!errors.isEmpty()) return Response.json(400, errors);
    Map<String, Object> gpus = (Map<String, Object>) res.get("gpus");
    String v0 = gpus.keySet().iterator().next();
    int count = ((Number) ((Map<String, Object>) gpus.get(v0)).get("count")).intValue();
    if (Boolean.TRUE.equals(a.get("useDedicatedIp"))) {
      fwd = List.of(Map.of("internal_port", 22L, "external_port", 22L));
    } else if (a.get("location_id") != null) { // TensorDock picks the external ports itself
      List<Map<String, Object>> remapped = new ArrayList<>();
      for (int n = 0; n < fwd.size(); n++) {
        remapped.add(Map.of("internal_port", fwd.get(n).get("internal_port"), "external_port", 20456L + n));
      }
      fwd = remapped;
    }
    Map<String, Object> i = newInstance((String) a.get("name"), v0, count, res.get("vcpu_count"), res.get("ram_gb"),
        res.get("storage_gb"), fwd);
    String failed = place(i, (String) a.get("hostnode_id"), (String) a.get("location_id"), v0, count);
    if (failed != null) return Response.json(200, Map.of("status", 400, "error", failed));
    instances.put((String) i.get("id"), i);
    return Response.json(201, Map.of("data", Map.of("type", "virtualmachine", "id", i.get("id"), "name",
        a.get("name"), "status", "running")));
  }

  /** The v2 form of an instance, camelCase or, in {@link Envelope#NESTED_SNAKE_CASE}, partly snake_case. */
  private Map<String, Object> view(Map<String, Object> i) {
    Map<String, Object> v = new LinkedHashMap<>();
    for (String k : List.of("type", "id", "name", "status", "ipAddress", "portForwards", "resources", "rateHourly")) {
      if (i.containsKey(k)) v.put(k, i.get(k));
    }
    if (envelope == Envelope.NESTED_SNAKE_CASE) {
      if (v.containsKey("ipAddress")) v.put("ip_address", v.remove("ipAddress"));
      v.put("port_forwards", v.remove("portForwards"));
      v.put("rate_hourly", v.remove("rateHourly"));
    }
    return v;
  }

  private synchronized Response listInstances() {
    List<Object> out = new ArrayList<>();
    for (Map<String, Object> i : instances.values()) {
      Map<String, Object> v = view(i);
      if (envelope == Envelope.ARRAY_AND_WRAPPED) {
        out.add(v);
      } else {
        Map<String, Object> attrs = new LinkedHashMap<>(v);
        attrs.remove("id");
        attrs.remove("type");
        out.add(Map.of("type", "virtualmachine", "id", i.get("id"), "attributes", attrs));
      }
    }
    return Response.json(200, switch (envelope) {
      case DOCUMENTED -> Map.of("data", Map.of("instances", out));
      case ARRAY_AND_WRAPPED -> Map.of("data", out);
      case NESTED_SNAKE_CASE -> Map.of("data", Map.of("type", "list", "id", "instances", "attributes",
          Map.of("instances", out)));
    });
  }

  private synchronized Response detail(String id) {
    Map<String, Object> i = instances.get(id);
    if (i == null) return Response.json(404, Map.of("error", "Instance not found"));
    Map<String, Object> v = view(i);
    return switch (envelope) {
      case DOCUMENTED -> Response.json(200, v);
      case NESTED_SNAKE_CASE -> Response.json(200, Map.of("data", v));
      case ARRAY_AND_WRAPPED -> {
        Map<String, Object> attrs = new LinkedHashMap<>(v);
        attrs.remove("id");
        yield Response.json(200, Map.of("data", Map.of("id", id, "type", "virtualmachine", "attributes", attrs)));
      }
    };
  }

  private synchronized Response transition(String id, String to) {
    Map<String, Object> i = instances.get(id);
    if (i == null) return Response.json(404, Map.of("error", "Instance not found"));
    String s = (String) i.get("status");
    if (to.equals("starting") && s.equals("running")) {
      return Response.json(400, Map.of("error", "Instance is already running"));
    }
    if (!(to.equals("stopping") && s.startsWith("stopped"))) i.put("status", to);
    return Response.json(200, Map.of("data", Map.of("type", "instance", "id", id, "attributes",
        Map.of("status", to))));
  }

  private synchronized Response delete(String id) {
    Map<String, Object> i = instances.remove(id);
    if (i == null) return Response.json(404, Map.of("error", "Instance not found"));
    giveBack(i);
    return Response.json(200, Map.of("data", Map.of("type", "success", "attributes",
        Map.of("message", "Instance deleted successfully"))));
  }

  // ------------------------------------------------------------------ v0

  private static String v0Status(String s) {
    return switch (s) {
      case "stoppeddisassociated" -> "StoppedDisassociated";
      case "outbid" -> "Outbid";
      default -> Character.toUpperCase(s.charAt(0)) + s.substring(1);
    };
  }

  @SuppressWarnings("unchecked")
  private synchronized Response v0Hostnodes() {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map<String, Object> h : hostnodes.values()) {
      Map<String, Object> res = resources(h);
      Map<String, Object> p = (Map<String, Object>) h.get("pricing");
      Map<String, Object> loc = (Map<String, Object>) h.get("location");
      Map<String, Object> gpus = new LinkedHashMap<>();
      for (Object g0 : (List<Object>) res.get("gpus")) {
        Map<String, Object> g = (Map<String, Object>) g0;
        gpus.put((String) g.get("v0Name"), Map.of("amount", g.get("availableCount"), "price", g.get("price_per_hr")));
      }
      out.put((String) h.get("id"), Map.of(
          "location", Map.of("city", loc.get("city"), "region", loc.get("stateprovince"), "country",
              loc.get("country"), "id", h.get("location_id")),
          "networking", Map.of("ports", res.get("available_ports"), "receive", 1000, "send", 1000),
          "specs", Map.of("cpu", Map.of("amount", res.get("vcpu_count"), "price", p.get("per_vcpu_hr"), "type",
              "AMD EPYC 7513 32-Core Processor"), "gpu", gpus,
              "ram", Map.of("amount", res.get("ram_gb"), "price", p.get("per_gb_ram_hr")),
              "storage", Map.of("amount", res.get("storage_gb"), "price", p.get("per_gb_storage_hr"))),
          "status", Map.of("online", true, "listed", true, "uptime", dbl(h.get("uptime_percentage")) / 100)));
    }
    return Response.json(200, Map.of("success", true, "hostnodes", out));
  }

  private static List<Integer> set(String s) {
    List<Integer> out = new ArrayList<>();
    for (String p : s.replaceAll("[{}\\s]", "").split(",")) {
      if (!p.isEmpty()) out.add(Integer.parseInt(p));
    }
    return out;
  }

  private Response v0Deploy(Map<String, String> f) {
    for (String k : List.of("name", "hostnode", "gpu_model", "gpu_count", "vcpus", "ram", "storage",
        "operating_system", "password")) {
      if (f.get(k) == null || f.get(k).isBlank()) {
        return Response.json(400, Map.of("success", false, "error", "Missing field: " + k));
      }
    }
    if (intOf(f.get("vcpus")) % 2 != 0) {
      return Response.json(400, Map.of("success", false, "error", "vCPUs must be an even number"));
    }
    List<Integer> ext = set(f.getOrDefault("external_ports", "{}"));
    List<Integer> in = set(f.getOrDefault("internal_ports", "{}"));
    if (ext.size() != in.size()) {
      return Response.json(200, Map.of("success", false, "error", "external_ports and internal_ports differ in size"));
    }
    boolean spot = "spot".equals(f.get("price_type"));
    if (spot && dbl(f.getOrDefault("price", "0")) < spotFloor) {
      return Response.json(200, Map.of("success", false, "error",
          "Bid price is too low or not enough resources are available on this hostnode"));
    }
    List<Map<String, Object>> forwards = new ArrayList<>();
    for (int n = 0; n < ext.size(); n++) forwards.add(Map.of("internal_port", (long) in.get(n), "external_port",
        (long) ext.get(n)));
    Map<String, Object> i = newInstance(f.get("name"), f.get("gpu_model"), intOf(f.get("gpu_count")), f.get("vcpus"),
        f.get("ram"), f.get("storage"), forwards);
    String failed = place(i, f.get("hostnode"), null, f.get("gpu_model"), intOf(f.get("gpu_count")));
    if (failed != null) return Response.json(200, Map.of("success", false, "error", failed));
    if (spot) {
      i.put("spot", true);
      i.put("bid", dbl(f.get("price")));
    }
    String id = (String) i.get("id");
    instances.put(id, i);
    Map<String, Object> pf = new LinkedHashMap<>();
    for (int n = 0; n < ext.size(); n++) pf.put(String.valueOf(ext.get(n)), in.get(n)); // ints, as since Aug 2024
    return Response.json(200, Map.of("success", true, "server", id, "ip", LOOPBACK, "port_forwards", pf,
        "cost", Map.of("total_price", i.get("rateHourly")), "execution_id", 1689));
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> v0View(Map<String, Object> i) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("name", i.get("name"));
    v.put("status", v0Status((String) i.get("status")));
    v.put("hostnode", i.get("hostnode"));
    v.put("hostname", i.get("id"));
    v.put("ip_address", i.get("ipAddress"));
    v.put("default_user", "user");
    Map<String, Object> pf = new LinkedHashMap<>();
    for (Map<String, Object> f : (List<Map<String, Object>>) i.get("portForwards")) {
      pf.put(String.valueOf(f.get("external_port")), String.valueOf(f.get("internal_port"))); // strings, as in 2022
    }
    v.put("port_forwards", pf);
    Map<String, Object> res = (Map<String, Object>) i.get("resources");
    Map.Entry<String, Object> g = ((Map<String, Object>) res.get("gpus")).entrySet().iterator().next();
    v.put("specs", Map.of("gpu", Map.of("amount", ((Map<String, Object>) g.getValue()).get("count"), "type",
        g.getKey()), "ram", res.get("ram_gb"), "storage", res.get("storage_gb"), "vcpus", res.get("vcpu_count")));
    v.put("total_price", i.get("rateHourly"));
    v.put("type", Boolean.TRUE.equals(i.get("spot")) ? "spot" : "ondem");
    return v;
  }

  private Response v0List() {
    Map<String, Object> vms = new LinkedHashMap<>();
    instances.forEach((id, i) -> vms.put(id, v0View(i)));
    return Response.json(200, Map.of("success", true, "virtualmachines", vms));
  }

  private Response v0Get(Map<String, String> f) {
    Map<String, Object> i = instances.get(f.get("server"));
    if (i == null) return Response.json(200, Map.of("success", false, "error", "Machine not found"));
    return Response.json(200, Map.of("success", true, "virtualmachine", v0View(i)));
  }

  private static Response conflict(String status, String verb) {
    return Response.json(500, Map.of("success", false, "error", "Machine is " + status + ", therefore it cannot be "
        + verb));
  }

  private Response v0Start(Map<String, String> f) {
    Map<String, Object> i = instances.get(f.get("server"));
    if (i == null) return Response.json(200, Map.of("success", false, "error", "Machine not found"));
    String s = (String) i.get("status");
    if (s.equals("running") || s.equals("starting")) return conflict(s, "started");
    if (s.equals("stoppeddisassociated") || s.equals("outbid")) {
      String failed = place(i, (String) i.get("hostnode"), null, firstGpu(i), gpuCount(i));
      if (failed != null) return Response.json(200, Map.of("success", false, "error", failed));
      i.remove("released");
    }
    i.put("status", "starting");
    return Response.json(200, Map.of("success", true));
  }

  @SuppressWarnings("unchecked")
  private static String firstGpu(Map<String, Object> i) {
    return ((Map<String, Object>) ((Map<String, Object>) i.get("resources")).get("gpus")).keySet().iterator().next();
  }

  @SuppressWarnings("unchecked")
  private static int gpuCount(Map<String, Object> i) {
    Map<String, Object> g = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) i.get("resources"))
        .get("gpus")).get(firstGpu(i));
    return intOf(g.get("count"));
  }

  private Response v0Stop(Map<String, String> f) {
    Map<String, Object> i = instances.get(f.get("server"));
    if (i == null) return Response.json(200, Map.of("success", false, "error", "Machine not found"));
    String s = (String) i.get("status");
    if (s.startsWith("stopped")) return conflict(s, "stopped");
    boolean release = "true".equals(f.get("disassociate_resources"));
    if (release) {
      i.put("release", true);
      giveBack(i);
    }
    i.put("status", "stopping");
    return Response.json(200, Map.of("success", true));
  }

  private Response v0Delete(Map<String, String> f) {
    Map<String, Object> i = instances.remove(f.get("server"));
    if (i == null) return Response.json(200, Map.of("success", false, "error", "Machine is already terminated"));
    giveBack(i);
    return Response.json(200, Map.of("success", true));
  }

  private Response v0Validate(Map<String, String> f) {
    Map<String, Object> i = instances.get(f.get("server"));
    if (i == null) return Response.json(200, Map.of("success", false, "error", "Machine not found"));
    if (dbl(f.getOrDefault("price", "0")) < spotFloor) {
      return Response.json(200, Map.of("success", false, "error",
          "Bid price is too low or not enough resources are available on this hostnode"));
    }
    i.put("bid", dbl(f.get("price")));
    return Response.json(200, Map.of("success", true));
  }

  @Override
  public void close() {
    api.close();
  }
}
