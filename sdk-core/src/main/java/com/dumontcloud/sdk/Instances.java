package com.dumontcloud.sdk;

import com.dumontcloud.sdk.catalog.TemplateCatalog;
import com.dumontcloud.sdk.exception.AttemptTimeoutException;
import com.dumontcloud.sdk.exception.CallTimeoutException;
import com.dumontcloud.sdk.exception.CapacityUnavailableException;
import com.dumontcloud.sdk.exception.ConnectionException;
import com.dumontcloud.sdk.exception.DumontException;
import com.dumontcloud.sdk.exception.InvalidSpecException;
import com.dumontcloud.sdk.exception.NotFoundException;
import com.dumontcloud.sdk.exception.ProviderErrorDetails;
import com.dumontcloud.sdk.exception.ProviderServerException;
import com.dumontcloud.sdk.model.FleetStatistics;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.InstanceState;
import com.dumontcloud.sdk.model.Labels;
import com.dumontcloud.sdk.model.LaunchSpec;
import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.OfferPage;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.spi.CloudProvider;
import com.dumontcloud.sdk.spi.ProviderLaunchRequest;
import com.dumontcloud.sdk.spi.support.Acceptor;
import com.dumontcloud.sdk.spi.support.Waiter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/** Launch, inspect, stop, start and destroy instances across the configured providers. */
public final class Instances {
  /** Sort orders for {@link #list(InstanceState, Sort)}. */
  public enum Sort {
    CREATED_AT,
    COST
  }

  private final Dumont dumont;
  private final Duration pollInterval;

  Duration pollInterval() {
    return pollInterval;
  }

  Instances(Dumont dumont, Duration pollInterval) {
    this.dumont = dumont;
    this.pollInterval = pollInterval;
  }

  /**
   * Launch from a template and an offer, an offer id, a query, or (with none of these) the cheapest offer
   * that meets the template's {@code min_gpu_ram} and {@code max_price}.
   *
   * <p>Never resent blindly: when the outcome is ambiguous (timeout, connection lost after sending) the
   * instance is looked up by its idempotency key label before the error is reported.
   *
   * @throws InvalidSpecException bad template or overrides
   * @throws CapacityUnavailableException no offer satisfies the template
   */
  public Instance launch(LaunchSpec spec) {
    Template base = spec.template() != null ? spec.template() : TemplateCatalog.get(spec.templateName());
    Template template = TemplateCatalog.applyOverrides(base, spec.overrides());
    Offer offer = resolveOffer(spec, template);
    CloudProvider provider = dumont.provider(offer.providerId());
    String key = spec.idempotencyKey() != null ? spec.idempotencyKey() : UUID.randomUUID().toString().replace("-", "");
    Map<String, String> labels = new LinkedHashMap<>(spec.labels());
    labels.put(Labels.KEY, key);
    labels.put(Labels.TEMPLATE, template.name());
    PricingModel pricing = spec.pricingModel() != null ? spec.pricingModel() : offer.pricingModel();
    Money bid = spec.bidPerHour() != null ? spec.bidPerHour() : pricing == PricingModel.SPOT ? offer.minBid() : null;
    double disk = spec.diskGib() != null ? spec.diskGib() : Math.max(20, template.config().containsKey("disk_gb")
        ? ((Number) template.config().get("disk_gb")).doubleValue() : 40);
    ProviderLaunchRequest req = new ProviderLaunchRequest(offer, template, labels, key, pricing, bid, disk);
    try {
      return provider.launch(req);
    } catch (AttemptTimeoutException | CallTimeoutException | ConnectionException | ProviderServerException e) {
      Optional<Instance> existing;
      try {
        existing = provider.findByIdempotencyKey(key);
      } catch (DumontException lookup) {
        e.addSuppressed(lookup);
        throw e;
      }
      if (existing.isPresent()) return existing.get();
      throw e;
    }
  }

