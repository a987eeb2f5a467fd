package com.dumontcloud.sdk.vast.internal;

import com.dumontcloud.sdk.catalog.Countries;
import com.dumontcloud.sdk.catalog.GpuCatalog;
import com.dumontcloud.sdk.spi.support.Json;
import com.dumontcloud.sdk.model.GpuModel;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.Labels;
import com.dumontcloud.sdk.model.Location;
import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.PortMapping;
import com.dumontcloud.sdk.model.PricingModel;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Vast JSON → model, with units normalised once here: GPU memory MB → whole GiB ({@code round(MB / 1024)}:
 * drivers report slightly less than the marketed size, 24564 MB for a 24 GiB RTX 4090), system memory MB → GiB
 * (your share of the machine), disk GB, prices $/h, network Mbit/s, reliability 0..1. Nulls are tolerated
 * wherever Vast sends them ({@code cpu_cores}, {@code geolocation}, ...); a wrong type throws
 * {@link IllegalArgumentException}, which the caller turns into a {@code ProviderProtocolException}.
 *
 * <p>Public only so that {@code benchmarks/} can measure {@link #offer}; not API (internal package).
 */
public final class VastParsers {
  private VastParsers() {}

  // ---- offers ----

  /**
   * One offer; null when the entry lacks an id or any price (Vast mirrors sometimes drop them).
   *
   * <p>API note: internal, used by benchmarks.
   */
  public static Offer offer(String providerId, Object raw, PricingModel pricing) {
    Map<String, Object> o = Json.obj(raw, "offer");
    String id = Json.id(o, "id");
    if (id == null) id = Json.id(o, "ask_contract_id");
    if (id == null) return null;
    Double dph = Json.num(o, "dph_total");
    if (dph == null) dph = Json.num(o, "search", "totalHour");
    if (dph == null) {
      Double base = Json.num(o, "dph_base");
      Double storage = Json.num(o, "storage_total_cost");
      if (base != null) dph = base + (storage == null ? 0 : storage);
    }
    Double minBid = Json.num(o, "min_bid");
    if (pricing == PricingModel.SPOT && dph == null && minBid != null) dph = minBid;
    if (dph == null) return null;
    int gpus = Json.integer(o, "num_gpus", 0);
    boolean cpuOnly = o.get("num_gpus") != null && gpus == 0;
    double gpuRam = gpuRamGib(Json.num(o, "gpu_ram"));
    String gpuName = Json.str(o, "gpu_name");
    Double gpuFrac = Json.num(o, "gpu_frac");
    Double cores = Json.num(o, "cpu_cores");
    Double effective = Json.num(o, "cpu_cores_effective");
    Double cpuRamMb = Json.num(o, "cpu_ram");
    Double ramShareMb = cpuRamMb == null ? null
        : cores != null && cores > 0 && effective != null ? cpuRamMb * Math.min(1, effective / cores)
        : gpuFrac != null && gpuFrac > 0 ? cpuRamMb * Math.min(1, gpuFrac) : cpuRamMb;
    Boolean verifiedFlag = Json.bool(o, "verified");
    String verification = Json.str(o, "verification");
    boolean verified = verification != null ? "verified".equalsIgnoreCase(verification)
        : Boolean.TRUE.equals(verifiedFlag);
    Double reliability = Json.num(o, "reliability2");
    if (reliability == null) reliability = Json.num(o, "reliability");
    return Offer.builder()
        .providerId(providerId)
        .id(id)
        .gpu(gpu(gpuName, gpus, o.get("num_gpus") != null, gpuRam))
        .gpuCount(gpus)
        .gpuRamGib(cpuOnly ? 0 : gpuRam)
        .vcpus(effective != null ? effective : cores)
        .ramGib(ramShareMb == null ? null : round2(ramShareMb / 1024))
        .diskGib(Json.num(o, "disk_space"))
        .location(location(Json.str(o, "geolocation")))
        .pricingModel(pricing)
        .pricePerHour(Money.usd(dph))
        .minBid(minBid == null ? null : Money.usd(minBid))
        .reliability(reliability == null ? null : Math.max(0, Math.min(1, reliability)))
        .netUpMbps(Json.num(o, "inet_up"))
        .netDownMbps(Json.num(o, "inet_down"))
        .cudaVersion(Json.num(o, "cuda_max_good"))
        .hostId(Json.id(o, "host_id"))
        .machineId(Json.id(o, "machine_id"))
        .verified(verified)
        .attributes(o)
        .build();
  }

  // ---- instances ----

  /**
   * The inputs of the state table for a raw instance. Whether the SDK stopped it comes from the stop marker in
   * the instance's own {@code label} (see {@link VastLabels}), never from this process's memory, so a new
   * process reads a parked instance as STOPPED and an outbid one as INTERRUPTED.
   */
  static VastStates.Status status(Map<String, Object> i) {
    return new VastStates.Status(Json.str(i, "actual_status"), Json.str(i, "intended_status"), Json.str(i, "cur_state"),
        Json.str(i, "next_state"), Boolean.TRUE.equals(Json.bool(i, "is_bid")), Json.str(i, "status_msg"),
        VastLabels.hasStopMarker(Json.str(i, "label")));
  }

  /** One instance; every malformed field throws (an instance silently dropped could be launched twice). */
  static Instance instance(String providerId, Object raw) {
    Map<String, Object> i = Json.obj(raw, "instance");
    String id = Json.id(i, "id");
    if (id == null) throw new IllegalArgumentException("instance without an id");
    VastStates.Status status = status(i);
    VastStates.Mapping m = VastStates.map(status);
    String publicIp = Json.text(i, "public_ipaddr");
    Map<String, String> labels = VastLabels.decode(Json.str(i, "label"));
    int gpus = Json.integer(i, "num_gpus", 0);
    Double dph = Json.num(i, "dph_total");
    if (dph == null) dph = Json.num(i, "search", "totalHour");
    Instant created = Json.epochSeconds(i, "start_date");
    String sshHost = Json.text(i, "ssh_host");
    int sshPort = Json.integer(i, "ssh_port", 0);
    List<PortMapping> ports = ports(i.get("ports"), publicIp);
    if (sshHost == null && publicIp != null) {
      for (PortMapping p : ports) {
        if (p.containerPort() == 22) {
          sshHost = publicIp;
          sshPort = p.hostPort();
        }
      }
    }
    String template = labels.get(Labels.TEMPLATE);
    if (template == null) template = Json.text(i, "template_name");
    return Instance.builder()
        .id(id)
        .providerId(providerId)
        .state(m.state())
        .rawStatus(status.raw())
        .statusMessage(m.message())
        .gpu(gpu(Json.str(i, "gpu_name"), gpus, i.get("num_gpus") != null, gpuRamGib(Json.num(i, "gpu_ram"))))
        .gpuCount(gpus)
        .gpuRamGib(gpuRamGib(Json.num(i, "gpu_ram")))
        .location(location(Json.str(i, "geolocation")))
        .hostId(Json.id(i, "host_id"))
        .pricingModel(Boolean.TRUE.equals(Json.bool(i, "is_bid")) ? PricingModel.SPOT : PricingModel.ON_DEMAND)
        .pricePerHour(dph == null ? Money.ZERO_USD : Money.usd(dph))
        .labels(labels)
        .publicIp(publicIp)
        .ports(ports)
        .sshHost(sshHost)
        .sshPort(sshPort)
        .image(Json.text(i, "image_uuid"))
        .templateName(template)
        .createdAt(created)
        .startedAt(m.state() == com.dumontcloud.sdk.model.InstanceState.RUNNING ? created : null)
        .build();
  }

  /**
   * Port mappings in every shape Vast returns: a Docker map {@code {"22/tcp": [{"HostIp", "HostPort"}]}} (HostPort
   * a string or a number, IPv4 binding preferred, null bindings skipped), {@code null} or {@code {}}, or a plain
   * list {@code [8080, 8081]} (identity mappings; the docs example).
   */
  static List<PortMapping> ports(Object raw, String publicIp) {
    List<PortMapping> out = new ArrayList<>();
    if (raw == null) return out;
    if (raw instanceof List<?> list) {
      for (Object o : list) {
        String s = String.valueOf(o instanceof Double d && d == Math.rint(d) ? (Object) d.longValue() : o).strip();
        String[] pp = s.split("/", 2);
        int port = parsePort(pp[0], "ports[]");
        out.add(new PortMapping(port, pp.length > 1 ? pp[1] : "tcp", publicIp, port));
      }
      return out;
    }
    Map<String, Object> map = Json.obj(raw, "ports");
    for (Map.Entry<String, Object> e : map.entrySet()) {
      String[] kp = e.getKey().strip().split("/", 2);
      int container = parsePort(kp[0], "ports key " + e.getKey());
      String proto = kp.length > 1 ? kp[1] : "tcp";
      if (e.getValue() == null) continue;
      List<Object> bindings = e.getValue() instanceof List<?> ? Json.arr(e.getValue(), "ports." + e.getKey())
          : List.of(e.getValue());
      Map<String, Object> chosen = null;
      for (Object b : bindings) {
        if (b == null) continue;
        Map<String, Object> bm = Json.obj(b, "ports." + e.getKey() + "[]");
        String ip = Json.str(bm, "HostIp");
        if (chosen == null || ip != null && !ip.contains(":") && Json.str(chosen, "HostIp") != null
            && Json.str(chosen, "HostIp").contains(":")) {
          chosen = bm;
        }
      }
      if (chosen == null || chosen.get("HostPort") == null) continue;
      int hostPort = parsePort(Json.str(chosen, "HostPort"), "HostPort of " + e.getKey());
      String hostIp = Json.str(chosen, "HostIp");
      if (hostIp == null || hostIp.isBlank() || hostIp.equals("0.0.0.0") || hostIp.equals("::")) hostIp = publicIp;
      out.add(new PortMapping(container, proto, hostIp, hostPort));
    }
    return out;
  }

  private static int parsePort(String s, String what) {
    try {
      int p = Integer.parseInt(s.strip());
      if (p < 0 || p > 65535) throw new IllegalArgumentException(what + ": port out of range: " + s);
      return p;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + ": not a port number: \"" + s + "\"");
    }
  }

  // ---- shared ----

  /**
   * The model of a Vast GPU name, told apart by the memory Vast reports ({@code gpu_ram} per GPU, in GiB, 0 for
   * none: Vast calls both A100s "A100 SXM4", and 80 GiB makes it the A100 80GB); CPU-only whenever Vast states
   * {@code num_gpus: 0}, whatever {@code gpu_name} says (CPU offers carry null, empty or a leftover name).
   */
  static GpuModel gpu(String name, int count, boolean countStated, double vramGib) {
    if (countStated && count == 0) return GpuModel.NONE;
    if (name == null || name.isBlank()) return count == 0 ? GpuModel.NONE : GpuModel.unknown("unknown");
    return GpuCatalog.resolve(name.strip(), vramGib);
  }

  /** MB → whole GiB; 0 when unknown. */
  static double gpuRamGib(Double mb) {
    if (mb == null || mb <= 0) return 0;
    return Math.round(mb / 1024);
  }

  /** {@code "Texas, US"} → country US, region US, zone Texas; null/blank → unknown. */
  static Location location(String geo) {
    if (geo == null || geo.isBlank()) return Location.UNKNOWN;
    String g = geo.strip();
    int comma = g.lastIndexOf(',');
    String place = comma >= 0 ? g.substring(0, comma).strip() : null;
    String tail = (comma >= 0 ? g.substring(comma + 1) : g).strip();
    String country = Countries.code(tail);
    if (country == null && comma < 0) return Location.of(null, null, g);
    return Location.of(country, Countries.region(country), place != null ? place : country == null ? tail : null);
  }

  private static double round2(double v) {
    return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_EVEN).doubleValue();
  }
}
