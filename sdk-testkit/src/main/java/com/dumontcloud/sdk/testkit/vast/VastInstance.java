package com.dumontcloud.sdk.testkit.vast;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One rented instance of {@link FakeVastServer}: its four status fields, the boot steps still pending, its loopback
 * ports, and its JSON view. The transitions the fake and tests drive are methods here. Not thread-safe on its own:
 * the fake calls it under its lock.
 */
final class VastInstance {
  static final String LOOPBACK = "127.0.0.1";
  private static final Pattern PORT_REQUEST = Pattern.compile("-p\\s+(\\d+):(\\d+)");
  private static final String OCI_ERROR = "Error response from daemon: failed to create task for container: failed to "
      + "create shim task: OCI runtime create failed: could not apply required modification to OCI specification: "
      + "error modifying OCI spec: failed to inject CDI devices: unresolvable CDI devices";

  final long id;
  final long askId;
  final Map<String, Object> offer;
  final Map<String, Object> request;
  final double startDate;
  final boolean isBid;
  Double bid;
  String label;
  String actual;
  String intended = "running";
  String cur = "running";
  String next = "running";
  String statusMsg;
  boolean outbid;
  Double gpuUtil;
  Double vmemUsageGb;
  final Deque<String> pending = new ArrayDeque<>();
  /** Loopback host ports: the proxy ssh port, the host management port, then one per container port. */
  final int sshPort;
  /** The server's SSH gateway port (0: none, each instance has its own loopback port). */
  private final IntSupplier sshGateway;
  final int machineDirSshPort;
  final Map<String, Integer> hostPorts = new LinkedHashMap<>();

  VastInstance(long id, long askId, Map<String, Object> offer, Map<String, Object> request, Double bid, double startDate,
      IntSupplier loopbackPorts, IntSupplier sshGateway, int workloadPort) {
    this.id = id;
    this.sshGateway = sshGateway;
    this.askId = askId;
    this.offer = new LinkedHashMap<>(offer);
    this.request = request;
    this.bid = bid;
    this.isBid = bid != null;
    this.startDate = startDate;
    this.label = request.get("label") == null ? null : String.valueOf(request.get("label"));
    this.actual = null;
    this.sshPort = loopbackPorts.getAsInt();
    this.machineDirSshPort = loopbackPorts.getAsInt();
    if (runtype().contains("ssh")) hostPorts.put("22/tcp", loopbackPorts.getAsInt());
    for (Long p : containerPorts()) {
      hostPorts.putIfAbsent(p + "/tcp", workloadPort > 0 ? workloadPort : loopbackPorts.getAsInt());
    }
    pending.add("loading");
    pending.add("running");
  }

  /** Container ports the create asked for ({@code "-p 8000:8000": "1"} keys of {@code env}). */
  private List<Long> containerPorts() {
    List<Long> ports = new ArrayList<>();
    if (request.get("env") instanceof Map<?, ?> env) {
      for (Object k : env.keySet()) {
        Matcher m = PORT_REQUEST.matcher(String.valueOf(k));
        if (m.find()) ports.add(Long.parseLong(m.group(2)));
      }
    }
    return ports;
  }

  void step() {
    String s = pending.poll();
    if (s == null) return;
    actual = s;
    statusMsg = switch (s) {
      case "loading" -> "Pulling " + request.getOrDefault("image", "image");
      case "running" -> "success, running " + request.getOrDefault("image", "image");
      default -> statusMsg;
    };
  }

