package com.dumontcloud.sdk.vast.internal;

import com.dumontcloud.sdk.Secret;
import com.dumontcloud.sdk.exception.AttemptTimeoutException;
import com.dumontcloud.sdk.exception.CallTimeoutException;
import com.dumontcloud.sdk.exception.CapacityUnavailableException;
import com.dumontcloud.sdk.exception.ConnectionException;
import com.dumontcloud.sdk.exception.DumontException;
import com.dumontcloud.sdk.exception.InvalidSpecException;
import com.dumontcloud.sdk.exception.NotFoundException;
import com.dumontcloud.sdk.exception.PermissionDeniedException;
import com.dumontcloud.sdk.exception.ProviderException;
import com.dumontcloud.sdk.exception.ProviderProtocolException;
import com.dumontcloud.sdk.exception.ProviderServerException;
import com.dumontcloud.sdk.exception.RateLimitedException;
import com.dumontcloud.sdk.spi.support.Json;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.InstanceState;
import com.dumontcloud.sdk.model.Labels;
import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.spi.AccountBalance;
import com.dumontcloud.sdk.spi.CloudProvider;
import com.dumontcloud.sdk.spi.ProviderContext;
import com.dumontcloud.sdk.spi.ProviderLaunchRequest;
import com.dumontcloud.sdk.spi.InstanceLogs;
import com.dumontcloud.sdk.spi.ProviderMetadata;
import com.dumontcloud.sdk.spi.SshAccess;
import com.dumontcloud.sdk.spi.SpotMarket;
import com.dumontcloud.sdk.spi.Utilisation;
import com.dumontcloud.sdk.spi.Volumes;
import com.dumontcloud.sdk.spi.support.Acceptor;
import com.dumontcloud.sdk.spi.support.Bodies;
import com.dumontcloud.sdk.spi.support.ConfigReader;
import com.dumontcloud.sdk.spi.support.CreateReconciler;
import com.dumontcloud.sdk.spi.support.HttpCall;
import com.dumontcloud.sdk.spi.support.Paginator;
import com.dumontcloud.sdk.spi.support.SshKeys;
import com.dumontcloud.sdk.spi.support.Waiter;
import com.dumontcloud.sdk.vast.VastProviderFactory;
import com.dumontcloud.sdk.vast.VastTemplate;
import com.dumontcloud.sdk.vast.VastTemplates;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Vast.ai adapter. Speaks the REST API as {@code ../shared/reference/vast-api.md} documents it: offers
 * {@code POST /api/v0/bundles/}, create {@code PUT /api/v0/asks/{id}/}, list {@code GET /api/v1/instances/}
 * (paginated), show/manage/destroy {@code /api/v0/instances/{id}/}, bids, volumes, templates, user, logs.
 *
 * <p>Launches are never resent: each carries a label derived from its idempotency key (see {@link VastLabels}); a
 * retry of the same launch, and any ambiguous outcome (timeout, lost connection, 5xx, unreadable answer), is
 * resolved by listing instances with that exact label.
 *
 * <p>A stop the SDK asks for is recorded on the instance itself, as a marker in its Vast label written before
 * the stop and removed after a start (see {@link VastLabels}): Vast shows a user stop and an outbid the same way,
 * and only the label survives a restart of the host application.
 */
