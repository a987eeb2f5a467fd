package com.dumontcloud.sdk.server.internal;

import com.dumontcloud.sdk.Costs;
import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.Instances;
import com.dumontcloud.sdk.catalog.TemplateCatalog;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.InstanceState;
import com.dumontcloud.sdk.model.LaunchSpec;
import com.dumontcloud.sdk.model.ModelJson;
import com.dumontcloud.sdk.model.OfferPage;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.exception.CapacityUnavailableException;
import com.dumontcloud.sdk.exception.ProviderErrorDetails;
import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.spi.CloudProvider;
import com.dumontcloud.sdk.spi.ProviderLaunchRequest;
import com.dumontcloud.sdk.query.OfferQueries;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Seed 001's routes ({@code /api/vast/...} for the default provider, the same under
 * {@code /api/v1/providers/{provider}/...}): offers, templates, instances, cost analysis, statistics.
 */
public final class ProviderRoutes {
  private final Dumont dumont;
  private final String defaultProvider;

  private final com.dumontcloud.sdk.pricing.FxRates fx;

  public ProviderRoutes(Dumont dumont, String defaultProvider) {
    this(dumont, defaultProvider, com.dumontcloud.sdk.pricing.FxRates.staticDefault());
  }

  public ProviderRoutes(Dumont dumont, String defaultProvider, com.dumontcloud.sdk.pricing.FxRates fx) {
    this.dumont = dumont;
    this.defaultProvider = defaultProvider;
    this.fx = fx;
  }

  /**
   * The {@code currency} query parameter of the routes that return money (ISO 4217; absent: US dollars as billed):
   * every amount converted and rounded once, with {@code currency} and {@code fx} (source, as_of) added.
   */
  public static com.dumontcloud.sdk.pricing.CurrencyView view(Exchange x, com.dumontcloud.sdk.pricing.FxRates fx) {
    String c = x.queryParam("currency");
    if (c == null || c.isBlank() || c.trim().equalsIgnoreCase("USD")) return com.dumontcloud.sdk.pricing.CurrencyView.usd();
    try {
      return com.dumontcloud.sdk.pricing.CurrencyView.of(fx, c);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("currency: " + Exchange.oneLine(e.getMessage()));
    }
  }

  public void register(Router r) {
    r.add("GET", "/api/v1/providers", x -> x.json(200, Map.of("providers", dumont.providers().stream().map(m -> {
      Map<String, Object> pm = new LinkedHashMap<>();
      pm.put("id", m.id());
      pm.put("display_name", m.displayName());
      pm.put("capabilities", m.capabilities().stream().map(Enum::name).sorted().toList());
      pm.put("default", m.id().equals(defaultProvider));
      return pm;
    }).toList())));
    registerSpi(r, "/api/v1/providers/{provider}");
    for (String base : List.of("/api/vast", "/api/v1/providers/{provider}")) {
      r.add("GET", base + "/offers", x -> x.json(200, offers(x, x.query())));
      r.add("POST", base + "/search-offers", x -> x.json(200, offers(x, x.jsonBody())));
      r.add("GET", base + "/templates", x -> {
        provider(x);
        x.json(200, Map.of("templates", TemplateCatalog.all().stream().map(ModelJson::template).toList()));
      });
      r.add("GET", base + "/templates/{name}", x -> {
        provider(x);
        x.json(200, ModelJson.template(template(x.param("name"))));
      });
      r.add("POST", base + "/instances/from-template", x -> {
        Map<String, Object> body = x.jsonBody();
        String name = x.queryParam("template_name");
        if (name == null) name = Json.str(body, "template_name");
        if (name == null) throw ApiError.badRequest("template_name is required (query parameter or body field)");
        String offer = x.queryParam("offer_id");
        if (offer == null) offer = Json.str(body, "offer_id");
        x.json(200, create(x, name, offer, Json.obj(body, "custom_config")));
      });
      r.add("POST", base + "/instances", x -> {
        Map<String, Object> body = x.jsonBody();
        String name = Json.str(body, "template_name");
        if (name == null) throw ApiError.badRequest("template_name is required");
        x.json(200, create(x, name, Json.str(body, "offer_id"), Json.obj(body, "custom_config")));
      });
      r.add("GET", base + "/instances", x -> x.json(200, list(x)));
      r.add("GET", base + "/instances/{id}", x -> {
        var v = view(x, fx);
        x.json(200, v.annotate(ModelJson.instance(instance(x), v)));
      });
      r.add("GET", base + "/instances/{id}/enhanced", x -> x.json(200, enhanced(instance(x))));
      r.add("GET", base + "/instances/{id}/cost-analysis",
          x -> {
            var v = view(x, fx);
            x.json(200, v.annotate(ModelJson.costAnalysis(client(x).costs().analyze(instance(x)), v)));
          });
      r.add("DELETE", base + "/instances/{id}", x -> {
        Instance i = instance(x);
        client(x).instances().destroy(i.id());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("success", true);
        m.put("instance_id", i.id());
        m.put("message", "instance " + i.id() + " is being destroyed");
        m.put("status", "destroying");
        x.json(200, m);
      });
      r.add("GET", base + "/statistics", x -> {
        String p = provider(x);
        var v = view(x, fx);
        x.json(200, v.annotate(ModelJson.statistics(client(x).instances().statistics(), v))); // span every provider
      });
    }
  }

