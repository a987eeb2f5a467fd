package com.dumontcloud.sdk.server.internal;

import com.dumontcloud.sdk.catalog.TemplateCatalog;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.pricing.CurrencyView;
import com.dumontcloud.sdk.pricing.FxRates;
import com.dumontcloud.sdk.serverless.Endpoint;
import com.dumontcloud.sdk.serverless.EndpointClient;
import com.dumontcloud.sdk.serverless.EndpointNotFoundException;
import com.dumontcloud.sdk.serverless.EndpointSpec;
import com.dumontcloud.sdk.serverless.Endpoints;
import com.dumontcloud.sdk.serverless.MachineType;
import com.dumontcloud.sdk.serverless.openai.CompletionStream;
import com.dumontcloud.sdk.spi.support.JsonCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Seed 000's routes ({@code /api/v1/serverless/...}) and the OpenAI-compatible URL of every endpoint
 * ({@code /endpoints/{id}/v1/...}), which goes through the endpoint's router: scale from zero, the bounded queue,
 * retries on another replica, the degraded standby.
 */
public final class ServerlessRoutes {
  private static final List<String> OPENAI_PATHS = List.of("chat/completions", "completions", "embeddings",
      "images/generations", "audio/transcriptions");
  private final Endpoints endpoints;
  private final Supplier<String> baseUrl;
  private final FxRates fx;

  public ServerlessRoutes(Endpoints endpoints, Supplier<String> baseUrl) {
    this(endpoints, baseUrl, FxRates.staticDefault());
  }

  /** With the rates a {@code currency} query parameter converts at (the server's, as its provider routes use). */
  public ServerlessRoutes(Endpoints endpoints, Supplier<String> baseUrl, FxRates fx) {
    this.endpoints = endpoints;
    this.baseUrl = baseUrl;
    this.fx = java.util.Objects.requireNonNull(fx, "fx");
  }