  private Offer resolveOffer(LaunchSpec spec, Template template) {
    if (spec.offer() != null) return spec.offer();
    List<String> providers = spec.providerId() != null ? List.of(spec.providerId()) : dumont.providerIds();
    if (spec.offerId() != null) {
      OfferPage all = dumont.offers().search(OfferQuery.all(), providers);
      return all.offers().stream().filter(o -> o.id().equals(spec.offerId())).findFirst()
          .orElseThrow(() -> new CapacityUnavailableException(ProviderErrorDetails.of(String.join(",", providers),
              "launch", "offer " + spec.offerId() + " is no longer available; search again")));
    }
    OfferQuery q = spec.query();
    if (q != null && spec.pricingModel() != null) q = q.toBuilder().pricingModel(spec.pricingModel()).build();
    if (q == null) {
      OfferQuery.Builder b = OfferQuery.builder();
      if (template.minGpuRamGib() > 0) b.minGpuRamGib(template.minGpuRamGib());
      if (template.maxPricePerHour() != null) b.maxPricePerHour(template.maxPricePerHour().doubleValue());
      // never rent interruptible capacity unless asked: spot only with an explicit pricing model
      b.pricingModel(spec.pricingModel() != null ? spec.pricingModel() : PricingModel.ON_DEMAND);
      q = b.build();
    }
    OfferPage page = dumont.offers().search(q, providers);
    return page.best().orElseThrow(() -> new CapacityUnavailableException(ProviderErrorDetails.of(
        String.join(",", providers), "launch", "no offer matches " + describe(template, spec.query())
            + (page.partial() ? "; provider errors: " + page.errors() : ""))));
  }

  private static String describe(Template t, OfferQuery q) {
    if (q != null) return q.toString();
    return "template '" + t.name() + "' (gpu_ram>=" + t.minGpuRamGib() + " GiB"
        + (t.maxPricePerHour() == null ? "" : ", dph<=" + t.maxPricePerHour().rounded(2)) + ")";
  }

  /** The instance from whichever configured provider knows it. */
  public Instance get(String instanceId) {
    NotFoundException last = null;
    for (String id : dumont.providerIds()) {
      try {
        return dumont.provider(id).get(instanceId);
      } catch (NotFoundException e) {
        last = e;
      }
    }
    throw last != null ? last : new NotFoundException(ProviderErrorDetails.of("-", "get", "no provider configured"));
  }

  /** All instances of every provider. */
  public List<Instance> list() {
    return list(null, Sort.CREATED_AT);
  }

  /** Instances, optionally filtered by state, sorted. */
  public List<Instance> list(InstanceState state, Sort sort) {
    List<Instance> all = new ArrayList<>();
    for (String id : dumont.providerIds()) all.addAll(dumont.provider(id).list(Map.of()));
    Comparator<Instance> c = sort == Sort.COST
        ? Comparator.comparing(Instance::pricePerHour).reversed()
        : Comparator.comparing((Instance i) -> i.createdAt() == null ? Instant.EPOCH : i.createdAt()).reversed();
    return all.stream().filter(i -> state == null || i.state() == state).sorted(c).toList();
  }

  public void start(String instanceId) {
    providerOf(instanceId).start(instanceId);
  }

  public void stop(String instanceId) {
    providerOf(instanceId).stop(instanceId);
  }

  /** Destroy; idempotent. */
  public void destroy(String instanceId) {
    providerOf(instanceId).terminate(instanceId);
  }

  /**
   * Run a command on an instance over SSH ({@code dumont-sdk-ssh} on the class path) and wait for it.
   *
   * @param command a shell command line, run by the instance's login shell
   * @param timeout the command is killed when it runs longer ({@link com.dumontcloud.sdk.remote.RemoteTimeoutException})
   */
  public com.dumontcloud.sdk.remote.ExecResult exec(String instanceId, String command, Duration timeout) {
    return exec(instanceId, command, com.dumontcloud.sdk.remote.ExecOptions.timeout(timeout));
  }

  /** Run a command with streaming sinks, stdin and an output bound. */
  public com.dumontcloud.sdk.remote.ExecResult exec(String instanceId, String command,
      com.dumontcloud.sdk.remote.ExecOptions options) {
    if (command == null || command.isBlank()) throw new InvalidSpecException("command must not be empty");
    dumont.require(com.dumontcloud.sdk.access.Permission.GPU_PROVISION, "run a command on instance " + instanceId);
    return dumont.remote().exec(get(instanceId), command, options);
  }

  /** Copy a local file to {@code remotePath} on the instance. */
  public void upload(String instanceId, java.nio.file.Path local, String remotePath, Duration timeout) {
    dumont.require(com.dumontcloud.sdk.access.Permission.GPU_PROVISION, "copy a file to instance " + instanceId);
    dumont.remote().upload(get(instanceId), local, remotePath, timeout);
  }

