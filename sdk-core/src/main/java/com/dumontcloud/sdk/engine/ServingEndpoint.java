package com.dumontcloud.sdk.engine;

import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.PortMapping;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One base URL through which a deployment serves requests, as the engine publishes it
 * ({@link Orchestrator#servingEndpoints(String)}, {@link EngineEvent.ServingEndpointsChanged}).
 *
 * <p>A healthy GPU replica is a {@link Role#PRIMARY} endpoint. A ready CPU standby whose template declares a
 * {@link com.dumontcloud.sdk.model.CpuFallback} is listed as {@link Role#DEGRADED} <i>whenever</i> it is ready, also
 * while GPU replicas are healthy: the router decides (primary first, degraded only when no primary answers), so a
 * client that sees a primary fail can move to the standby at once instead of waiting for the engine's next tick.
 *
 * <p>Map form: {@code {url, role: primary|degraded, slot, instance}}.
 *
 * @param url base URL {@code http://host:port} of the workload's HTTP API (no trailing slash)
 * @param role primary (GPU replica) or degraded (CPU standby)
 * @param slot the engine slot, e.g. {@code r0} or {@code s0}
 * @param instanceId the instance behind it
 */
public record ServingEndpoint(String url, Role role, String slot, String instanceId) {
  /** What an endpoint is for the router. */
  public enum Role {
    /** A healthy GPU replica running the template. */
    PRIMARY,
    /** The CPU standby running the template's CPU fallback: serve here only while no primary is healthy. */
    DEGRADED;

    /** Lower-case name, as in the map form and the {@code X-Dumont-Served-By} header. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public ServingEndpoint {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(role, "role");
    if (!url.startsWith("http://") && !url.startsWith("https://")) {
      throw new IllegalArgumentException("serving endpoint url must be an http(s) base URL, got '" + url + "'");
    }
    url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  public boolean degraded() {
    return role == Role.DEGRADED;
  }

  /** The map form {@code {url, role, slot, instance}}. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("url", url);
    m.put("role", role.wireName());
    if (slot != null) m.put("slot", slot);
    if (instanceId != null) m.put("instance", instanceId);
    return m;
  }

  /**
   * Reads {@link #toMap()}'s form.
   *
   * @throws IllegalArgumentException when {@code url} is missing or {@code role} is neither primary nor degraded
   */
  public static ServingEndpoint fromMap(Map<String, ?> m) {
    Object url = m.get("url");
    if (!(url instanceof String u) || u.isBlank()) {
      throw new IllegalArgumentException("serving endpoint needs 'url' (http://host:port), got " + url);
    }
    String r = String.valueOf(m.get("role")).trim().toUpperCase(Locale.ROOT);
    Role role;
    if (r.equals("PRIMARY")) role = Role.PRIMARY;
    else if (r.equals("DEGRADED")) role = Role.DEGRADED;
    else throw new IllegalArgumentException("serving endpoint role must be primary or degraded, got '"
        + m.get("role") + "'");
    return new ServingEndpoint(u, role, m.get("slot") == null ? null : String.valueOf(m.get("slot")),
        m.get("instance") == null ? null : String.valueOf(m.get("instance")));
  }

  /**
   * {@code http://host:port} of an instance's published container port: the mapping's host address, or the
   * instance's public IP when the mapping has none (or a wildcard); empty when the port is not published.
   */
  public static Optional<String> baseUrl(Instance instance, int containerPort) {
    Optional<PortMapping> p = instance.port(containerPort);
    String host = host(instance, containerPort);
    if (p.isEmpty() || host == null) return Optional.empty();
    return Optional.of("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + p.get().hostPort());
  }

  /** The host part of {@link #baseUrl} (unbracketed), or null when the port is not published or has no address. */
  static String host(Instance instance, int containerPort) {
    Optional<PortMapping> p = instance.port(containerPort);
    if (p.isEmpty()) return null;
    String ip = p.get().hostIp();
    String host = ip != null && !ip.isBlank() && !"0.0.0.0".equals(ip) && !"::".equals(ip) ? ip : instance.publicIp();
    return host == null || host.isBlank() ? null : host;
  }
}