  public void register(Router r) {
    // on the principal's behalf, as a deployment's apply: labelled with its owner (not whoever the body names)
    r.add("POST", "/api/v1/serverless/endpoints", x -> {
      CurrencyView v = ProviderRoutes.view(x, fx); // a bad code fails before anything is created
      x.json(200, v.annotate(json(endpoints.create(spec(x.jsonBody()), x.principal()), v)));
    });
    r.add("GET", "/api/v1/serverless/endpoints", x -> {
      CurrencyView v = ProviderRoutes.view(x, fx);
      List<Object> out = new ArrayList<>();
      endpoints.list().forEach(e -> out.add(json(e, v)));
      if (v.asIs()) {
        x.json(200, Map.of("endpoints", out, "total", out.size()));
        return;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("endpoints", out);
      m.put("total", out.size());
      x.json(200, v.annotate(m));
    });
    r.add("GET", "/api/v1/serverless/endpoints/{id}", x -> {
      CurrencyView v = ProviderRoutes.view(x, fx);
      x.json(200, v.annotate(json(endpoints.get(x.param("id")), v)));
    });
    r.add("GET", "/api/v1/serverless/endpoints/{id}/stats", x -> {
      CurrencyView v = ProviderRoutes.view(x, fx);
      x.json(200, v.annotate(endpoints.stats(x.param("id")).toJson(v)));
    });
    r.add("DELETE", "/api/v1/serverless/endpoints/{id}", x -> {
      String id = x.param("id");
      // as a deployment's delete: a grant on own resources covers the endpoints its principal or team owns
      endpoints.delete(id, x.principal());
      x.json(200, Map.of("success", true, "id", id, "message", "endpoint " + id + " deleted"));
    });
    r.add("GET", "/api/v1/serverless/stats", x -> {
      CurrencyView v = ProviderRoutes.view(x, fx);
      x.json(200, v.annotate(endpoints.stats().toJson(v)));
    });
    r.add("GET", "/endpoints/{id}/v1/models", x -> {
      Endpoint e = endpoints.get(x.param("id"));
      String model = model(e);
      x.json(200, Map.of("object", "list", "data", List.of(Map.of("id", model, "object", "model",
          "owned_by", "dumont"))));
    });
    r.add("POST", "/endpoints/{id}/v1/{*path}", this::proxy);
  }

  /**
   * An endpoint's seed-000 JSON, with its OpenAI-compatible {@code url}, its {@code labels} (the owner's
   * {@code dumont-principal} and {@code dumont-team} among them) and, while a team quota or budget refuses its
   * replicas, {@code launch_refused} (why, in one line).
   */
  public Map<String, Object> json(Endpoint e) {
    return json(e, CurrencyView.usd());
  }

  /** The same with its amounts in the view's currency (the answer adds {@code currency} and {@code fx} once). */
  public Map<String, Object> json(Endpoint e, CurrencyView view) {
    Map<String, Object> m = new LinkedHashMap<>(e.toJson(view));
    m.put("labels", new java.util.TreeMap<>(e.spec().labels()));
    try {
      endpoints.launchRefusal(e.id()).ifPresent(why -> m.put("launch_refused", why));
    } catch (EndpointNotFoundException gone) {
      // deleted since it was listed: nothing is refused any more
    }
    m.put("vram_required", e.spec().template().vramRequiredGib());
    m.put("gpu", e.gpuName());
    @SuppressWarnings("unchecked")
    Map<String, Object> as = new LinkedHashMap<>((Map<String, Object>) m.get("auto_scaling"));
    as.put("min", e.spec().minReplicas());
    as.put("max", e.spec().maxReplicas());
    m.put("auto_scaling", as);
    m.put("url", baseUrl.get() + "/endpoints/" + e.id() + "/v1");
    return m;
  }

  private static String model(Endpoint e) {
    Template t = e.spec().template();
    return t.modelId() != null ? t.modelId() : t.name();
  }

  static EndpointSpec spec(Map<String, Object> body) {
    String name = Json.str(body, "template");
    String modelId = Json.str(body, "model_id");
    Template t;
    if (name != null) {
      t = TemplateCatalog.find(name).orElseThrow(() -> ApiError.notFound("template '" + name
          + "' not found; known: " + String.join(", ", servable())));
    } else if (modelId != null) {
      String tail = modelId.substring(modelId.lastIndexOf('/') + 1).toLowerCase(java.util.Locale.ROOT);
      t = TemplateCatalog.all().stream().filter(x -> x.port() > 0 && x.modelId() != null)
          .filter(x -> modelId.equalsIgnoreCase(x.modelId()) || x.name().equalsIgnoreCase(tail)
              || x.modelId().toLowerCase(java.util.Locale.ROOT).endsWith("/" + tail))
          .findFirst()
          .orElseThrow(() -> ApiError.badRequest("model_id '" + modelId + "' has no template; give template (one of "
              + String.join(", ", servable()) + ")"));
    } else {
      throw ApiError.badRequest("template or model_id is required");
    }
    EndpointSpec.Builder b = EndpointSpec.builder(t);
    Integer min = Json.integer(body, "min_instances");
    Integer max = Json.integer(body, "max_instances");
    int lo = min == null ? 0 : min;
    int hi = max == null ? Math.max(lo, 5) : max;
    if (hi < lo) throw ApiError.badRequest("max_instances (" + hi + ") must be at least min_instances (" + lo + ")");
    if (hi < 1) throw ApiError.badRequest("max_instances must be at least 1");
    b.replicas(lo, hi);
    String mt = Json.str(body, "machine_type");
    if (mt != null) {
      try {
        b.machineType(MachineType.parse(mt));
      } catch (RuntimeException e) {
        throw ApiError.badRequest("machine_type must be spot, on-demand or auto, got '" + mt + "'");
      }
    }
    String gpu = Json.str(body, "gpu_name");
    if (gpu != null) b.gpuName(gpu);
    Integer idle = Json.integer(body, "idle_timeout");
    if (idle != null) b.idleTimeout(Duration.ofSeconds(idle));
    String n = Json.str(body, "name");
    if (n != null) b.name(n);
    Object regions = body.get("regions");
    if (regions instanceof List<?> l) b.regions(l.stream().map(String::valueOf).toList());
    else if (regions != null) throw ApiError.badRequest("regions must be a list such as [\"US\", \"EU\"]");
    String provider = Json.str(body, "provider");
    if (provider != null) b.providerId(provider);
    Integer spotExtra = Json.integer(body, "spot_extra");
    if (spotExtra != null) {
      if (spotExtra < 0) throw ApiError.badRequest("spot_extra must be 0 or more, got " + spotExtra);
      b.spotExtra(spotExtra);
    }
    Object labels = body.get("labels");
    if (labels instanceof Map<?, ?> lm) {
      Map<String, String> ls = new LinkedHashMap<>();
      lm.forEach((k, v) -> {
        if (!(v instanceof String text)) {
          throw ApiError.badRequest("labels." + k + " must be a text such as \"42\", got "
              + com.dumontcloud.sdk.spi.support.Json.type(v));
        }
        ls.put(String.valueOf(k), text);
      });
      b.labels(ls);
    } else if (labels != null) {
      throw ApiError.badRequest("labels must be a JSON object of texts such as {\"cost-center\": \"42\"}");
    }
    try {
      return b.build();
    } catch (RuntimeException e) {
      throw ApiError.badRequest(Exchange.oneLine(e.getMessage()));
    }
  }

  private static List<String> servable() {
    return TemplateCatalog.all().stream().filter(x -> x.port() > 0 && x.category() != null
        && x.modelId() != null).map(Template::name).toList();
  }

  private void proxy(Exchange x) throws IOException {
    String path = x.param("path");
    if (!OPENAI_PATHS.contains(path)) {
      throw ApiError.notFound("/v1/" + path + " is not served; OpenAI-compatible paths: /v1/"
          + String.join(", /v1/", OPENAI_PATHS));
    }
    if (path.equals("audio/transcriptions")) {
      transcribe(x);
      return;
    }
    Map<String, Object> body = x.jsonBody();
    EndpointClient client = endpoints.client(x.param("id"));
    if (Boolean.TRUE.equals(body.get("stream"))) {
      try (CompletionStream s = client.stream("/v1/" + path, body)) {
        OutputStream out = x.stream(200, "text/event-stream");
        try {
          for (String data : s) {
            out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
          }
          out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
          out.flush();
        } finally {
          out.close();
          x.raw().close();
        }
      }
      return;
    }
    EndpointClient.Response resp = client.postForResponse("/v1/" + path, body);
    x.raw().getResponseHeaders().set(EndpointClient.SERVED_BY_HEADER, resp.servedBy().wireName());
    String ct = resp.header("content-type");
    x.send(resp.status(), ct == null ? "application/json" : ct, resp.body().getBytes(StandardCharsets.UTF_8));
  }

  /** Whisper-style multipart upload: the {@code file} part goes through the router as a transcription. */
  private void transcribe(Exchange x) {
    String ct = x.header("Content-Type");
    if (ct == null || !ct.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
      throw ApiError.badRequest("audio/transcriptions expects multipart/form-data with a file part");
    }
    Multipart mp = Multipart.parse(ct, x.body());
    byte[] file = mp.file("file");
    if (file == null) throw ApiError.badRequest("audio/transcriptions needs a 'file' part");
    String text = endpoints.client(x.param("id")).transcribe(mp.field("model"), file, mp.fileName("file"));
    x.json(200, Map.of("text", text));
  }

  static String write(Object tree) {
    return JsonCodec.standard().write(tree);
  }
}