  /**
   * The provider contract over HTTP, for {@code Dumont.remote(uri, key)}: raw searches in the query language,
   * launches with labels and an idempotency key, start/stop/terminate, labels. Not in the seeds.
   */
  private void registerSpi(Router r, String base) {
    r.add("GET", base + "/spi/offers", x -> {
      CloudProvider p = client(x).provider(provider(x));
      String q = x.queryParam("q");
      OfferQuery query;
      try {
        query = q == null ? OfferQuery.all() : OfferQueries.parse(q);
      } catch (RuntimeException e) {
        throw ApiError.badRequest("q: " + Exchange.oneLine(e.getMessage()));
      }
      List<Offer> offers = p.searchOffers(query);
      x.json(200, Map.of("offers", offers.stream().map(ModelJson::offer).toList(), "total", offers.size()));
    });
    r.add("POST", base + "/spi/launch", x -> {
      String pid = provider(x);
      CloudProvider p = client(x).provider(pid);
      Map<String, Object> body = x.jsonBody();
      String offerId = Json.str(body, "offer_id");
      if (offerId == null) throw ApiError.badRequest("offer_id is required");
      Map<String, Object> tm = Json.obj(body, "template");
      if (tm == null) throw ApiError.badRequest("template is required (the template's map form)");
      Template t;
      try {
        t = com.dumontcloud.sdk.model.Templates.fromMap(tm);
      } catch (RuntimeException e) {
        throw ApiError.badRequest("template: " + Exchange.oneLine(e.getMessage()));
      }
      String key = Json.str(body, "idempotency_key");
      if (key != null) {
        // a retried launch: the instance may exist already (and its offer be gone because it is rented)
        java.util.Optional<com.dumontcloud.sdk.model.Instance> existing = p.findByIdempotencyKey(key);
        if (existing.isPresent()) {
          x.json(200, ModelJson.instance(existing.get()));
          return;
        }
      }
      Offer offer = p.searchOffers(OfferQuery.all()).stream().filter(o -> o.id().equals(offerId)).findFirst()
          .orElseThrow(() -> new CapacityUnavailableException(ProviderErrorDetails.of(pid, "launch",
              "offer " + offerId + " is no longer available; search again")));
      Map<String, String> labels = new LinkedHashMap<>();
      Map<String, Object> lm = Json.obj(body, "labels");
      if (lm != null) lm.forEach((k, v) -> labels.put(k, String.valueOf(v)));
      String pricing = Json.str(body, "pricing");
      PricingModel pm = pricing == null ? offer.pricingModel()
          : pricing.equals("spot") ? PricingModel.SPOT : PricingModel.ON_DEMAND;
      Object bid = body.get("bid_per_hour");
      Object disk = body.get("disk_gib");
      ProviderLaunchRequest req = new ProviderLaunchRequest(offer, t, labels, key, pm,
          bid instanceof Number n ? Money.usd(n.doubleValue()) : null,
          disk instanceof Number n ? n.doubleValue() : 40);
      x.json(200, ModelJson.instance(p.launch(req)));
    });
    r.add("GET", base + "/spi/instances", x -> {
      CloudProvider p = client(x).provider(provider(x));
      String lq = x.queryParam("labels");
      Map<String, String> labels = new LinkedHashMap<>();
      if (lq != null) {
        Object tree;
        try {
          tree = com.dumontcloud.sdk.spi.support.JsonCodec.standard().parse(lq);
        } catch (RuntimeException e) {
          throw ApiError.badRequest("labels must be a JSON object of texts");
        }
        if (!(tree instanceof Map<?, ?> m)) throw ApiError.badRequest("labels must be a JSON object of texts");
        m.forEach((k, v) -> labels.put(String.valueOf(k), String.valueOf(v)));
      }
      x.json(200, Map.of("instances", ModelJson.instances(p.list(labels))));
    });
    r.add("GET", base + "/spi/instances/{id}", x ->
        x.json(200, ModelJson.instance(client(x).provider(provider(x)).get(x.param("id")))));
    for (String action : List.of("start", "stop", "terminate")) {
      r.add("POST", base + "/spi/instances/{id}/" + action, x -> {
        CloudProvider p = client(x).provider(provider(x));
        String id = x.param("id");
        switch (action) {
          case "start" -> p.start(id);
          case "stop" -> p.stop(id);
          default -> p.terminate(id);
        }
        x.json(200, Map.of("success", true, "instance_id", id));
      });
    }
    r.add("POST", base + "/spi/interruptions", x -> {
      String pid = provider(x);
      com.dumontcloud.sdk.spi.SpotMarket spot = spot(pid);
      Map<String, Object> body = x.jsonBody();
      Object ids = body.get("instance_ids");
      if (!(ids instanceof List<?> idList)) throw ApiError.badRequest("instance_ids must be a list of instance ids");
      String since = Json.str(body, "since");
      java.time.Instant from;
      try {
        from = since == null ? java.time.Instant.EPOCH : java.time.Instant.parse(since);
      } catch (RuntimeException e) {
        throw ApiError.badRequest("since must be an ISO-8601 instant such as 2026-01-01T00:00:00Z, got '" + since + "'");
      }
      List<Object> out = new java.util.ArrayList<>();
      for (var i : spot.interruptions(idList.stream().map(String::valueOf).toList(), from)) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("instance_id", i.instanceId());
        m.put("at", i.at() == null ? null : i.at().toString());
        m.put("reason", i.reason());
        out.add(m);
      }
      x.json(200, Map.of("interruptions", out));
    });
    r.add("POST", base + "/spi/instances/{id}/bid", x -> {
      Object bid = x.jsonBody().get("bid_per_hour");
      if (!(bid instanceof Number n) || n.doubleValue() <= 0) {
        throw ApiError.badRequest("bid_per_hour must be a positive number of USD per hour");
      }
      spot(provider(x)).changeBid(x.param("id"), Money.usd(n.doubleValue()));
      x.json(200, Map.of("success", true));
    });
    r.add("PUT", base + "/spi/instances/{id}/labels", x -> {
      Map<String, String> labels = new LinkedHashMap<>();
      x.jsonBody().forEach((k, v) -> labels.put(k, String.valueOf(v)));
      client(x).provider(provider(x)).setLabels(x.param("id"), labels);
      x.json(200, Map.of("success", true));
    });
  }

  private com.dumontcloud.sdk.spi.SpotMarket spot(String pid) {
    return dumont.provider(pid).capability(com.dumontcloud.sdk.spi.SpotMarket.class)
        .orElseThrow(() -> ApiError.badRequest("provider " + pid + " has no spot market"));
  }

  /** The client as the request's principal sees it: every call is checked against its roles. */
  private static Dumont client(Exchange x, Dumont dumont) {
    return dumont.as(x.principal());
  }

  private Dumont client(Exchange x) {
    return client(x, dumont);
  }

  /** The provider of a request: the path's, or the default one for the seed alias. */
  private String provider(Exchange x) {
    String p = x.param("provider");
    if (p == null) return defaultProvider;
    if (!dumont.providerIds().contains(p)) {
      throw ApiError.notFound("provider '" + p + "' is not configured on this server; configured: "
          + String.join(", ", dumont.providerIds()));
    }
    return p;
  }

  private Map<String, Object> offers(Exchange x, Map<String, ?> fields) {
    String p = provider(x);
    Map<String, Object> f = new LinkedHashMap<>(fields);
    f.remove("api_key");
    f.remove("currency"); // the display currency, not a filter (see view)
    OfferQuery q;
    try {
      q = OfferQueries.parseSeedSearch(f);
    } catch (RuntimeException e) {
      throw ApiError.badRequest(Exchange.oneLine(e.getMessage()));
    }
    if (q.limit() == null) q = q.toBuilder().limit(50).build();
    OfferPage page = client(x).offers().search(q, List.of(p));
    return ModelJson.offerPage(page, view(x, fx));
  }

  private static Template template(String name) {
    return TemplateCatalog.find(name).orElseThrow(() -> ApiError.notFound("template '" + name
        + "' not found; known templates: " + String.join(", ", TemplateCatalog.names())));
  }

  private Map<String, Object> create(Exchange x, String templateName, String offerId, Map<String, Object> custom) {
    String p = provider(x);
    Template t = template(templateName);
    LaunchSpec.Builder b = LaunchSpec.fromTemplate(t).providerId(p);
    if (offerId != null) b.offerId(offerId);
    if (custom != null) b.overrides(custom);
    Instance i = client(x).instances().launch(b.build());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("success", true);
    m.put("instance_id", i.id());
    m.put("template_name", t.name());
    m.put("message", "instance " + i.id() + " created from template '" + t.name() + "'");
    m.put("status", "creating");
    m.put("instance", ModelJson.instance(i));
    return m;
  }

  private Map<String, Object> list(Exchange x) {
    String p = provider(x);
    InstanceState st = null;
    String sf = x.queryParam("status_filter");
    if (sf != null) {
      st = InstanceState.fromWire(sf);
      if (st == InstanceState.UNKNOWN && !sf.equalsIgnoreCase("unknown")) {
        throw ApiError.badRequest("status_filter '" + sf + "' is not a state; one of "
            + String.join(", ", java.util.Arrays.stream(InstanceState.values()).map(InstanceState::wireName).toList()));
      }
    }
    String sort = x.queryParam("sort_by");
    Instances.Sort s = sort == null ? Instances.Sort.CREATED_AT : switch (sort.toLowerCase(java.util.Locale.ROOT)) {
      case "created_at", "created" -> Instances.Sort.CREATED_AT;
      case "cost", "cost_per_hour" -> Instances.Sort.COST;
      default -> throw ApiError.badRequest("sort_by must be created_at or cost, got '" + sort + "'");
    };
    List<Instance> all = client(x).instances().list(st, s).stream().filter(i -> i.providerId().equals(p)).toList();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("success", true);
    var v = view(x, fx);
    m.put("instances", ModelJson.instances(all, v));
    m.putAll(v.describe());
    m.put("total", all.size());
    return m;
  }

  private Instance instance(Exchange x) {
    String p = provider(x);
    String id = x.param("id");
    Instance i = client(x).instances().get(id);
    if (!i.providerId().equals(p)) throw ApiError.notFound("instance " + id + " not found on provider " + p);
    return i;
  }

  private Map<String, Object> enhanced(Instance i) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("instance_id", i.id());
    Map<String, Object> basic = new LinkedHashMap<>();
    basic.put("status", i.state().wireName());
    basic.put("public_ip", i.publicIp());
    d.put("basic_status", basic);
    Template t = i.templateName() == null ? null : TemplateCatalog.find(i.templateName()).orElse(null);
    boolean running = i.state() == InstanceState.RUNNING;
    boolean vllm = t != null && t.image() != null && t.image().startsWith("vllm/");
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("running", running && vllm);
    v.put("port", t == null || t.port() == 0 ? null : t.port());
    d.put("vllm_status", v);
    Map<String, Object> db = new LinkedHashMap<>();
    db.put("status", running && vllm ? "running_vllm" : i.state().wireName());
    db.put("cost_per_hour", ModelJson.money(i.pricePerHour(), 4));
    db.put("gpu_info", Map.of("gpu_name", i.gpu().name(), "num_gpus", i.gpuCount(),
        "gpu_ram", ModelJson.round(i.gpuRamGib(), 1)));
    db.put("uptime", hms(Costs.uptime(i, dumont.scheduler().now())));
    db.put("template_name", i.templateName());
    db.put("offer_id", i.offerId());
    db.put("created_at", i.createdAt() == null ? null : i.createdAt().toString());
    d.put("db_info", db);
    return Map.of("success", true, "data", d);
  }

  /** Seed 001's uptime form, {@code H:MM:SS}. */
  public static String hms(Duration d) {
    long s = Math.max(0, d.toSeconds());
    return String.format("%d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60);
  }
}
