package com.dumontcloud.sdk.tensordock.internal;

import static com.dumontcloud.sdk.tensordock.internal.TensorDockApi.field;
import static com.dumontcloud.sdk.tensordock.internal.TensorDockApi.num;
import static com.dumontcloud.sdk.tensordock.internal.TensorDockApi.obj;
import static com.dumontcloud.sdk.tensordock.internal.TensorDockApi.str;

import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.spi.ProviderLaunchRequest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The legacy Marketplace API v0 ({@code https://marketplace.tensordock.com/api/v0}, reference section 2) translated
 * to and from the v2 shapes the rest of the provider reads, so offers, instances and states have one reader each:
 * hostnode maps keyed by UUID become v2 hostnodes, VM maps keyed by UUID become flat v2 instances (port forwards
 * {@code {"<external>": "<internal>"}}, internal as string or integer, become {@code [{internal_port,
 * external_port}]}), and a launch becomes the {@code /client/deploy/single} form.
 */
final class TensorDockV0 {
  /** v0 operating-system display names of the v2 image ids (reference 2.4); other values are sent as given. */
  private static final Map<String, String> OPERATING_SYSTEMS = Map.of("ubuntu2204", "Ubuntu 22.04 LTS",
      "ubuntu2004", "Ubuntu 20.04 LTS", "ubuntu2404", "Ubuntu 24.04 LTS", "windows10", "Windows 10");
  private static final SecureRandom RANDOM = new SecureRandom();

  private TensorDockV0() {}

  /** {@code {"hostnodes": {uuid: {location, networking, specs, status}}}} as v2 {@code {"data":{"hostnodes":[]}}}. */
  static Map<String, Object> hostnodesAsV2(Object tree) {
    List<Object> out = new ArrayList<>();
    obj(obj(tree).get("hostnodes")).forEach((id, h0) -> {
      Map<String, Object> h = obj(h0);
      Map<String, Object> status = obj(h.get("status"));
      if (Boolean.FALSE.equals(status.get("online")) || Boolean.FALSE.equals(status.get("listed"))) return;
      Map<String, Object> specs = obj(h.get("specs"));
      List<Object> gpus = new ArrayList<>();
      obj(specs.get("gpu")).forEach((model, g) -> gpus.add(Map.of("v0Name", model,
          "availableCount", num(obj(g).get("amount"), 0), "price_per_hr", num(obj(g).get("price"), -1))));
      Map<String, Object> res = new LinkedHashMap<>();
      res.put("gpus", gpus);
      res.put("vcpu_count", num(obj(specs.get("cpu")).get("amount"), 0));
      res.put("ram_gb", num(obj(specs.get("ram")).get("amount"), 0));
      res.put("storage_gb", num(obj(specs.get("storage")).get("amount"), 0));
      res.put("available_ports", TensorDockApi.list(obj(h.get("networking")).get("ports")));
      Map<String, Object> loc = obj(h.get("location"));
      Map<String, Object> location = new LinkedHashMap<>();
      location.put("city", loc.get("city"));
      location.put("stateprovince", loc.get("region"));
      location.put("country", loc.get("country"));
      location.put("network_speed_gbps", num(obj(h.get("networking")).get("receive"), 0) / 1000);
      location.put("network_speed_upload_gbps", num(obj(h.get("networking")).get("send"), 0) / 1000);
      Map<String, Object> v2 = new LinkedHashMap<>();
      v2.put("id", id);
      v2.put("location_id", loc.get("id"));
      if (status.get("uptime") instanceof Number u) v2.put("uptime_percentage", u.doubleValue() * 100);
      v2.put("available_resources", res);
      v2.put("pricing", Map.of("per_vcpu_hr", num(obj(specs.get("cpu")).get("price"), 0),
          "per_gb_ram_hr", num(obj(specs.get("ram")).get("price"), 0),
          "per_gb_storage_hr", num(obj(specs.get("storage")).get("price"), 0)));
      v2.put("location", location);
      out.add(v2);
    });
    return Map.of("data", Map.of("hostnodes", out));
  }

  /** The VMs of {@code POST /client/list}: {@code {"virtualmachines": {uuid: VM}}}, each as a flat v2 instance. */
  static List<Map<String, Object>> vms(Object tree) {
    List<Map<String, Object>> out = new ArrayList<>();
    obj(obj(tree).get("virtualmachines")).forEach((id, vm) -> out.add(vmAsV2(id, obj(vm))));
    return out;
  }

  /** One VM (reference 2.5) as a flat v2 instance; {@code id} is the map key or the {@code server} asked for. */
  static Map<String, Object> vmAsV2(String id, Map<String, Object> vm) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("name", vm.get("name"));
    m.put("status", vm.get("status"));
    String ip = str(vm, "ip_address", "ip");
    if (ip == null && str(vm, "hostname") != null && !id.equals(str(vm, "hostname"))) ip = str(vm, "hostname");
    if (vm.get("dedicated_ip_address") instanceof String d && !d.isBlank()) ip = d;
    m.put("ipAddress", ip);
    m.put("portForwards", forwards(vm.get("port_forwards")));
    Map<String, Object> specs = obj(vm.get("specs"));
    Map<String, Object> gpu = obj(specs.get("gpu"));
    Map<String, Object> gpus = new LinkedHashMap<>();
    if (gpu.get("type") != null && num(gpu.get("amount"), 0) > 0) {
      gpus.put(String.valueOf(gpu.get("type")), Map.of("count", num(gpu.get("amount"), 0)));
    }
    m.put("resources", Map.of("vcpu_count", num(specs.get("vcpus"), 0), "ram_gb", num(specs.get("ram"), 0),
        "storage_gb", num(specs.get("storage"), 0), "gpus", gpus));
    m.put("rateHourly", num(field(vm, "total_price", "cost"), 0));
    m.put("spot", "spot".equalsIgnoreCase(str(vm, "type")));
    if (vm.get("default_user") != null) m.put("default_user", vm.get("default_user"));
    m.put("city", vm.get("city"));
    m.put("state", vm.get("state"));
    m.put("country", vm.get("country"));
    return m;
  }

  /** {@code {"47979": "22"}} or {@code {"47979": 22}} (external → internal) as v2 port forwards. */
  static List<Object> forwards(Object portForwards) {
    List<Object> out = new ArrayList<>();
    obj(portForwards).forEach((ext, in) -> {
      double e = num(ext, 0);
      double i = num(in, 0);
      if (e > 0 && i > 0) out.add(Map.of("internal_port", (long) i, "external_port", (long) e));
    });
    return out;
  }

  /** The deploy answer {@code {server, ip, port_forwards, cost}} as a flat v2 instance. */
  static Map<String, Object> deployed(Object tree, String name) {
    Map<String, Object> d = obj(tree);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", str(d, "server"));
    m.put("name", name);
    m.put("ipAddress", str(d, "ip"));
    m.put("portForwards", forwards(d.get("port_forwards")));
    m.put("rateHourly", num(obj(d.get("cost")).get("total_price"), 0));
    return m;
  }

  /**
   * The {@code POST /client/deploy/single} form (without the key pair, which {@link TensorDockApi#form} adds): even
   * vCPUs and RAM, a random password (required even with keys; never logged: a secret field), ports in the set
   * syntax {@code {20000, 20001}} mapped in order to {@code {22, <template port>}}, the cloud-init text with its
   * newlines escaped as a literal {@code \n}, and for spot {@code price_type=spot} with the bid.
   */
  static Map<String, String> deployForm(ProviderLaunchRequest req, String name, String image, String sshKey,
      List<String> runcmd) {
    Offer o = req.offer();
    Map<String, Object> at = o.attributes();
    Map<String, String> f = new LinkedHashMap<>();
    f.put("name", name);
    f.put("hostnode", String.valueOf(at.get("hostnode")));
    f.put("gpu_model", String.valueOf(at.get("gpu_v0_name")));
    f.put("gpu_count", String.valueOf(o.gpuCount()));
    f.put("vcpus", String.valueOf(even(o.vcpus() == null ? 2 : o.vcpus())));
    f.put("ram", String.valueOf(even(o.ramGib() == null ? 8 : o.ramGib())));
    f.put("storage", String.valueOf((long) Math.max(TensorDockOffers.MIN_DISK_GB,
        Math.ceil(Math.max(req.diskGib(), o.diskGib() == null ? 0 : o.diskGib())))));
    f.put("operating_system", OPERATING_SYSTEMS.getOrDefault(image, image));
    f.put("password", password());
    List<Integer> internal = TensorDockProvider.internalPorts(req);
    List<?> free = TensorDockApi.list(at.get("available_ports"));
    StringJoiner ext = new StringJoiner(", ", "{", "}");
    StringJoiner in = new StringJoiner(", ", "{", "}");
    for (int i = 0; i < internal.size() && i < free.size(); i++) {
      ext.add(String.valueOf((long) num(free.get(i), 0)));
      in.add(String.valueOf(internal.get(i)));
    }
    f.put("external_ports", ext.toString());
    f.put("internal_ports", in.toString());
    if (sshKey != null) f.put("ssh_key", sshKey);
    StringBuilder ci = new StringBuilder("runcmd:");
    for (String c : runcmd) ci.append("\\n  - \"").append(c.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    f.put("cloudinit_script", ci.toString());
    if (req.pricingModel() == PricingModel.SPOT) {
      Money bid = req.bidPerHour() != null ? req.bidPerHour() : o.minBid() != null ? o.minBid() : o.pricePerHour();
      f.put("price_type", "spot");
      f.put("price", bid.amount().stripTrailingZeros().toPlainString());
    }
    return f;
  }

  private static long even(double d) {
    long l = (long) Math.ceil(d);
    return l % 2 == 0 ? l : l + 1;
  }

  private static String password() {
    byte[] b = new byte[18];
    RANDOM.nextBytes(b);
    return "Td" + HexFormat.of().formatHex(b);
  }
}