  /** Copy {@code remotePath} from the instance to a local file. */
  public void download(String instanceId, String remotePath, java.nio.file.Path local, Duration timeout) {
    dumont.require(com.dumontcloud.sdk.access.Permission.GPU_PROVISION, "copy a file from instance " + instanceId);
    dumont.remote().download(get(instanceId), remotePath, local, timeout);
  }

  private CloudProvider providerOf(String instanceId) {
    return dumont.provider(get(instanceId).providerId());
  }

  /**
   * Poll until RUNNING, reporting the first observation and then every change of {@link Instance#state()} to
   * {@code progress} (not every poll: a provider's changing status text, such as an image pull's percentage, is not
   * a change).
   *
   * @throws DumontException when the instance fails, is interrupted or terminated
   * @throws com.dumontcloud.sdk.exception.CallTimeoutException when it is not running within {@code timeout}
   */
  public Instance waitUntilRunning(String instanceId, Duration timeout, Consumer<Instance> progress) {
    return Waiter.<Instance>builder(dumont.scheduler())
        .description("instance " + instanceId + " running")
        .acceptors(
            Acceptor.success(i -> i.state() == InstanceState.RUNNING),
            Acceptor.failure(i -> i.state() == InstanceState.FAILED || i.state() == InstanceState.TERMINATED
                    || i.state() == InstanceState.INTERRUPTED,
                i -> "instance " + instanceId + " is " + i.state().wireName() + " ("
                    + (i.statusMessage() != null ? i.statusMessage() : i.rawStatus()) + ") while waiting for it to run"))
        .deadline(timeout)
        .pollInterval(pollInterval)
        .onChange(progress)
        .changeKey(Instance::state)
        .describeLast(i -> "state " + i.state().wireName())
        .build()
        .run(() -> get(instanceId));
  }

  /** Fleet statistics over every provider's instances (seed 001). */
  public FleetStatistics statistics() {
    dumont.require(com.dumontcloud.sdk.access.Permission.COST_VIEW, "see fleet statistics (they include costs)");
    List<Instance> all = list();
    Instant now = dumont.scheduler().now();
    int active = 0;
    int destroyed = 0;
    Money total = Money.ZERO_USD;
    Money rateSum = Money.ZERO_USD;
    Map<String, Integer> gpus = new LinkedHashMap<>();
    Map<String, Integer> states = new LinkedHashMap<>();
    for (Instance i : all) {
      if (i.state() == InstanceState.TERMINATED) destroyed++;
      if (i.state().isActive()) {
        active++;
        rateSum = rateSum.plus(i.pricePerHour());
      }
      total = total.plus(i.pricePerHour().forDuration(Costs.uptime(i, now)));
      if (!i.gpu().isCpuOnly()) gpus.merge(i.gpu().name(), 1, Integer::sum);
      states.merge(i.state().wireName(), 1, Integer::sum);
    }
    // instances the providers no longer list (destroyed; Vast forgets them) count from the instance records
    int remembered = 0;
    Set<String> listed = new HashSet<>();
    for (Instance i : all) listed.add(i.providerId() + "|" + i.id());
    Set<String> providers = new HashSet<>(dumont.providerIds());
    for (Map<String, Object> rec : dumont.instanceRecords().all()) {
      if (!providers.contains(String.valueOf(rec.get("provider_id")))) continue;
      if (listed.contains(rec.get("provider_id") + "|" + rec.get("instance_id"))) continue;
      remembered++;
      destroyed++;
      total = total.plus(Money.usd(com.dumontcloud.sdk.audit.InstanceRecords.costOf(rec,
          rec.get("destroyed_at") == null && rec.get("updated_at") != null
              ? Instant.parse(String.valueOf(rec.get("updated_at"))) : now)));
      if (rec.get("gpu_name") != null && !"CPU".equalsIgnoreCase(String.valueOf(rec.get("gpu_name")))) {
        gpus.merge(String.valueOf(rec.get("gpu_name")), 1, Integer::sum);
      }
      states.merge(InstanceState.TERMINATED.wireName(), 1, Integer::sum);
    }
    Money avg = active == 0 ? Money.ZERO_USD : rateSum.times(1.0 / active);
    return new FleetStatistics(all.size() + remembered, active, destroyed, total, avg, gpus, states);
  }
}
