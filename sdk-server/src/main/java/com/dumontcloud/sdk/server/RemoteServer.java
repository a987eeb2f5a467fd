package com.dumontcloud.sdk.server;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.engine.DeploymentSpec;
import com.dumontcloud.sdk.engine.DeploymentStatus;
import com.dumontcloud.sdk.exception.AuthenticationException;
import com.dumontcloud.sdk.exception.ConnectionException;
import com.dumontcloud.sdk.exception.InvalidRequestException;
import com.dumontcloud.sdk.exception.NotFoundException;
import com.dumontcloud.sdk.exception.ProviderErrorDetails;
import com.dumontcloud.sdk.exception.ProviderServerException;
import com.dumontcloud.sdk.serverless.EndpointSpec;
import com.dumontcloud.sdk.spi.support.JsonCodec;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Java client of a running {@code dumont serve}: {@link #dumont()} is {@link Dumont#remote(URI, String)} (offers,
 * instances, costs, statistics); {@link #deployments()} has the orchestrator's apply/get/list/delete with the same
 * {@link DeploymentSpec} and {@link DeploymentStatus} types; {@link #endpoints()} manages serverless endpoints
 * (their seed-000 JSON) and gives each one's OpenAI-compatible URL.
 */
public final class RemoteServer implements AutoCloseable {
  private final URI base;
  private final String key;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final Dumont dumont;

  private RemoteServer(URI base, String key) {
    String b = base.toString();
    this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
    this.key = key;
    this.dumont = Dumont.remote(this.base, key);
  }

  /** Connect (lists the server's providers; a wrong key fails here with AuthenticationException). */
  public static RemoteServer connect(URI server, String apiKey) {
    return new RemoteServer(server, apiKey);
  }

  public Dumont dumont() {
    return dumont;
  }

  public Deployments deployments() {
    return new Deployments();
  }

  public Endpoints endpoints() {
    return new Endpoints();
  }

  @Override
  public void close() {
    dumont.close();
  }

  /** The orchestrator's deployment operations over {@code /api/v1/deployments}. */
  public final class Deployments {
    private Deployments() {}

    public DeploymentStatus apply(DeploymentSpec spec) {
      return status(call("apply deployment", "POST", "/api/v1/deployments", spec.toMap()));
    }

    public Optional<DeploymentStatus> get(String id) {
      try {
        return Optional.of(status(call("get deployment", "GET", "/api/v1/deployments/" + enc(id), null)));
      } catch (NotFoundException e) {
        return Optional.empty();
      }
    }

    @SuppressWarnings("unchecked")
    public List<DeploymentStatus> list() {
      List<DeploymentStatus> out = new ArrayList<>();
      for (Object o : (List<Object>) call("list deployments", "GET", "/api/v1/deployments", null).get("deployments")) {
        out.add(status((Map<String, Object>) o));
      }
      return out;
    }

    /** Terminate everything the deployment owns, then forget it. */
    public void delete(String id) {
      call("delete deployment", "DELETE", "/api/v1/deployments/" + enc(id), null);
    }
  }

  /** Serverless endpoints over {@code /api/v1/serverless}: their seed-000 JSON. */
  public final class Endpoints {
    private Endpoints() {}

    /** Create from a spec (template, replicas, machine type, GPU, regions, idle timeout, provider, labels). */
    public Map<String, Object> create(EndpointSpec spec) {
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("template", spec.template().name());
      b.put("name", spec.name());
      b.put("min_instances", spec.minReplicas());
      b.put("max_instances", spec.maxReplicas());
      b.put("machine_type", spec.machineType().wireName());
      if (spec.gpuName() != null) b.put("gpu_name", spec.gpuName());
      if (!spec.regions().isEmpty()) b.put("regions", spec.regions());
      b.put("idle_timeout", spec.idleTimeout().toSeconds());
      if (spec.providerId() != null) b.put("provider", spec.providerId());
      if (!spec.labels().isEmpty()) b.put("labels", spec.labels()); // the server stamps the owner's two itself
      return call("create endpoint", "POST", "/api/v1/serverless/endpoints", b);
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> list() {
      return (List<Map<String, Object>>) call("list endpoints", "GET", "/api/v1/serverless/endpoints", null)
          .get("endpoints");
    }

    public Map<String, Object> get(String id) {
      return call("get endpoint", "GET", "/api/v1/serverless/endpoints/" + enc(id), null);
    }

    public void delete(String id) {
      call("delete endpoint", "DELETE", "/api/v1/serverless/endpoints/" + enc(id), null);
    }

    /** Seed-000 statistics over every endpoint. */
    public Map<String, Object> stats() {
      return call("endpoint stats", "GET", "/api/v1/serverless/stats", null);
    }

    /** The endpoint's OpenAI-compatible base URL (give it to an OpenAI SDK as base_url, with the API key). */
    public URI openAiUrl(String id) {
      return URI.create(base + "/endpoints/" + enc(id) + "/v1");
    }
  }

  @SuppressWarnings("unchecked")
  static DeploymentStatus status(Map<String, Object> m) {
    List<DeploymentStatus.SlotStatus> slots = new ArrayList<>();
    for (Object o : (List<Object>) m.getOrDefault("slots", List.of())) {
      Map<String, Object> s = (Map<String, Object>) o;
      slots.add(new DeploymentStatus.SlotStatus(str(s, "slot"), str(s, "role"), str(s, "phase"),
          (int) num(s, "generation"), str(s, "instance_id"), str(s, "host_id"), str(s, "region"), str(s, "pricing"),
          num(s, "price_per_hour")));
    }
    Object cp = m.get("checkpoint_version");
    return new DeploymentStatus(str(m, "id"), DeploymentSpec.fromMap((Map<String, Object>) m.get("spec")),
        str(m, "phase"), slots, (int) num(m, "healthy_replicas"), num(m, "spend"), num(m, "on_demand_equivalent"),
        (int) num(m, "interruptions"), (int) num(m, "failovers"), cp instanceof Number n ? n.longValue() : null);
  }

  private static String str(Map<String, Object> m, String k) {
    Object v = m.get(k);
    return v == null ? null : String.valueOf(v);
  }

  private static double num(Map<String, Object> m, String k) {
    return m.get(k) instanceof Number n ? n.doubleValue() : 0;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> call(String operation, String method, String path, Object body) {
    HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(2))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(JsonCodec.standard().write(body)));
    if (key != null) rb.header("Authorization", "Bearer " + key);
    HttpResponse<String> r;
    try {
      r = http.send(rb.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new ConnectionException("dumont server " + base + " did not answer: " + e.getMessage(), e, "server", 1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectionException("interrupted while calling " + base, e, "server", 1);
    }
    Object tree = r.body().isBlank() ? Map.of() : JsonCodec.standard().parse(r.body());
    if (r.statusCode() < 300) return (Map<String, Object>) tree;
    String detail = tree instanceof Map<?, ?> mm && mm.get("detail") != null ? String.valueOf(mm.get("detail"))
        : "HTTP " + r.statusCode();
    ProviderErrorDetails d = ProviderErrorDetails.of("server", operation, detail + " (dumont server " + base + ")");
    throw switch (r.statusCode()) {
      case 400, 413 -> new InvalidRequestException(d);
      case 401, 403 -> new AuthenticationException(d);
      case 404 -> new NotFoundException(d);
      default -> new ProviderServerException(d);
    };
  }
}