public final class VastProvider implements CloudProvider, SpotMarket, Volumes, AccountBalance, VastTemplates,
    InstanceLogs, SshAccess, Utilisation {
  private static final Logger log = LoggerFactory.getLogger(VastProvider.class);
  /** v1 list page size (Vast's maximum). */
  static final int PAGE_SIZE = 25;
  private static final int MAX_PAGES = 400;
  /** {@link #logs}: polls of the result URL and the wait between them (the official client: ~30 × 0.3 s). */
  static final int LOG_ATTEMPTS = 30;
  static final Duration LOG_ATTEMPT_WAIT = Duration.ofMillis(300);

  private final ProviderContext ctx;
  private final ProviderMetadata metadata;
  private final VastApi api;
  private final int searchLimit;
  private final Map<String, Instant> interruptedSince = new ConcurrentHashMap<>();
  private volatile boolean v1ListGone;
  private final VastSsh.Mode sshMode;
  private final VastUsage usage = new VastUsage();

  public VastProvider(ProviderContext ctx, ProviderMetadata metadata) {
    this.ctx = ctx;
    this.metadata = metadata;
    ConfigReader cfg = ConfigReader.of(ctx.providerId(), ctx.config());
    String base = cfg.baseUrl(VastProviderFactory.BASE_URL.key(), VastProviderFactory.DEFAULT_BASE_URL);
    Secret key = ctx.config().secret(VastProviderFactory.API_KEY.key()).orElse(null);
    boolean pace = cfg.bool(VastProviderFactory.PACING.key(), true);
    this.searchLimit = cfg.integer(VastProviderFactory.SEARCH_LIMIT.key(), 1000, 1, Integer.MAX_VALUE);
    this.sshMode = cfg.enumValue(VastProviderFactory.SSH_MODE.key(), VastSsh.Mode.class, VastSsh.Mode.PROXY);
    this.api = new VastApi(ctx, base, key, new Pacer(ctx.scheduler(), pace));
  }

  @Override
  public ProviderMetadata metadata() {
    return metadata;
  }

  // ------------------------------------------------------------------ offers

  @Override
  public List<Offer> searchOffers(OfferQuery query) {
    String op = "searchOffers";
    VastQuery.Translation t = VastQuery.translate(query, searchLimit);
    PricingModel pricing = query.pricingModel() == PricingModel.SPOT ? PricingModel.SPOT : PricingModel.ON_DEMAND;
    VastApi.Answer a = api.json(op, Pacer.Endpoint.SEARCH, "POST", api.url("/api/v0/bundles/", null), t.body(),
        VastApi.Auth.OPTIONAL, HttpCall.Kind.READ, VastErrors.SoftFailure.THROW);
    return api.parse(op, a, json -> Bodies.each(Json.arr(Json.obj(json, "body").get("offers"), "offers"), "offers",
        o -> VastParsers.offer(api.providerId(), o, pricing),
        n -> log.debug("[provider=vast op={}] skipped {} offers without id or price, or malformed", op, n)));
  }

  // ------------------------------------------------------------------ launch

  @Override
  public Instance launch(ProviderLaunchRequest req) {
    String op = "launch";
    api.requireKey(op);
    Offer offer = req.offer();
    if (!offer.id().matches("\\d+")) {
      throw new InvalidSpecException("offer '" + offer.id() + "' is not a Vast offer id (provider "
          + offer.providerId() + ")");
    }
    Map<String, String> labels = new LinkedHashMap<>(req.labels());
    if (req.idempotencyKey() != null) labels.put(Labels.KEY, req.idempotencyKey());
    String label = VastLabels.encode(labels);
    Map<String, Object> body = launchBody(req, label);

    Optional<Instance> existing = findByLabel(op, label);
    if (existing.isEmpty()) existing = findByLabel(op, VastLabels.withStopMarker(label)); // launched, then stopped
    if (existing.isPresent()) {
      log.debug("[provider=vast op=launch key={}] adopting instance {} created by an earlier attempt",
          req.idempotencyKey(), existing.get().id());
      return existing.get();
    }

    String url = api.url("/api/v0/asks/" + offer.id() + "/", null);
    VastApi.Answer a;
    try {
      a = api.json(op, Pacer.Endpoint.CREATE, "PUT", url, body, VastApi.Auth.REQUIRED, HttpCall.Kind.CREATE,
          VastErrors.SoftFailure.RETURN);
    } catch (CapacityUnavailableException e) {
      // "offer gone" can be our own first attempt that rented it: an HTTP client may resend a request whose
      // connection dropped after it was sent. Look once before reporting the stockout.
      Optional<Instance> ours = findByLabel(op, label);
      if (ours.isPresent()) {
        log.debug("[provider=vast op=launch instance={}] offer gone because this launch already rented it", ours.get().id());
        return ours.get().toBuilder().offerId(offer.id()).build();
      }
      throw e;
    } catch (AttemptTimeoutException | CallTimeoutException | ConnectionException | ProviderServerException
        | ProviderProtocolException e) {
      return resolveAmbiguous(op, label, offer, e);
    }
    Map<String, Object> obj;
    try {
      obj = Json.obj(a.json(), "body");
    } catch (IllegalArgumentException e) {
      return resolveAmbiguous(op, label, offer,
          VastErrors.protocol(api.providerId(), op, a.status(), a.body(), e.getMessage(), e, api.scrub()));
    }
    VastErrors.ErrorBody eb = VastErrors.parse(a.body());
    boolean failed = a.status() >= 300 || Boolean.FALSE.equals(obj.get("success")); // >= 300: refiner returned it
    if (failed) {
      if (eb.newContract() != null) throw destroyLeftover(op, eb.newContract(), a.status(), a.body(), a.attempts());
      throw VastErrors.exception(api.providerId(), op, a.status(), a.body(), a.attempts(), api.scrub());
    }
    if (eb.newContract() == null) {
      return resolveAmbiguous(op, label, offer, VastErrors.protocol(api.providerId(), op, a.status(), a.body(),
          "create answer without a numeric new_contract", null, api.scrub()));
    }
    String id = Long.toString(eb.newContract());
    Instance created;
    try {
      created = get(id);
    } catch (NotFoundException e) {
      created = Instance.builder().id(id).providerId(api.providerId()).state(InstanceState.PENDING)
          .rawStatus("created").gpu(offer.gpu()).gpuCount(offer.gpuCount()).gpuRamGib(offer.gpuRamGib())
          .location(offer.location()).hostId(offer.hostId()).pricingModel(req.pricingModel())
          .pricePerHour(offer.pricePerHour()).labels(labels).image(req.template().image())
          .templateName(req.template().name()).createdAt(ctx.scheduler().now()).build();
    }
    if (req.pricingModel() == PricingModel.SPOT && created.pricingModel() != PricingModel.SPOT
        && created.state() != InstanceState.PENDING) {
      log.warn("[provider=vast op=launch instance={}] asked for an interruptible instance but Vast reports it "
          + "on-demand (is_bid false); it is billed at the on-demand price", id);
    }
    return created.toBuilder().offerId(offer.id()).build();
  }

  private Map<String, Object> launchBody(ProviderLaunchRequest req, String label) {
    Template t = req.template();
    Map<String, Object> cfg = t.config();
    Map<String, Object> env = new LinkedHashMap<>(t.env());
    List<Integer> ports = new ArrayList<>();
    if (t.port() > 0) ports.add(t.port());
    if (cfg.get("ports") instanceof List<?> extra) {
      for (Object p : extra) {
        int port = (int) Double.parseDouble(String.valueOf(p).strip());
        if (!ports.contains(port)) ports.add(port);
      }
    }
    for (int p : ports) env.put("-p " + p + ":" + p, "1");
    String runtype = cfg.get("runtype") instanceof String s && !s.isBlank() ? s : "args";

    Map<String, Object> body = new LinkedHashMap<>();
    body.put("client_id", "me");
    body.put("image", t.image());
    if (cfg.get("vast_template_hash_id") instanceof String h && !h.isBlank()) body.put("template_hash_id", h);
    body.put("env", env);
    body.put("disk", req.diskGib());
    body.put("label", label);
    body.put("runtype", runtype);
    if (!t.args().isEmpty()) body.put("args", t.args());
    if (cfg.get("onstart") instanceof String s && !s.isBlank()) body.put("onstart", s);
    if (req.pricingModel() == PricingModel.SPOT) {
      Money bid = req.bidPerHour() != null ? req.bidPerHour() : req.offer().minBid();
      if (bid == null) {
        throw new InvalidSpecException("an interruptible Vast launch needs a bid: set LaunchSpec.bidPerHour or use an "
            + "offer from a bid search (it carries min_bid)");
      }
      body.put("price", bid.amount().stripTrailingZeros().doubleValue());
    } else {
      body.put("cancel_unavail", true);
    }
    body.put("target_state", "running");
    return body;
  }

  /** Never resend a create: look for the instance by its label (at 0 s, 2 s, 7 s) and rethrow when it is not there. */
  private Instance resolveAmbiguous(String op, String label, Offer offer, RuntimeException cause) {
    return CreateReconciler.<Instance>builder(ctx.scheduler(), api.providerId(), op)
        .find(() -> findByLabel(op, label))
        .build()
        .reconcile(cause)
        .toBuilder().offerId(offer.id()).build();
  }

  /** Destroy the instance a failed create left behind (up to 4 tries), then report the failure (naming it if it survived). */
  private ProviderException destroyLeftover(String op, long contract, int status, String body, int attempts) {
    String id = Long.toString(contract);
    RuntimeException failure = null;
    try {
      Waiter.<Boolean>builder(ctx.scheduler()).description("destroy instance " + id).providerId(api.providerId())
          .acceptors(Acceptor.success(done -> true), Acceptor.retryOnError(e -> e instanceof DumontException d && d.retryable()))
          .maxAttempts(4).backoff(Duration.ofSeconds(1), 2, Duration.ofSeconds(4)).build()
          .run(() -> {
            terminate(id);
            return true;
          });
    } catch (CallTimeoutException e) {
      failure = e.getCause() instanceof RuntimeException cause ? cause : e;
    } catch (DumontException e) {
      failure = e;
    }
    String note = failure == null
        ? "Vast created instance " + id + " in the stopped state anyway; it was destroyed"
        : "Vast created instance " + id + " in the stopped state anyway and it could NOT be destroyed; it bills "
            + "storage until destroyed: destroy instance " + id;
    ProviderException e = VastErrors.exception(api.providerId(), op, status, body, attempts, api.scrub(), note);
    if (failure != null) e.addSuppressed(failure);
    return e;
  }

  // ------------------------------------------------------------------ instances

  @Override
  public Instance get(String instanceId) {
    String op = "get";
    String id = requireId(op, instanceId);
    Shown shown = show(op, id);
    Instance i = api.parse(op, shown.answer(), json -> VastParsers.instance(api.providerId(), shown.raw()));
    observe(i.id(), shown.raw());
    return i;
  }

  /** The answer of {@code GET /api/v0/instances/{id}/} and the raw instance object in it. */
  private record Shown(VastApi.Answer answer, Map<String, Object> raw) {
    String label() {
      return Json.str(raw, "label");
    }
  }

  /** Show one instance, unparsed; NotFoundException when Vast has none. */
  private Shown show(String op, String id) {
    VastApi.Answer a = api.get(op, Pacer.Endpoint.SHOW, "/api/v0/instances/" + id + "/", null);
    Map<String, Object> i = api.parse(op, a, json -> {
      Map<String, Object> obj = Json.obj(json, "body");
      if (!obj.containsKey("instances")) throw new IllegalArgumentException("no \"instances\" key");
      Object inst = obj.get("instances");
      if (inst instanceof List<?> l) inst = l.isEmpty() ? null : l.get(0);
      return inst == null ? null : Json.obj(inst, "instances");
    });
    if (i == null) {
      throw new NotFoundException(VastErrors.details(api.providerId(), op, a.status(), "no_such_instance",
          "instance " + id + " does not exist (destroyed or never created)", null, a.attempts(), false, null));
    }
    return new Shown(a, i);
  }

  @Override
  public List<Instance> list(Map<String, String> labels) {
    String op = "list";
    List<Instance> all = parseInstances(op, listRaw(op, null));
    usage.retainOnly(all.stream().map(Instance::id).toList());
    if (labels == null || labels.isEmpty()) return all;
    return all.stream().filter(i -> i.labels().entrySet().containsAll(labels.entrySet())).toList();
  }

  @Override
  public Optional<Instance> findByIdempotencyKey(String key) {
    return list(Map.of(Labels.KEY, key)).stream().filter(i -> i.state() != InstanceState.TERMINATED).findFirst();
  }

  /** Instances whose Vast label is exactly {@code label} (filtered by Vast, checked again here). */
  private Optional<Instance> findByLabel(String op, String label) {
    List<Object> raw = listRaw(op, Map.of("label", Map.of("eq", label))).stream()
        .filter(o -> o instanceof Map<?, ?> m && label.equals(m.get("label")))
        .toList();
    return parseInstances(op, raw).stream().filter(i -> i.state() != InstanceState.TERMINATED).findFirst();
  }

  private List<Instance> parseInstances(String op, List<Object> raw) {
    List<Instance> out = new ArrayList<>(raw.size());
    for (Object o : raw) {
      try {
        Instance i = VastParsers.instance(api.providerId(), o);
        observe(i.id(), Json.obj(o, "instance"));
        out.add(i);
      } catch (RuntimeException e) {
        throw VastErrors.protocol(api.providerId(), op, 200, ctx.json().write(o), "unreadable instance in the list: "
            + e.getMessage(), e, api.scrub());
      }
    }
    return out;
  }

  /** Every raw instance: v1 pages via next_token; v0 when v1 is gone (404/410). */
  private List<Object> listRaw(String op, Map<String, Object> selectFilters) {
    api.requireKey(op);
    if (!v1ListGone) {
      try {
        return listV1(op, selectFilters);
      } catch (NotFoundException e) {
        if (e.statusCode() != 404 && e.statusCode() != 410) throw e;
        log.debug("[provider=vast op={}] GET /api/v1/instances/ answered {}; using /api/v0/instances/", op, e.statusCode());
        v1ListGone = true;
      }
    }
    VastApi.Answer a = api.get(op, Pacer.Endpoint.LIST, "/api/v0/instances/", null);
    List<Object> all = api.parse(op, a, json -> {
      Object list = Json.obj(json, "body").get("instances");
      return list == null ? List.<Object>of() : Json.arr(list, "instances");
    });
    if (selectFilters == null) return all;
    Object want = ((Map<?, ?>) selectFilters.get("label")).get("eq");
    return all.stream().filter(o -> o instanceof Map<?, ?> m && want.equals(m.get("label"))).toList();
  }

  private List<Object> listV1(String op, Map<String, Object> selectFilters) {
    return Paginator.<Object>cursor(api.providerId(), op, token -> {
      Map<String, String> q = new LinkedHashMap<>();
      q.put("limit", Integer.toString(PAGE_SIZE));
      if (selectFilters != null) q.put("select_filters", ctx.json().write(selectFilters));
      q.put("select_cols", "[\"*\"]");
      if (token != null) q.put("after_token", token);
      VastApi.Answer a = api.get(op, Pacer.Endpoint.LIST, "/api/v1/instances/", q);
      return api.parse(op, a, json -> {
        Map<String, Object> obj = Json.obj(json, "body");
        Object list = obj.get("instances");
        if (list == null && !obj.containsKey("instances")) throw new IllegalArgumentException("no \"instances\" key");
        Object t = obj.get("next_token");
        if (t != null && !(t instanceof String)) throw new IllegalArgumentException("next_token: expected a string");
        return new Paginator.Page<>(list == null ? List.of() : Json.arr(list, "instances"), (String) t);
      });
    }).tokenName("next_token").maxPages(MAX_PAGES).build().toList();
  }

  /**
   * Starts the instance, then removes the SDK's stop marker from its label. When that last write fails the
   * instance still starts (the call does not fail): a marker on a running instance changes nothing until the
   * instance is stopped again, and then only whether Vast's own stop of it reads STOPPED rather than INTERRUPTED;
   * the next stop or start rewrites the label anyway.
   */
  @Override
  public void start(String instanceId) {
    String op = "start";
    String id = requireId(op, instanceId);
    String label = show(op, id).label();
    VastApi.Answer a = manage(op, id, Map.of("state", "running"), VastErrors.SoftFailure.RETURN);
    VastErrors.ErrorBody eb = VastErrors.parse(a.body());
    Map<String, Object> obj = api.parse(op, a, json -> Json.obj(json, "body"));
    if (a.status() >= 300 || Boolean.FALSE.equals(obj.get("success"))) {
      if (a.status() < 300 && "resources_unavailable".equals(eb.code())) {
        log.debug("[provider=vast op=start instance={}] start queued: resources unavailable on the machine", id);
      } else {
        throw VastErrors.exception(api.providerId(), op, a.status(), a.body(), a.attempts(), api.scrub());
      }
    }
    if (VastLabels.hasStopMarker(label)) {
      try {
        writeLabel(op, id, VastLabels.withoutStopMarker(label));
      } catch (DumontException e) {
        log.warn("[provider=vast op=start instance={}] started, but the stop marker could not be removed from its "
            + "label ({}); the next start or stop rewrites it", id, e.getClass().getSimpleName());
      }
    }
  }

  /**
   * Marks the instance as stopped by the SDK (in its label), then stops it. The order matters on an account
   * that outlives this process: an interruptible instance found stopped without the marker reads as outbid
   * (INTERRUPTED) and the engine replaces it. When the marker cannot be written nothing is stopped and the call
   * fails (retry it); when the stop fails after the marker was written, the instance runs on with a marker that
   * means nothing while it runs, and that the next start removes.
   */
  @Override
  public void stop(String instanceId) {
    String op = "stop";
    String id = requireId(op, instanceId);
    String label = show(op, id).label();
    if (!VastLabels.hasStopMarker(label)) writeLabel(op, id, VastLabels.withStopMarker(label));
    acknowledged(op, manage(op, id, Map.of("state", "stopped"), VastErrors.SoftFailure.THROW));
  }

  @Override
  public void terminate(String instanceId) {
    String op = "terminate";
    if (instanceId == null || !instanceId.strip().matches("\\d+")) return; // never a Vast instance: nothing to destroy
    api.requireKey(op);
    String id = instanceId.strip();
    try {
      acknowledged(op, api.json(op, Pacer.Endpoint.DESTROY, "DELETE", api.url("/api/v0/instances/" + id + "/", null),
          Map.of(), VastApi.Auth.REQUIRED, HttpCall.Kind.IDEMPOTENT_WRITE, VastErrors.SoftFailure.THROW));
    } catch (NotFoundException e) {
      log.debug("[provider=vast op=terminate instance={}] already gone", id);
    } catch (ProviderProtocolException e) {
      // a 2xx with an unreadable body: the delete went through; confirm rather than guess
      try {
        get(id);
      } catch (NotFoundException gone) {
        return;
      }
      throw e;
    }
    interruptedSince.remove(id);
    usage.forget(id);
  }

  /**
   * Replaces the SDK's labels. The stop marker is not a label: it is kept while the instance is stopped (so a
   * relabel of a parked instance does not turn it into an "outbid" one) and dropped otherwise.
   */
  @Override
  public void setLabels(String instanceId, Map<String, String> labels) {
    String op = "setLabels";
    String id = requireId(op, instanceId);
    String label = VastLabels.encode(labels);
    Shown current = show(op, id);
    if (VastLabels.hasStopMarker(current.label())
        && "stopped".equalsIgnoreCase(String.valueOf(current.raw().get("intended_status")).strip())) {
      label = VastLabels.withStopMarker(label);
    }
    writeLabel(op, id, label);
  }

  private void writeLabel(String op, String id, String label) {
    if (label.length() > VastLabels.MAX_LENGTH_LABEL_ENDPOINT) {
      throw new InvalidSpecException("the Vast label of instance " + id + " would be " + label.length()
          + " characters; Vast accepts " + VastLabels.MAX_LENGTH_LABEL_ENDPOINT + ": use fewer or shorter labels");
    }
    acknowledged(op, manage(op, id, Map.of("label", label), VastErrors.SoftFailure.THROW));
  }

  private VastApi.Answer manage(String op, String id, Map<String, Object> body, VastErrors.SoftFailure soft) {
    return api.json(op, Pacer.Endpoint.MANAGE, "PUT", api.url("/api/v0/instances/" + id + "/", null), body,
        VastApi.Auth.REQUIRED, HttpCall.Kind.IDEMPOTENT_WRITE, soft);
  }

  /** A write's answer must be a JSON object ({@code {"success": true, ...}}); anything else is malformed. */
  private void acknowledged(String op, VastApi.Answer a) {
    api.parse(op, a, json -> Json.obj(json, "body"));
  }

  /** A non-numeric id can never be a Vast instance: not found, before the key is even needed (other providers' ids). */
  private String requireId(String op, String instanceId) {
    if (instanceId == null || !instanceId.strip().matches("\\d+")) {
      throw new NotFoundException(VastErrors.details(api.providerId(), op, 0, null,
          "'" + instanceId + "' is not a Vast instance id (Vast ids are numbers)", null, 0, false, null));
    }
    api.requireKey(op);
    return instanceId.strip();
  }

  // ------------------------------------------------------------------ spot market

  @Override
  public List<Interruption> interruptions(List<String> instanceIds, Instant since) {
    String op = "interruptions";
    Set<String> wanted = new HashSet<>(instanceIds);
    if (wanted.isEmpty()) return List.of();
    Instant now = ctx.scheduler().now();
    List<Interruption> out = new ArrayList<>();
    for (Instance i : parseInstances(op, listRaw(op, null))) {
      if (!wanted.contains(i.id())) continue;
      if (i.state() != InstanceState.INTERRUPTED) {
        interruptedSince.remove(i.id());
        continue;
      }
      Instant at = interruptedSince.computeIfAbsent(i.id(), k -> now);
      if (since == null || !at.isBefore(since)) out.add(new Interruption(i.id(), at, i.statusMessage()));
    }
    return out;
  }

  @Override
  public void changeBid(String instanceId, Money bidPerHour) {
    String op = "changeBid";
    String id = requireId(op, instanceId);
    if (bidPerHour == null || bidPerHour.doubleValue() <= 0) {
      throw new InvalidSpecException("a Vast bid must be a positive $/h amount, got " + bidPerHour);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("client_id", "me");
    body.put("price", bidPerHour.amount().stripTrailingZeros().doubleValue());
    acknowledged(op, api.json(op, Pacer.Endpoint.CHANGE_BID, "PUT",
        api.url("/api/v0/instances/bid_price/" + id + "/", null), body, VastApi.Auth.REQUIRED,
        HttpCall.Kind.IDEMPOTENT_WRITE, VastErrors.SoftFailure.THROW));
  }

  // ------------------------------------------------------------------ volumes, balance, templates, logs

  @Override
  public List<Volume> listVolumes() {
    String op = "listVolumes";
    VastApi.Answer a = api.get(op, Pacer.Endpoint.VOLUMES, "/api/v0/volumes/", null);
    return api.parse(op, a, json -> {
      Object list = Json.obj(json, "body").get("volumes");
      List<Volume> out = new ArrayList<>();
      if (list == null) return out;
      for (Object o : Json.arr(list, "volumes")) {
        Map<String, Object> v = Json.obj(o, "volume");
        String id = Json.id(v, "id");
        if (id == null) throw new IllegalArgumentException("volume without an id");
        String name = Json.text(v, "name");
        if (name == null) name = Json.text(v, "label");
        Double size = Json.num(v, "disk_space");
        out.add(new Volume(id, name != null ? name : "V." + id, size == null ? 0 : size,
            java.util.Collections.unmodifiableMap(new LinkedHashMap<>(v))));
      }
      return out;
    });
  }

  /** Spendable account money: {@code credit + balance} of {@code GET /api/v0/users/current/}, in USD. */
  @Override
  public Money balance() {
    String op = "balance";
    VastApi.Answer a = api.get(op, Pacer.Endpoint.USER, "/api/v0/users/current/", null);
    return api.parse(op, a, json -> {
      Map<String, Object> u = Json.obj(json, "body");
      Double credit = Json.num(u, "credit");
      Double balance = Json.num(u, "balance");
      if (credit == null && balance == null) throw new IllegalArgumentException("neither credit nor balance");
      return Money.usd((credit == null ? 0 : credit) + (balance == null ? 0 : balance));
    });
  }

  @Override
  public List<VastTemplate> searchTemplates(String nameContains) {
    String needle = nameContains == null ? "" : nameContains.strip().toLowerCase(Locale.ROOT);
    return searchTemplates(Map.of()).stream()
        .filter(t -> needle.isEmpty() || t.name().toLowerCase(Locale.ROOT).contains(needle))
        .toList();
  }

  @Override
  public List<VastTemplate> searchTemplates(Map<String, Object> selectFilters) {
    String op = "searchTemplates";
    Map<String, String> q = new LinkedHashMap<>();
    q.put("select_filters", ctx.json().write(selectFilters == null ? Map.of() : selectFilters));
    q.put("select_cols", "[\"*\"]");
    VastApi.Answer a = api.get(op, Pacer.Endpoint.TEMPLATES, "/api/v0/template/", q);
    return api.parse(op, a, json -> {
      Object list = Json.obj(json, "body").get("templates");
      List<VastTemplate> out = new ArrayList<>();
      if (list == null) return out;
      for (Object o : Json.arr(list, "templates")) {
        Map<String, Object> t = Json.obj(o, "template");
        String id = Json.id(t, "id");
        if (id == null) throw new IllegalArgumentException("template without an id");
        out.add(new VastTemplate(id, Json.str(t, "hash_id"), Json.str(t, "name"), Json.str(t, "image"),
            Json.str(t, "tag"), Json.str(t, "env"), Json.str(t, "onstart"), Json.str(t, "runtype"),
            Boolean.TRUE.equals(Json.bool(t, "recommended")), Json.num(t, "recommended_disk_space"), t));
      }
      return out;
    });
  }

  /** {@code PUT /api/v0/instances/request_logs/{id}/}: where the logs will appear (an unauthenticated URL). */
  private String requestLogs(String instanceId, int tail) {
    String op = "requestLogs";
    String id = requireId(op, instanceId);
    VastApi.Answer a = api.json(op, Pacer.Endpoint.LOGS, "PUT",
        api.url("/api/v0/instances/request_logs/" + id + "/", null), Map.of("tail", Integer.toString(tail)), VastApi.Auth.REQUIRED,
        HttpCall.Kind.IDEMPOTENT_WRITE, VastErrors.SoftFailure.THROW);
    return api.parse(op, a, json -> {
      String url = Json.text(Json.obj(json, "body"), "result_url");
      if (url == null || !(url.startsWith("https://") || url.startsWith("http://"))) {
        throw new IllegalArgumentException("result_url missing or not an http(s) URL");
      }
      return url;
    });
  }

  /** {@link InstanceLogs}: request, then poll the result URL at most {@link #LOG_ATTEMPTS} times. */
  @Override
  public String logs(String instanceId, int tailLines) {
    if (tailLines < 1) {
      throw new InvalidSpecException("tailLines must be at least 1, got " + tailLines);
    }
    String url = requestLogs(instanceId, tailLines);
    return pollLogs(instanceId, url, LOG_ATTEMPTS, LOG_ATTEMPT_WAIT,
        "after " + LOG_ATTEMPTS + " polls " + LOG_ATTEMPT_WAIT.toMillis() + " ms apart");
  }

  /**
   * GET the (unauthenticated: the key never goes to it) result URL until it answers 200; S3 answers 404 or 403
   * until the upload is there. At most {@code maxAttempts} polls.
   */
  private String pollLogs(String instanceId, String url, int maxAttempts, Duration between, String budget) {
    Waiter.Builder<String> w = Waiter.<String>builder(ctx.scheduler()).description("logs of instance " + instanceId)
        .acceptors(Acceptor.success(text -> true), Acceptor.retryOn(NotFoundException.class, PermissionDeniedException.class))
        .maxAttempts(maxAttempts).pollInterval(between).providerId(api.providerId());
    try {
      return w.build().run(() -> api.text("fetchLogs", null, url, VastApi.Auth.NONE));
    } catch (CallTimeoutException e) {
      throw new NotFoundException(VastErrors.details(api.providerId(), "fetchLogs", e.getCause() instanceof ProviderException p
          ? p.statusCode() : 0, null, "logs of instance " + instanceId + " did not appear " + budget
          + "; try again later", null, e.attempts(), true, null));
    }
  }

  // ------------------------------------------------------------------ ssh

  /**
   * The proxy {@code ssh_host:ssh_port} (or, with {@code ssh-mode=direct}, {@code public_ipaddr} and the host port
   * of {@code 22/tcp}), falling back to the other path; user {@code root}. Answered from the instance given; only a
   * running instance that carries no address at all is read again, once.
   */
  @Override
  public Optional<Endpoint> sshEndpoint(Instance instance) {
    if (instance == null || instance.state() != InstanceState.RUNNING) return Optional.empty();
    Optional<Endpoint> e = VastSsh.endpoint(instance, sshMode);
    if (e.isPresent() || !instance.id().strip().matches("\\d+")) return e;
    try {
      return VastSsh.endpoint(get(instance.id()), sshMode);
    } catch (NotFoundException gone) {
      return Optional.empty();
    }
  }

  /**
   * {@code POST /api/v0/instances/{id}/ssh/ {"ssh_key": ...}}. Vast answers a key it already has with "SSH key
   * already associated with instance." (seen in public field notes; status not documented): success here. Logs
   * name the key by fingerprint and comment only.
   */
  @Override
  public void installPublicKey(Instance instance, String openSshPublicKey) {
    String op = "installPublicKey";
    String id = requireId(op, instance == null ? null : instance.id());
    String key = SshKeys.requirePublicKey(openSshPublicKey);
    try {
      acknowledged(op, api.json(op, Pacer.Endpoint.SSH_KEYS, "POST", api.url("/api/v0/instances/" + id + "/ssh/", null),
          Map.of("ssh_key", key), VastApi.Auth.REQUIRED, HttpCall.Kind.IDEMPOTENT_WRITE, VastErrors.SoftFailure.THROW));
      log.debug("[provider=vast op={} instance={}] attached ssh key {}", op, id, SshKeys.fingerprint(key));
    } catch (NotFoundException e) {
      throw e;
    } catch (ProviderException e) {
      if (e.statusCode() >= 500 || e instanceof RateLimitedException || !VastSsh.alreadyThere(e.getMessage())) throw e;
      log.debug("[provider=vast op={} instance={}] ssh key {} was already attached", op, id, SshKeys.fingerprint(key));
    }
  }

  /**
   * Add a public key to the account ({@code GET}, then {@code POST /api/v0/ssh/} when it is not there yet), so
   * instances launched later get it too. Keys already on running instances are not changed: use
   * {@link #installPublicKey} for those. Idempotent.
   */
  public void registerAccountKey(String openSshPublicKey) {
    String op = "registerAccountKey";
    api.requireKey(op);
    String key = SshKeys.requirePublicKey(openSshPublicKey);
    String identity = SshKeys.identity(key);
    VastApi.Answer listed = api.get(op, Pacer.Endpoint.SSH_KEYS, "/api/v0/ssh/", null);
    boolean present = api.parse(op, listed, json -> accountKeys(json).stream()
        .anyMatch(k -> identity.equals(SshKeys.identity(k))));
    if (present) {
      log.debug("[provider=vast op={}] ssh key {} is already on the account", op, SshKeys.fingerprint(key));
      return;
    }
    try {
      acknowledged(op, api.json(op, Pacer.Endpoint.SSH_KEYS, "POST", api.url("/api/v0/ssh/", null),
          Map.of("ssh_key", key), VastApi.Auth.REQUIRED, HttpCall.Kind.IDEMPOTENT_WRITE, VastErrors.SoftFailure.THROW));
    } catch (ProviderException e) {
      if (e.statusCode() >= 500 || e instanceof RateLimitedException || !VastSsh.alreadyThere(e.getMessage())) throw e;
    }
    log.debug("[provider=vast op={}] added ssh key {} to the account", op, SshKeys.fingerprint(key));
  }

  /** Public keys in a {@code GET /api/v0/ssh/} answer: a list, or an object holding one; entries strings or objects. */
  private static List<String> accountKeys(Object json) {
    Object list = json instanceof Map<?, ?> ? Json.firstOf(Json.obj(json, "body"), "ssh_keys", "keys", "results", "data")
        : json;
    List<String> out = new ArrayList<>();
    for (Object o : list == null ? List.of() : Json.arr(list, "ssh keys")) {
      Object key = o instanceof Map<?, ?> ? Json.firstOf(Json.obj(o, "ssh key"), "public_key", "ssh_key", "key") : o;
      if (key instanceof String str) out.add(str);
    }
    return out;
  }

  // ------------------------------------------------------------------ utilisation

  /**
   * From the latest list or show that carried the instance, when it is at most {@link VastUsage#FRESH} old on the
   * scheduler's clock; else one {@code GET /api/v0/instances/{id}/}. Empty for an instance that is not running, has
   * no sample, or is gone; a transient failure of that read is also empty (unknown, so never counted as idle).
   */
  @Override
  public Optional<Usage> usage(Instance instance) {
    if (instance == null || !instance.id().strip().matches("\\d+")) return Optional.empty();
    if (instance.state().isTerminal() || instance.state() == InstanceState.STOPPED) return Optional.empty();
    String id = instance.id().strip();
    Optional<VastUsage.Seen> seen = usage.fresh(id, ctx.scheduler().now());
    if (seen.isPresent()) return Optional.ofNullable(seen.get().usage());
    try {
      get(id);
    } catch (NotFoundException e) {
      return Optional.empty();
    } catch (DumontException e) {
      if (!e.retryable()) throw e;
      log.debug("[provider=vast op=usage instance={}] no utilisation this time ({})", id, e.getClass().getSimpleName());
      return Optional.empty();
    }
    return usage.fresh(id, ctx.scheduler().now()).map(VastUsage.Seen::usage);
  }

  /** Remember an instance body's utilisation; a malformed utilisation field never fails the read that carried it. */
  private void observe(String id, Map<String, Object> raw) {
    try {
      usage.record(id, raw, ctx.scheduler().now());
    } catch (RuntimeException e) {
      log.debug("[provider=vast instance={}] unreadable utilisation fields: {}", id, e.getMessage());
      usage.forget(id);
    }
  }

  // ------------------------------------------------------------------ misc

  @Override
  public Optional<String> credentialsProblem() {
    return Optional.ofNullable(api.missingKey());
  }

  @Override
  public String toString() {
    return "VastProvider[key=" + (api.hasKey() ? "set" : "unset") + "]";
  }
}