  private String runtype() {
    Object r = request.get("runtype");
    return r == null ? "ssh_direc ssh_proxy" : String.valueOf(r);
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> toJson() {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("id", id);
    o.put("actual_status", actual);
    o.put("intended_status", intended);
    o.put("cur_state", cur);
    o.put("next_state", next);
    o.put("status_msg", statusMsg);
    o.put("label", label);
    o.put("template_id", null);
    o.put("template_hash_id", request.get("template_hash_id"));
    o.put("template_name", null);
    o.put("image_uuid", request.get("image"));
    o.put("image_args", request.getOrDefault("args", List.of()));
    o.put("image_runtype", runtype());
    List<Object> extraEnv = new ArrayList<>();
    if (request.get("env") instanceof Map<?, ?> env) {
      for (Map.Entry<?, ?> e : env.entrySet()) {
        extraEnv.add(List.of(String.valueOf(e.getKey()), String.valueOf(e.getValue())));
      }
    }
    o.put("extra_env", extraEnv);
    o.put("onstart", request.get("onstart"));
    Object ip = offer.get("public_ipaddr");
    o.put("public_ipaddr", ip == null ? null : ip + "\n");
    o.put("local_ipaddrs", "127.0.0.1 \n");
    o.put("ssh_host", LOOPBACK); // Vast's proxy host (sshN.vast.ai) would be off the machine
    o.put("ssh_idx", Long.toString(id % 9 + 1));
    int gateway = sshGateway.getAsInt();
    o.put("ssh_port", (long) (gateway > 0 ? gateway : sshPort));
    o.put("machine_dir_ssh_port", (long) machineDirSshPort);
    if ("running".equals(actual)) {
      Map<String, Object> pm = new LinkedHashMap<>();
      hostPorts.forEach((k, hp) -> pm.put(k, bindings(hp)));
      o.put("ports", pm);
    } else {
      o.put("ports", actual == null ? null : Map.of());
    }
    for (String k : List.of("machine_id", "host_id", "bundle_id", "geolocation", "gpu_name", "gpu_arch", "gpu_ram",
        "num_gpus", "gpu_frac", "cpu_name", "cpu_arch", "cpu_cores", "cpu_cores_effective", "cpu_ram",
        "cuda_max_good", "driver_version", "compute_cap", "inet_up", "inet_down", "reliability2", "verification",
        "rentable", "hosting_type", "static_ip", "os_version", "storage_cost", "dph_base", "min_bid",
        "direct_port_count", "dlperf", "total_flops")) {
      o.put(k, offer.get(k));
    }
    Object gpuRam = offer.get("gpu_ram");
    Object n = offer.get("num_gpus");
    o.put("gpu_totalram", gpuRam instanceof Long g && n instanceof Long c ? g * c : gpuRam);
    boolean running = "running".equals(actual);
    o.put("gpu_util", running ? gpuUtil : null);
    o.put("vmem_usage", running ? vmemUsageGb : null);
    o.put("disk_space", request.get("disk"));
    o.put("is_bid", isBid);
    double storage = offer.get("storage_total_cost") instanceof Number s ? s.doubleValue() : 0;
    double total = isBid && bid != null ? bid + storage
        : offer.get("dph_total") instanceof Number d ? d.doubleValue() : 0;
    o.put("dph_total", total);
    o.put("search", Map.of("totalHour", total, "diskHour", storage));
    o.put("instance", Map.of("totalHour", "running".equals(actual) ? total : storage, "diskHour", storage));
    o.put("start_date", startDate);
    o.put("end_date", startDate + 2_592_000);
    o.put("uptime_mins", "running".equals(actual) ? 1.0 : null);
    o.put("external", false);
    o.put("volume_info", List.of());
    return o;
  }

  private static List<Object> bindings(long hostPort) {
    return List.of(Map.of("HostIp", "0.0.0.0", "HostPort", Long.toString(hostPort)),
        Map.of("HostIp", "::", "HostPort", Long.toString(hostPort)));
  }

  /** Start booting: pending {@code loading}, then {@code running}. */
  void boot() {
    cur = "running";
    next = "running";
    statusMsg = null;
    pending.clear();
    pending.add("loading");
    pending.add("running");
  }

  /** Every state {@code stopped}, with {@code actual} as given. */
  void stopAll(String actualStatus) {
    pending.clear();
    actual = actualStatus;
    intended = "stopped";
    cur = "stopped";
    next = "stopped";
  }

  void settle() {
    while (!pending.isEmpty()) step();
  }

  /** Outbid / preempted: Vast stops it (all three states {@code stopped}). */
  void outbid() {
    stopAll("exited");
    statusMsg = null;
    outbid = true;
  }

  /** The container fails to start (OCI/CDI error), terminally. */
  void failContainer() {
    stopAll("created");
    statusMsg = OCI_ERROR;
  }

  void hostOffline() {
    pending.clear();
    actual = "offline";
    statusMsg = "machine offline";
  }

  void releaseQueuedStart() {
    if ("running".equals(intended) && "stopped".equals(cur)) boot();
  }

  /** {@code PUT state: stopped}: a running or booting instance stops on its next step, others at once. */
  void requestStop() {
    intended = "stopped";
    cur = "stopped";
    next = "stopped";
    pending.clear();
    if ("running".equals(actual) || "loading".equals(actual) || actual == null) pending.add("stopped");
    else actual = "stopped";
  }

  /** {@code PUT state: running}; false when the start is queued (no GPU free on the machine). */
  boolean requestStart(boolean queue) {
    intended = "running";
    outbid = false;
    if (queue) {
      cur = "stopped";
      next = "running";
      statusMsg = "resources unavailable, state change queued.";
      pending.clear();
      return false;
    }
    boot();
    return true;
  }

  /** A high enough bid on an outbid instance: it boots again (status message kept). */
  void rebidAfterOutbid() {
    outbid = false;
    intended = "running";
    cur = "running";
    next = "running";
    pending.clear();
    pending.add("loading");
    pending.add("running");
  }
}
