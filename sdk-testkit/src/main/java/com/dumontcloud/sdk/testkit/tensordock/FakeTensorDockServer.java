package com.dumontcloud.sdk.testkit.tensordock;

import com.dumontcloud.sdk.testkit.http.FakeProviderServer;
import com.dumontcloud.sdk.testkit.http.Request;
import com.dumontcloud.sdk.testkit.http.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * TensorDock API v2 on loopback, as route handlers over a little state (hostnodes and instances) on
 * {@link FakeProviderServer}. Transitions (creating/starting → running, stopping → stopped) complete on
 * {@link #settle()}, so tests control time. Quirks: {@link #envelope(Envelope)} for the list/detail envelope
 * variants; HTTP-200 error bodies, 500s and 429s through {@link #api()}'s {@code failNext}/{@code fail}; a create on
 * a hostnode without capacity answers {@code 200 {"status":400,"error":"No available nodes found"}}; a create
 * without an SSH forward or with under 100 GB of storage answers a 400 validation array.
 */
public final class FakeTensorDockServer implements AutoCloseable {
  /** How list and detail answers are wrapped. */
  public enum Envelope {
    /** {@code {"data":{"instances":[{type,id,attributes}]}}} and an unwrapped detail (the docs). */
    DOCUMENTED,
    /** {@code {"data":[flat, ...]}} and {@code {"data":{id,type,attributes}}} detail (observed live). */
    ARRAY_AND_WRAPPED
  }

  private final FakeProviderServer api;
  private final String token;
  private final Map<String, Map<String, Object>> hostnodes = new LinkedHashMap<>();
  private final Map<String, Map<String, Object>> instances = new LinkedHashMap<>();
  private volatile Envelope envelope = Envelope.DOCUMENTED;

  private FakeTensorDockServer(String token) {
    this.token = token;
    this.api = FakeProviderServer.start().requireBearer(token)
        .unauthorized(r -> Response.json(401, Map.of("error", "Unauthorized")))
        .notFound(r -> Response.json(404, Map.of("error", "Not found")))
        .route("GET", "/hostnodes", r -> Response.json(200, Map.of("data", Map.of("hostnodes", hostnodeList()))))
        .route("GET", "/instances", r -> listInstances())
        .route("POST", "/instances", this::create)
        .route("GET", "/instances/{id}", r -> detail(r.pathParam("id")))
        .route("POST", "/instances/{id}/start", r -> transition(r.pathParam("id"), "starting"))
        .route("POST", "/instances/{id}/stop", r -> transition(r.pathParam("id"), "stopping"))
        .route("DELETE", "/instances/{id}", r -> delete(r.pathParam("id")));
  }

  public static FakeTensorDockServer start() {
    return new FakeTensorDockServer("td-test-token-" + UUID.randomUUID().toString().substring(0, 8));
  }

  /** The underlying server: call log, faults ({@code failNext("POST", "/instances", Fault.json(200, ...))}). */
  public FakeProviderServer api() {
    return api;
  }

  public String baseUrl() {
    return api.baseUrl();
  }

  public String token() {
    return token;
  }

  public FakeTensorDockServer envelope(Envelope e) {
    envelope = e;
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

  /** Take every GPU of the hostnode away (someone else rented them; the listing is stale). */
  @SuppressWarnings("unchecked")
  public synchronized void exhaust(String hostnodeId) {
    Map<String, Object> res = (Map<String, Object>) hostnodes.get(hostnodeId).get("available_resources");
    for (Object g : (List<Object>) res.get("gpus")) ((Map<String, Object>) g).put("availableCount", 0);
  }

  /** Complete pending transitions: creating/starting → running (IP 127.0.0.1), stopping → stopped. */
  public synchronized void settle() {
    for (Map<String, Object> i : instances.values()) {
      switch ((String) i.get("status")) {
        case "creating", "starting" -> {
          i.put("status", "running");
          i.put("ipAddress", "127.0.0.1");
          i.put("portForwards", i.get("requestedForwards"));
        }
        case "stopping" -> i.put("status", "stopped");
        default -> { }
      }
    }
  }

  /** The raw status of an instance, or null when it is gone. */
  public synchronized String status(String id) {
    Map<String, Object> i = instances.get(id);
    return i == null ? null : (String) i.get("status");
  }

  /** Force a status (e.g. "StoppedDisassociated"). */
  public synchronized void setStatus(String id, String status) {
    instances.get(id).put("status", status);
  }

  private synchronized List<Object> hostnodeList() {
    return new ArrayList<>(hostnodes.values());
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
    if (!errors.isEmpty()) return Response.json(400, errors);
    Map<String, Object> h = hostnodes.get(String.valueOf(a.get("hostnode_id")));
    Map<String, Object> gpus = (Map<String, Object>) res.get("gpus");
    String v0 = gpus.keySet().iterator().next();
    int count = ((Number) ((Map<String, Object>) gpus.get(v0)).get("count")).intValue();
    Map<String, Object> hostGpu = h == null ? null : ((List<Map<String, Object>>) ((Map<String, Object>)
        h.get("available_resources")).get("gpus")).stream().filter(g -> v0.equals(g.get("v0Name"))).findFirst()
        .orElse(null);
    if (hostGpu == null || ((Number) hostGpu.get("availableCount")).intValue() < count) {
      return Response.json(200, Map.of("status", 400, "error", "No available nodes found"));
    }
    Map<String, Object> p = (Map<String, Object>) h.get("pricing");
    double rate = ((Number) hostGpu.get("price_per_hr")).doubleValue() * count
        + ((Number) p.get("per_vcpu_hr")).doubleValue() * ((Number) res.get("vcpu_count")).doubleValue()
        + ((Number) p.get("per_gb_ram_hr")).doubleValue() * ((Number) res.get("ram_gb")).doubleValue()
        + ((Number) p.get("per_gb_storage_hr")).doubleValue() * ((Number) res.get("storage_gb")).doubleValue();
    String id = UUID.randomUUID().toString();
    Map<String, Object> i = new LinkedHashMap<>();
    i.put("type", "virtualmachine");
    i.put("id", id);
    i.put("name", a.get("name"));
    i.put("status", "creating");
    i.put("portForwards", List.of());
    i.put("requestedForwards", fwd);
    i.put("resources", Map.of("vcpu_count", res.get("vcpu_count"), "ram_gb", res.get("ram_gb"),
        "storage_gb", res.get("storage_gb"), "gpus", Map.of(v0, Map.of("count", count, "v0Name", v0))));
    i.put("rateHourly", rate);
    instances.put(id, i);
    return Response.json(201, Map.of("data", Map.of("type", "virtualmachine", "id", id, "name", a.get("name"),
        "status", "running")));
  }

  private static Map<String, Object> view(Map<String, Object> i) {
    Map<String, Object> v = new LinkedHashMap<>(i);
    v.remove("requestedForwards");
    return v;
  }

  private synchronized Response listInstances() {
    List<Object> out = new ArrayList<>();
    for (Map<String, Object> i : instances.values()) {
      Map<String, Object> v = view(i);
      if (envelope == Envelope.DOCUMENTED) {
        Map<String, Object> attrs = new LinkedHashMap<>(v);
        attrs.remove("id");
        attrs.remove("type");
        out.add(Map.of("type", "virtualmachine", "id", i.get("id"), "attributes", attrs));
      } else {
        out.add(v);
      }
    }
    return Response.json(200, envelope == Envelope.DOCUMENTED
        ? Map.of("data", Map.of("instances", out)) : Map.of("data", out));
  }

  private synchronized Response detail(String id) {
    Map<String, Object> i = instances.get(id);
    if (i == null) return Response.json(404, Map.of("error", "Instance not found"));
    Map<String, Object> v = view(i);
    if (envelope == Envelope.DOCUMENTED) return Response.json(200, v);
    Map<String, Object> attrs = new LinkedHashMap<>(v);
    attrs.remove("id");
    return Response.json(200, Map.of("data", Map.of("id", id, "type", "virtualmachine", "attributes", attrs)));
  }

  private synchronized Response transition(String id, String to) {
    Map<String, Object> i = instances.get(id);
    if (i == null) return Response.json(404, Map.of("error", "Instance not found"));
    String s = ((String) i.get("status")).toLowerCase(java.util.Locale.ROOT);
    if (to.equals("starting") && s.equals("running")) {
      return Response.json(400, Map.of("error", "Instance is already running"));
    }
    if (!(to.equals("stopping") && s.startsWith("stopped"))) i.put("status", to);
    return Response.json(200, Map.of("data", Map.of("type", "instance", "id", id, "attributes",
        Map.of("status", to))));
  }

  private synchronized Response delete(String id) {
    if (instances.remove(id) == null) return Response.json(404, Map.of("error", "Instance not found"));
    return Response.json(200, Map.of("data", Map.of("type", "success", "attributes",
        Map.of("message", "Instance deleted successfully"))));
  }

  @Override
  public void close() {
    api.close();
  }
}
