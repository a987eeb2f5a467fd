package com.dumontcloud.sdk.testkit;

import com.dumontcloud.sdk.exception.AttemptTimeoutException;
import com.dumontcloud.sdk.exception.CapacityUnavailableException;
import com.dumontcloud.sdk.exception.ConflictException;
import com.dumontcloud.sdk.exception.InvalidRequestException;
import com.dumontcloud.sdk.exception.NotFoundException;
import com.dumontcloud.sdk.exception.ProviderErrorDetails;
import com.dumontcloud.sdk.exception.ProviderServerException;
import com.dumontcloud.sdk.exception.RateLimitedException;
import com.dumontcloud.sdk.spi.support.Json;
import com.dumontcloud.sdk.spi.support.JsonCodec;
import com.dumontcloud.sdk.model.GpuModel;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.InstanceState;
import com.dumontcloud.sdk.model.Labels;
import com.dumontcloud.sdk.model.Location;
import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.PortMapping;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.query.OfferQueries;
import com.dumontcloud.sdk.spi.AccountBalance;
import com.dumontcloud.sdk.spi.Capability;
import com.dumontcloud.sdk.spi.CloudProvider;
import com.dumontcloud.sdk.spi.CloudProviderFactory;
import com.dumontcloud.sdk.spi.ConfigKey;
import com.dumontcloud.sdk.spi.ProviderContext;
import com.dumontcloud.sdk.spi.ProviderLaunchRequest;
import com.dumontcloud.sdk.spi.ProviderMetadata;
import com.dumontcloud.sdk.spi.SpotMarket;
import com.dumontcloud.sdk.spi.SshAccess;
import com.dumontcloud.sdk.spi.Utilisation;
import com.dumontcloud.sdk.testkit.ssh.SimSshServer;
import com.dumontcloud.sdk.time.Scheduler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The simulated cloud, provider id {@code sim}: a {@link CloudProvider} that behaves like a GPU
 * marketplace, deterministically from a seed. Offers come from {@link SimCatalog}; instances go through
 * PROVISIONING → STARTING → RUNNING with boot delays drawn from a {@link BootProfile}; spot instances are
 * interrupted at a configurable rate (or on demand with {@link #interrupt(String)}) and show it through
 * the same {@code get}/{@code list} calls a real provider answers; a {@link FaultPlan} injects API errors,
 * 429s, latency, stockouts, ambiguous launches and queued starts. All time comes from the
 * {@link Scheduler}: a {@link VirtualScheduler} in tests, the wall clock in the CLI.
 *
 * <p>State is evaluated lazily from timestamps, so a persisted cloud (the CLI's, under
 * {@code $DUMONT_HOME/sim}) keeps working across processes with wall-clock time.
 *
 * <p><b>SSH</b> ({@link SshAccess}): every instance has a home directory {@code <hostsDirectory>/<instanceId>/}
 * served by one in-process {@link SimSshServer} on 127.0.0.1 (started on the first {@link #sshEndpoint} call,
 * stopped by {@link #close()}); the login user is the instance id. The endpoint exists only while the instance is
 * RUNNING, and logins and commands to an instance that is not RUNNING are refused: like a real spot loss, the data on
 * a failed instance is unreachable. {@link #installPublicKey} appends to {@code <home>/.ssh/authorized_keys}. The
 * hosts directory is {@link Builder#hostsDirectory} or, when persisted, {@code hosts/} beside the state file (so
 * homes and the host key survive across CLI processes), else a temporary directory created on first use and
 * deleted by {@link #close()}.
 *
 * <p><b>The simulated workload</b> writes one record per second of (virtual) time while it is healthy, to
 * {@code <home>/state/records.log}, each line {@code <epoch-seconds> <instanceId>}. The records are materialised
 * lazily right before each SSH command or file copy on the instance: from max(workload ready time, the last record
 * this instance wrote + 1 s) up to the scheduler's now, at most 86,400 lines at once (the most recent ones). The
 * position is the instance's own, not the file's: after a restore replaced the file with an older archive, the
 * instance continues from where it was and never fills the gap, so lost work stays visible to tests.
 *
 * <p><b>GPU utilisation</b> ({@link Utilisation}) is what {@link #gpuUtilisation(String, double)} set (empty until
 * then, so the engine's default idleness signal sees "unknown" and never hibernates); a fake {@code nvidia-smi} in
 * {@code <home>/.sim/bin/} prints the same value ({@code <util>, <memUsed>, <memTotal>} per GPU) and fails while
 * it is unset.
 */
public final class SimulatedCloud implements CloudProvider, SpotMarket, AccountBalance, SshAccess, Utilisation,
    com.dumontcloud.sdk.spi.WorkloadHealth {
  public static final String ID = "sim";

  static final ProviderMetadata METADATA = new ProviderMetadata(ID, "Simulated cloud (offline, deterministic)", null,
      null, List.of(
          ConfigKey.of("seed", "seed of offers, boot times and interruptions", "42"),
          ConfigKey.of("persist", "keep state in $DUMONT_HOME/sim/state.json between processes", "false"),
          ConfigKey.of("interruptions-per-hour", "spot interruption rate per running spot instance", "0"),
          ConfigKey.of("hosts-per-region", "simulated hosts per region", "6"),
          ConfigKey.of("boot", "boot times: realistic (35-105 s) or fast (about 1 s)", "realistic"),
          ConfigKey.of("model-servers", "run a loopback OpenAI-compatible stub on every running instance", "true")),
      EnumSet.of(Capability.SPOT_MARKET, Capability.STOP_START, Capability.LABELS, Capability.CPU_INSTANCES,
          Capability.ACCOUNT_BALANCE, Capability.SSH_ACCESS, Capability.UTILISATION));

  /** Most records.log lines written by one materialisation (one virtual day). */
  static final int MAX_RECORDS_PER_MATERIALISATION = 86_400;

  /** Receives instances that reach RUNNING, e.g. to start a real HTTP model-server stub on loopback. */
  public interface Workloads {
    /** Start the workload of a running instance; return the loopback port it serves on, or empty. */
    Optional<Integer> start(Instance instance);

    /** Stop the workload of an instance that stopped, was interrupted or terminated. */
    void stop(String instanceId);
  }

  private final Scheduler scheduler;
  private final long seed;
  private final SimCatalog catalog;
  private final Path stateFile;
  private final Random faults;
  private volatile BootProfile boot;
  private volatile FaultPlan faultPlan = FaultPlan.none();
  private volatile double interruptionsPerHour;
  private volatile Workloads workloads;
  private final SpotCapacity spotCapacity;
  private final List<RunPeriod> closedRuns = new ArrayList<>();
  private final Duration terminatedListed;
  /** Instances terminated longer ago than {@link #terminatedListed}: answered by get, no longer listed. */
  private final Map<String, SimInstance> archived = new java.util.HashMap<>();
  private volatile BootProfile resume;
  private volatile double gpuTakenChance;
  private volatile Duration gpuTakenFor = Duration.ofMinutes(30);
  private volatile double storagePricePerHour;
  private final Map<String, SimInstance> instances = new LinkedHashMap<>();
  /** The same instances by host (a capacity check reads one host's, not every instance of the cloud). */
  private final Map<String, List<SimInstance>> byHost = new HashMap<>();
  /**
   * Instances by idempotency key, so that a launch does not scan the whole cloud for its key: the first instance
   * given a key, replaced once it is terminated or relabelled. Exact while no two live instances share a key; once
   * one does ({@link #keyClash}, only by relabelling), launches scan in launch order as before.
   */
  private final Map<String, SimInstance> byKey = new HashMap<>();
  private boolean keyClash;
  private final Map<String, Instant> hostDownAt = new LinkedHashMap<>();
  private final List<Interruption> interruptions = new ArrayList<>();
  private long nextSeq = 1;
  private long apiCalls;
  private final Map<String, Long> callsByOperation = new TreeMap<>();
  private final Map<String, Long> rateLimitedByOperation = new TreeMap<>();
  private final Map<String, TokenBucket> rateLimits = new HashMap<>();
  private final Path configuredHosts;
  private Path hostsDirectory;
  private boolean hostsDirectoryIsTemp;
  private SimSshServer sshServer;

  private SimulatedCloud(Builder b) {
    this.scheduler = b.scheduler != null ? b.scheduler : Scheduler.system();
    this.seed = b.seed;
    this.catalog = new SimCatalog(b.seed, b.hostsPerRegion, b.standardCatalog);
    this.spotCapacity = b.spotCapacity;
    this.terminatedListed = b.terminatedListed;
    this.boot = b.boot;
    this.interruptionsPerHour = b.interruptionsPerHour;
    this.resume = b.resume;
    this.gpuTakenChance = b.gpuTakenChance;
    this.storagePricePerHour = b.storagePricePerHour;
    this.stateFile = b.stateFile;
    this.faults = new Random(b.seed * 31 + 7);
    this.configuredHosts = b.hostsDirectory != null ? b.hostsDirectory
        : stateFile != null ? stateFile.toAbsolutePath().getParent().resolve("hosts") : null;
    if (stateFile != null) load();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A factory that always returns this instance (to pass to {@code Dumont.builder().providerFactories}). */
  public CloudProviderFactory factory() {
    SimulatedCloud self = this;
    return new CloudProviderFactory() {
      @Override
      public ProviderMetadata metadata() {
        return METADATA;
      }

      @Override
      public int priority() {
        return 100;
      }

      @Override
      public CloudProvider create(ProviderContext context) {
        return self;
      }
    };
  }

  // ---------------------------------------------------------------- configuration and injection

  public synchronized SimulatedCloud faults(FaultPlan plan) {
    this.faultPlan = plan == null ? FaultPlan.none() : plan;
    return this;
  }

  public FaultPlan faults() {
    return faultPlan;
  }

  public SimulatedCloud interruptionsPerHour(double rate) {
    this.interruptionsPerHour = rate;
    return this;
  }

  public SimulatedCloud bootProfile(BootProfile profile) {
    this.boot = profile;
    return this;
  }

  public BootProfile bootProfile() {
    return boot;
  }

  public SimulatedCloud workloads(Workloads w) {
    this.workloads = w;
    return this;
  }

  public Scheduler scheduler() {
    return scheduler;
  }

  public long seed() {
    return seed;
  }

  /** API calls served so far. */
  public synchronized long apiCalls() {
    return apiCalls;
  }

  /**
   * API calls so far by operation ({@code launch}, {@code search_offers}, {@code list}, {@code get},
   * {@code terminate}, ...), those answered with an error included; sorted by name.
   */
  public synchronized Map<String, Long> apiCallsByOperation() {
    return new TreeMap<>(callsByOperation);
  }

  /** Calls answered 429 by a {@link #rateLimit} so far, by operation. */
  public synchronized Map<String, Long> rateLimitedByOperation() {
    return new TreeMap<>(rateLimitedByOperation);
  }

  /**
   * Limit one operation's calls with a token bucket on the cloud's scheduler (virtual time in tests): up to
   * {@code burst} calls at once, then one every {@code every}; a call beyond that fails at once with 429
   * {@code rate_limited} and no Retry-After, as Vast answers (its documented create threshold is one call per
   * 4.5 s: {@code rateLimit("launch", 1, Duration.ofMillis(4500))}). The bucket starts full; a refused call takes
   * no token. Replaces an earlier limit of the same operation; {@code burst} 0 removes it.
   *
   * @param operation an operation name as in {@link #apiCallsByOperation}, e.g. {@code launch}
   */
  public synchronized SimulatedCloud rateLimit(String operation, int burst, Duration every) {
    if (burst < 0) throw new IllegalArgumentException("burst must be >= 0, got " + burst);
    if (burst == 0) {
      rateLimits.remove(operation);
      return this;
    }
    if (every == null || every.isZero() || every.isNegative()) {
      throw new IllegalArgumentException("every must be a positive duration, got " + every);
    }
    rateLimits.put(operation, new TokenBucket(burst, every.toNanos(), scheduler.now()));
    return this;
  }

  /** Tokens refill continuously, one per {@code everyNanos}, up to {@code burst}. */
  private static final class TokenBucket {
    final int burst;
    final long everyNanos;
    double tokens;
    Instant last;

    TokenBucket(int burst, long everyNanos, Instant now) {
      this.burst = burst;
      this.everyNanos = everyNanos;
      this.tokens = burst;
      this.last = now;
    }

    boolean take(Instant now) {
      if (now.isAfter(last)) {
        tokens = Math.min(burst, tokens + Duration.between(last, now).toNanos() / (double) everyNanos);
        last = now;
      }
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    }
  }

  /** Interrupt a (spot or not) instance now, as a preemption would. */
  public synchronized void interrupt(String instanceId) {
    SimInstance s = require(instanceId, "interrupt");
    if (s.terminatedAt == null && s.interruptedAt == null) {
      s.interruptAt = scheduler.now();
      refresh(s, scheduler.now());
    }
    save();
  }

  /**
   * Add a host with exact prices, e.g. for contract tests that look for a distinctive offer. Not persisted.
   *
   * @return the host id; its offer ids start with the host id without the {@code sim-} prefix
   */
  public synchronized String addHost(String region, String country, String gpuName, double vramGib, int gpuCount,
      double onDemandPerGpuHour, double spotPerGpuHour) {
    return catalog.addHost(region, country, gpuName, vramGib, gpuCount, onDemandPerGpuHour, spotPerGpuHour).id();
  }

  /**
   * Add a CPU-only host (16 machines of 2 vCPU and 4 GiB, like GCP e2-medium) with an exact hourly price, for CPU
   * standbys. Not persisted.
   *
   * @param spotOffered whether it also offers spot machines (at {@code spotPerHour}); false: on-demand only
   * @return the host id
   */
  public synchronized String addCpuHost(String region, String country, double onDemandPerHour, double spotPerHour,
      boolean spotOffered) {
    return catalog.addCpuHost(region, country, onDemandPerHour, spotPerHour, spotOffered).id();
  }

  /**
   * One period during which an instance ran: from {@code runningFrom} (RUNNING, billed from here) until {@code until}
   * (interrupted, stopped or terminated; null while it still runs), serving from {@code healthyFrom} (its workload
   * loaded; after {@code until} when it never got there). A stopped and restarted instance has one period per run.
   *
   * @param instanceId the instance
   * @param region the region of its host
   * @param pricing spot or on-demand
   * @param cpu whether it is a CPU-only machine (a standby)
   * @param pricePerHour what it costs per running hour
   * @param labels its labels when the period ended (or now)
   * @param runningFrom when it reached RUNNING
   * @param healthyFrom when its workload became healthy
   * @param until when the run ended, or null when it is still running
   */
  public record RunPeriod(String instanceId, String region, PricingModel pricing, boolean cpu, double pricePerHour,
      Map<String, String> labels, Instant runningFrom, Instant healthyFrom, Instant until) {}

  /**
   * Every run of every instance so far, in the order the runs ended (open runs last): the ground truth a replay
   * measures availability and cost from. Kept in memory only (not persisted).
   */
  public synchronized List<RunPeriod> runPeriods() {
    Instant now = scheduler.now();
    List<RunPeriod> out = new ArrayList<>(closedRuns);
    for (SimInstance s : instances.values()) {
      refresh(s, now);
      if (s.terminatedAt == null && s.interruptedAt == null && s.desiredRunning && s.runningAt != null
          && !now.isBefore(s.runningAt)) {
        out.add(period(s, null));
      }
    }
    return out;
  }

  /** Record the run that ends at {@code at}, if the instance got to RUNNING before then. */
  private void closeRun(SimInstance s, Instant at) {
    if (s.terminatedAt != null || s.interruptedAt != null || !s.desiredRunning || s.runningAt == null
        || !at.isAfter(s.runningAt)) {
      return;
    }
    closedRuns.add(period(s, at));
  }

  private RunPeriod period(SimInstance s, Instant until) {
    SimCatalog.Host h = catalog.host(s.hostId);
    return new RunPeriod(s.id, h == null ? "" : h.region(), s.pricing, "CPU".equals(s.gpuName), s.price,
        Map.copyOf(s.labels), s.runningAt, s.runningAt.plus(s.workloadLoad), until);
  }

  /** Take a host offline now: its instances are interrupted and its offers disappear until restored. */
  public synchronized void failHost(String hostId) {
    hostDownAt.put(hostId, scheduler.now());
    for (SimInstance s : instances.values()) refresh(s, scheduler.now());
    save();
  }

  public synchronized void restoreHost(String hostId) {
    hostDownAt.remove(hostId);
    save();
  }

  /** Make the workload of an instance stop answering its health check (or answer again). */
  public synchronized void breakWorkload(String instanceId, boolean broken) {
    require(instanceId, "breakWorkload").workloadBroken = broken;
    save();
  }

  /** True when the instance is RUNNING, its workload finished loading and is not broken. */
  /**
   * {@link com.dumontcloud.sdk.spi.WorkloadHealth}: the engine's default probe asks the simulated cloud, so a
   * deployment on {@code sim} becomes healthy with no probe configured ({@link #workloadHealthy}).
   */
  @Override
  public boolean healthy(Instance instance, com.dumontcloud.sdk.model.Template template) {
    return workloadHealthy(instance.id());
  }

  public synchronized boolean workloadHealthy(String instanceId) {
    SimInstance s = instances.get(instanceId);
    if (s == null) return false;
    Instant now = scheduler.now();
    refresh(s, now);
    return stateOf(s, now) == InstanceState.RUNNING && !s.workloadBroken && s.runningAt != null
        && !now.isBefore(s.runningAt.plus(s.workloadLoad));
  }

  /** When the instance's workload became (or will become) healthy, or null. */
  public synchronized Instant workloadReadyAt(String instanceId) {
    SimInstance s = instances.get(instanceId);
    return s == null || s.runningAt == null ? null : s.runningAt.plus(s.workloadLoad);
  }

  /** Instances that are not terminated (for invariant checks in tests). */
  public synchronized List<Instance> liveInstances() {
    Instant now = scheduler.now();
    return instances.values().stream().filter(s -> s.terminatedAt == null).map(s -> view(s, now)).toList();
  }

  /** The part of {@link #accruedCost()} billed for stopped instances' disks (storage price × stopped time). */
  public synchronized Money accruedStorageCost() {
    Instant now = scheduler.now();
    Money total = Money.ZERO_USD;
    for (SimInstance s : instances.values()) total = total.plus(s.storageAccrued(now));
    return total;
  }

  /** Total accrued cost of every instance so far (price × running time, plus storage while stopped). */
  public synchronized Money accruedCost() {
    Instant now = scheduler.now();
    Money total = Money.ZERO_USD;
    for (SimInstance s : instances.values()) total = total.plus(s.accrued(now));
    for (SimInstance s : archived.values()) total = total.plus(s.accrued(now));
    return total;
  }

  /** What one instance has accrued so far (running time and storage while stopped); zero for an unknown id. */
  public synchronized Money accruedCost(String instanceId) {
    SimInstance s = instances.get(instanceId);
    if (s == null) s = archived.get(instanceId);
    return s == null ? Money.ZERO_USD : s.accrued(scheduler.now());
  }

  // ---------------------------------------------------------------- CloudProvider

  @Override
  public ProviderMetadata metadata() {
    return METADATA;
  }

  @Override
  public synchronized List<Offer> searchOffers(OfferQuery query) {
    apiCall("search_offers");
    Instant now = scheduler.now();
    List<Offer> out = new ArrayList<>();
    for (SimCatalog.Host h : catalog.hosts()) {
      if (isDown(h.id(), now)) continue;
      for (Offer o : catalog.offers(h, freeGpus(h, now))) {
        if (stockedOut(o)) continue;
        if (o.pricingModel() == PricingModel.SPOT && !spotCapacity.available(h.region(), now)) continue;
        o = withStoragePrice(o);
        if (query.pricingModel() != null && o.pricingModel() != query.pricingModel()) continue;
        if (OfferQueries.matches(query, o)) out.add(o);
      }
    }
    return out;
  }

  /** The offer with {@code storage_price_per_hour}: what a stopped instance of it is billed per hour. */
  private Offer withStoragePrice(Offer o) {
    Map<String, Object> a = new LinkedHashMap<>(o.attributes());
    a.put("storage_price_per_hour", storagePricePerHour);
    return o.toBuilder().attributes(a).build();
  }

  /**
   * How a stopped instance restarts: its own start-time distribution (container start and model load from the
   * local disk, no provisioning, image pull or download; {@link BootProfile#resumeDefaults()}), or null (the
   * default) for the boot profile's container start and workload phases without provisioning.
   */
  public SimulatedCloud resumeProfile(BootProfile profile) {
    this.resume = profile;
    return this;
  }

  /**
   * The chance, in [0,1], that a stopped instance's host GPU was rented by someone else meanwhile: its start is then
   * queued for {@code queuedFor} ({@code resources_unavailable}, like Vast), drawn per start from the instance's
   * seeded stream.
   */
  public SimulatedCloud gpuTakenChance(double chance, Duration queuedFor) {
    if (!(chance >= 0 && chance <= 1)) throw new IllegalArgumentException("gpuTakenChance must be in 0..1, got " + chance);
    this.gpuTakenChance = chance;
    this.gpuTakenFor = java.util.Objects.requireNonNull(queuedFor, "queuedFor");
    return this;
  }

  /** What a stopped (not terminated) instance is billed per hour for its disk; see {@link Builder#storagePricePerHour}. */
  public double storagePricePerHour() {
    return storagePricePerHour;
  }

  /** Starts of stopped instances queued because their host's GPU was taken ({@link #gpuTakenChance}), so far. */
  public synchronized long gpuTakenStarts() {
    return gpuTakenStarts;
  }

  private long gpuTakenStarts;

  @Override
  public synchronized Instance launch(ProviderLaunchRequest req) {
    apiCall("launch");
    Instant now = scheduler.now();
    SimInstance existing = liveWithKey(req.idempotencyKey());
    if (existing != null) { // like a provider with a client token: the same idempotency key never rents twice
      refresh(existing, now);
      return view(existing, now);
    }
    Object[] parsed = catalog.parseOfferId(req.offer().id());
    if (parsed == null) {
      throw new CapacityUnavailableException(details("launch", 404, "no_such_ask",
          "offer " + req.offer().id() + " does not exist"));
    }
    SimCatalog.Host h = (SimCatalog.Host) parsed[0];
    int n = (Integer) parsed[1];
    PricingModel offerPm = (PricingModel) parsed[2];
    Offer offer = catalog.offer(h, n, offerPm);
    if (isDown(h.id(), now) || stockedOut(offer) || (!SimCatalog.isCpu(h) && freeGpus(h, now) < n)) {
      throw new CapacityUnavailableException(details("launch", 400, "no_such_ask",
          "offer " + offer.id() + " is no longer available"));
    }
    PricingModel pm = req.pricingModel() != null ? req.pricingModel() : offerPm;
    if (pm == PricingModel.SPOT && offerPm != PricingModel.SPOT) {
      throw new InvalidRequestException(details("launch", 400, "invalid_args", "offer " + offer.id() + " is on-demand only"));
    }
    if (pm == PricingModel.SPOT && !spotCapacity.available(h.region(), now)) {
      throw new CapacityUnavailableException(details("launch", 400, "insufficient_capacity",
          "no spot capacity in " + h.region() + " now"));
    }
    Money price = offer.pricePerHour();
    if (pm == PricingModel.SPOT && req.bidPerHour() != null) {
      if (req.bidPerHour().compareTo(offer.minBid()) < 0) {
        throw new InvalidRequestException(details("launch", 400, "bid_too_low",
            "bid " + req.bidPerHour() + " below the minimum " + offer.minBid()));
      }
      price = req.bidPerHour();
    }
    SimInstance s = new SimInstance();
    s.seq = nextSeq++;
    s.id = "sim-" + s.seq;
    s.hostId = h.id();
    s.offerId = offer.id();
    s.gpuName = h.gpu().name();
    s.gpuCount = offer.gpuCount();
    s.gpuRam = offer.gpuRamGib();
    s.pricing = pm;
    s.price = price.amount().doubleValue();
    s.labels = new LinkedHashMap<>(req.labels());
    s.image = req.template().image();
    s.template = req.template().name();
    s.port = req.template().port();
    s.createdAt = now;
    s.storagePrice = storagePricePerHour;
    beginStart(s, now, true);
    put(s);
    save();
    if (faultPlan.ambiguousLaunches() > 0) {
      faultPlan = faultPlan.withAmbiguousLaunches(faultPlan.ambiguousLaunches() - 1);
      throw new AttemptTimeoutException("[provider=sim op=launch] attempt timed out after the request was sent",
          null, ID, 1);
    }
    return view(s, now);
  }

  @Override
  public synchronized Instance get(String instanceId) {
    apiCall("get");
    SimInstance s = require(instanceId, "get");
    Instant now = scheduler.now();
    refresh(s, now);
    return view(s, now);
  }

  @Override
  public synchronized List<Instance> list(Map<String, String> labels) {
    apiCall("list");
    Instant now = scheduler.now();
    List<Instance> out = new ArrayList<>();
    if (terminatedListed != null) {
      for (var it = instances.values().iterator(); it.hasNext(); ) {
        SimInstance s = it.next();
        if (s.terminatedAt != null && now.isAfter(s.terminatedAt.plus(terminatedListed))) {
          archived.put(s.id, s);
          it.remove();
        }
      }
    }
    for (SimInstance s : instances.values()) {
      if (!s.labels.entrySet().containsAll(labels.entrySet())) continue;
      refresh(s, now);
      out.add(view(s, now));
    }
    return out;
  }

  @Override
  public synchronized void start(String instanceId) {
    apiCall("start");
    SimInstance s = require(instanceId, "start");
    Instant now = scheduler.now();
    refresh(s, now);
    InstanceState st = stateOf(s, now);
    if (st == InstanceState.TERMINATED) {
      throw new ConflictException(details("start", 409, "terminated", "instance " + instanceId + " is terminated"));
    }
    if (st == InstanceState.STOPPED || st == InstanceState.INTERRUPTED || st == InstanceState.STOPPING) {
      SimCatalog.Host h = catalog.host(s.hostId);
      if (s.pricing == PricingModel.SPOT && h != null && !spotCapacity.available(h.region(), now)) {
        throw new CapacityUnavailableException(details("start", 400, "insufficient_capacity",
            "no spot capacity in " + h.region() + " now; instance " + instanceId + " stays stopped"));
      }
      s.closeStorage(now);
      beginStart(s, now, false);
      if (!faultPlan.startQueueDelay().isZero()) {
        s.startQueuedUntil = now.plus(faultPlan.startQueueDelay());
        shift(s, faultPlan.startQueueDelay());
      } else if (gpuTakenChance > 0
          && new Random(seed * 7_000_003L + s.seq * 104_729L + s.generation).nextDouble() < gpuTakenChance) {
        gpuTakenStarts++;
        s.startQueuedUntil = now.plus(gpuTakenFor);
        shift(s, gpuTakenFor);
      }
      save();
    }
  }

  @Override
  public synchronized void stop(String instanceId) {
    apiCall("stop");
    SimInstance s = require(instanceId, "stop");
    Instant now = scheduler.now();
    refresh(s, now);
    InstanceState st = stateOf(s, now);
    if (st == InstanceState.TERMINATED) {
      throw new ConflictException(details("stop", 409, "terminated", "instance " + instanceId + " is terminated"));
    }
    if (st != InstanceState.STOPPED && st != InstanceState.STOPPING) {
      closeRun(s, now);
      s.closeBilling(now);
      s.storedFrom = now;
      s.stopRequestedAt = now;
      s.desiredRunning = false;
      s.interruptAt = null;
      s.startQueuedUntil = null;
      stopWorkload(s);
      save();
    }
  }

  @Override
  public synchronized void terminate(String instanceId) {
    apiCall("terminate");
    SimInstance s = instances.get(instanceId);
    if (s == null || s.terminatedAt != null) return;
    Instant now = scheduler.now();
    refresh(s, now);
    closeRun(s, now);
    s.closeBilling(now);
    s.closeStorage(now);
    s.terminatedAt = now;
    stopWorkload(s);
    save();
  }

  @Override
  public synchronized void setLabels(String instanceId, Map<String, String> labels) {
    apiCall("set_labels");
    SimInstance relabelled = require(instanceId, "set_labels");
    relabelled.labels = new LinkedHashMap<>(labels);
    indexKey(relabelled);
    save();
  }

  // ---------------------------------------------------------------- SpotMarket, AccountBalance

  @Override
  public synchronized List<Interruption> interruptions(List<String> instanceIds, Instant since) {
    Instant now = scheduler.now();
    for (String id : instanceIds) {
      SimInstance s = instances.get(id);
      if (s != null) refresh(s, now);
    }
    List<Interruption> recent = interruptions.stream().filter(i -> !i.at().isBefore(since)).toList();
    if (recent.isEmpty()) return List.of();
    Set<String> asked = new HashSet<>(instanceIds); // a list's contains per signal made this ids × signals
    return recent.stream().filter(i -> asked.contains(i.instanceId())).toList();
  }

  @Override
  public synchronized void changeBid(String instanceId, Money bidPerHour) {
    apiCall("change_bid");
    SimInstance s = require(instanceId, "change_bid");
    if (s.pricing != PricingModel.SPOT) {
      throw new InvalidRequestException(details("change_bid", 400, "not_interruptible", instanceId + " is on-demand"));
    }
    s.closeBilling(scheduler.now());
    s.price = bidPerHour.amount().doubleValue();
    save();
  }

  @Override
  public Money balance() {
    return Money.usd(1000).minus(accruedCost());
  }

  // ---------------------------------------------------------------- SSH, workload files, utilisation

  @Override
  public Optional<Endpoint> sshEndpoint(Instance instance) {
    SimSshServer server;
    synchronized (this) {
      SimInstance s = require(instance.id(), "ssh_endpoint");
      Instant now = scheduler.now();
      refresh(s, now);
      if (stateOf(s, now) != InstanceState.RUNNING) return Optional.empty();
      server = sshServer();
    }
    return Optional.of(new Endpoint(server.host(), server.port(), instance.id()));
  }

  @Override
  public synchronized void installPublicKey(Instance instance, String openSshPublicKey) {
    apiCall("install_public_key");
    SimInstance s = require(instance.id(), "install_public_key");
    Path home = home(s.id);
    try {
      SimSshServer.authorize(home, openSshPublicKey);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(details("install_public_key", 400, "invalid_ssh_key", e.getMessage()));
    }
    writeNvidiaSmi(s);
  }

  @Override
  public synchronized Optional<Usage> usage(Instance instance) {
    SimInstance s = instances.get(instance.id());
    if (s == null || s.gpuUtil == null) return Optional.empty();
    Instant now = scheduler.now();
    refresh(s, now);
    if (stateOf(s, now) != InstanceState.RUNNING) return Optional.empty();
    return Optional.of(new Usage(s.gpuUtil, s.gpuUtil, now));
  }

  /**
   * Set the GPU utilisation of an instance, in [0,1]: what {@link #usage} returns and the fake {@code nvidia-smi}
   * prints from now on.
   */
  public synchronized SimulatedCloud gpuUtilisation(String instanceId, double utilisation) {
    if (!(utilisation >= 0 && utilisation <= 1)) {
      throw new IllegalArgumentException("GPU utilisation must be in [0,1], got " + utilisation);
    }
    SimInstance s = require(instanceId, "gpu_utilisation");
    s.gpuUtil = utilisation;
    writeNvidiaSmi(s);
    save();
    return this;
  }

  /** Where instance home directories live (created on first use). */
  public synchronized Path hostsDirectory() {
    if (hostsDirectory == null) {
      try {
        if (configuredHosts != null) {
          hostsDirectory = Files.createDirectories(configuredHosts).toAbsolutePath();
        } else {
          hostsDirectory = Files.createTempDirectory("dumont-sim-hosts").toAbsolutePath();
          hostsDirectoryIsTemp = true;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the simulated hosts directory", e);
      }
    }
    return hostsDirectory;
  }

  /** The home directory of an instance on its simulated host ({@code <hostsDirectory>/<instanceId>}). */
  public synchronized Path home(String instanceId) {
    require(instanceId, "home");
    Path home = hostsDirectory().resolve(instanceId);
    try {
      Files.createDirectories(home.resolve(".sim").resolve("bin"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + home, e);
    }
    return home;
  }

  /** The in-process SSH server of the simulated hosts (started on first use), e.g. to rotate its host key. */
  public synchronized SimSshServer sshServer() {
    if (sshServer == null) {
      sshServer = SimSshServer.builder(hostsDirectory())
          .reachable(this::sshReachable)
          .beforeCommand(this::materialise)
          .build()
          .start();
    }
    return sshServer;
  }

  /** Stop the SSH server and delete the hosts directory if this cloud created it as a temporary one. */
  @Override
  public void close() {
    SimSshServer server;
    Path tempHosts;
    synchronized (this) {
      for (SimInstance s : instances.values()) stopWorkload(s); // the cloud is gone: so are its model servers
      server = sshServer;
      sshServer = null;
      tempHosts = hostsDirectoryIsTemp ? hostsDirectory : null;
      if (tempHosts != null) {
        hostsDirectory = null;
        hostsDirectoryIsTemp = false;
      }
    }
    if (server != null) server.close(); // outside the lock: its threads may be waiting for it
    if (tempHosts != null) deleteTree(tempHosts);
  }

  private synchronized boolean sshReachable(String instanceId) {
    SimInstance s = instances.get(instanceId);
    if (s == null) return false;
    Instant now = scheduler.now();
    refresh(s, now);
    return stateOf(s, now) == InstanceState.RUNNING;
  }

  /** Where the sim's workload keeps its records, relative to the instance's login directory. */
  public static final String RECORDS_FILE = "state/records.log";

  /**
   * The newest record in a {@link #RECORDS_FILE} text written by an instance other than {@code self}, in epoch
   * seconds, or -1 when there is none: on a replacement, the last second of work its restore brought back, from
   * which a test measures a failover's data loss.
   */
  public static long newestRecordNotBy(String records, String self) {
    long last = -1;
    for (String line : records.split("\n")) {
      String[] p = line.trim().split(" ");
      if (p.length == 2 && !p[1].equals(self)) last = Math.max(last, Long.parseLong(p[0]));
    }
    return last;
  }

  /** Write the workload's records due by now to {@code <home>/state/records.log} (see the class comment). */
  private synchronized void materialise(String instanceId) {
    SimInstance s = instances.get(instanceId);
    if (s == null) return;
    Instant now = scheduler.now();
    refresh(s, now);
    if (stateOf(s, now) != InstanceState.RUNNING || s.runningAt == null) return;
    writeNvidiaSmi(s);
    long nowSec = now.getEpochSecond();
    if (s.workloadBroken) {
      s.lastRecordAt = Instant.ofEpochSecond(nowSec); // a broken workload does no work, later or now
      save();
      return;
    }
    Instant ready = s.runningAt.plus(s.workloadLoad);
    long from = ready.getEpochSecond() + (ready.getNano() > 0 ? 1 : 0);
    if (s.lastRecordAt != null) from = Math.max(from, s.lastRecordAt.getEpochSecond() + 1);
    if (from > nowSec) return;
    from = Math.max(from, nowSec - MAX_RECORDS_PER_MATERIALISATION + 1);
    StringBuilder sb = new StringBuilder((int) (nowSec - from + 1) * (s.id.length() + 12));
    for (long t = from; t <= nowSec; t++) sb.append(t).append(' ').append(s.id).append('\n');
    Path log = hostsDirectory().resolve(s.id).resolve(RECORDS_FILE);
    try {
      Files.createDirectories(log.getParent());
      Files.writeString(log, sb, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + log, e);
    }
    s.lastRecordAt = Instant.ofEpochSecond(nowSec);
    save();
  }

  /** The fake {@code nvidia-smi} of an instance, printing its utilisation (failing while none was set). */
  private void writeNvidiaSmi(SimInstance s) {
    Path bin = hostsDirectory().resolve(s.id).resolve(".sim").resolve("bin");
    Path script = bin.resolve("nvidia-smi");
    StringBuilder sb = new StringBuilder("#!/bin/sh\n# fake nvidia-smi of simulated instance ").append(s.id)
        .append(" (set with SimulatedCloud.gpuUtilisation)\n");
    if ("CPU".equals(s.gpuName) || s.gpuCount <= 0) {
      sb.append("echo 'NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver' >&2\nexit 9\n");
    } else if (s.gpuUtil == null) {
      sb.append("echo 'NVIDIA-SMI has failed: no utilisation set for this simulated instance' >&2\nexit 9\n");
    } else {
      long total = Math.round(s.gpuRam * 1024);
      long util = Math.round(s.gpuUtil * 100);
      long used = Math.round(s.gpuUtil * total);
      sb.append("cat <<'EOF'\n");
      for (int i = 0; i < s.gpuCount; i++) sb.append(util).append(", ").append(used).append(", ").append(total).append('\n');
      sb.append("EOF\n");
    }
    try {
      Files.createDirectories(bin);
      Path tmp = bin.resolve(".nvidia-smi.tmp");
      Files.writeString(tmp, sb, StandardCharsets.UTF_8);
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
      } catch (UnsupportedOperationException e) {
        tmp.toFile().setExecutable(true);
      }
      Files.move(tmp, script, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + script, e);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // best effort
        }
      });
    } catch (IOException e) {
      // best effort
    }
  }

  // ---------------------------------------------------------------- internals

  private void apiCall(String op) {
    apiCalls++;
    callsByOperation.merge(op, 1L, Long::sum);
    FaultPlan f = faultPlan;
    if (!f.latency().isZero()) {
      try {
        scheduler.sleep(f.latency());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    TokenBucket bucket = rateLimits.get(op);
    if (bucket != null && !bucket.take(scheduler.now())) {
      rateLimitedByOperation.merge(op, 1L, Long::sum);
      throw new RateLimitedException(details(op, 429, "rate_limited", "API requests too frequent")
          .withRetryable(true, null));
    }
    if (f.rateLimitRate() > 0 && faults.nextDouble() < f.rateLimitRate()) {
      throw new RateLimitedException(details(op, 429, "rate_limited", "API requests too frequent")
          .withRetryable(true, null));
    }
    if (f.errorRate() > 0 && faults.nextDouble() < f.errorRate()) {
      throw new ProviderServerException(details(op, 503, null, "service unavailable").withRetryable(true, null));
    }
  }

  private static ProviderErrorDetails details(String op, int status, String code, String msg) {
    return new ProviderErrorDetails(ID, op, status, code, msg, null, null, 1, false, null);
  }

  private SimInstance require(String id, String op) {
    SimInstance s = instances.get(id);
    if (s == null) s = archived.get(id);
    if (s == null) {
      throw new NotFoundException(details(op, 404, "no_such_instance", "instance '" + id + "' does not exist"));
    }
    return s;
  }

  private boolean stockedOut(Offer o) {
    Set<String> s = faultPlan.stockouts();
    if (s.isEmpty()) return false;
    return s.contains("*")
        || s.contains(o.pricingModel() == PricingModel.SPOT ? "spot" : "on-demand")
        || s.contains("gpu:" + o.gpu().name())
        || s.contains("region:" + o.location().region())
        || s.contains("host:" + o.hostId());
  }

  private boolean isDown(String hostId, Instant now) {
    Instant at = hostDownAt.get(hostId);
    return at != null && !now.isBefore(at);
  }

  private void put(SimInstance s) {
    SimInstance old = instances.put(s.id, s);
    if (old != null) byHost.getOrDefault(old.hostId, new ArrayList<>()).remove(old);
    byHost.computeIfAbsent(s.hostId, k -> new ArrayList<>()).add(s);
    indexKey(s);
  }

  /** Index {@code s} under its idempotency key (after it was added or relabelled). */
  private void indexKey(SimInstance s) {
    String key = s.labels.get(Labels.KEY);
    if (key == null) return;
    SimInstance cur = byKey.get(key);
    if (cur == null || cur == s || !holdsKey(cur, key)) byKey.put(key, s);
    else if (s.terminatedAt == null) keyClash = true; // two live instances with one key: scan from now on
  }

  private static boolean holdsKey(SimInstance s, String key) {
    return s.terminatedAt == null && key.equals(s.labels.get(Labels.KEY));
  }

  /** The first live instance (in launch order) labelled with this idempotency key, or null. */
  private SimInstance liveWithKey(String key) {
    SimInstance cur = byKey.get(key);
    if (cur == null && !keyClash) return null; // no instance was ever given this key
    if (cur != null && !keyClash && holdsKey(cur, key)) return cur;
    for (SimInstance s : instances.values()) if (holdsKey(s, key)) return s; // rare: terminated, relabelled, clash
    return null;
  }

  private int freeGpus(SimCatalog.Host h, Instant now) {
    int used = 0;
    for (SimInstance s : byHost.getOrDefault(h.id(), List.of())) {
      if (s.hostId.equals(h.id())) {
        refresh(s, now);
        InstanceState st = stateOf(s, now);
        if (st != InstanceState.TERMINATED && st != InstanceState.STOPPED && st != InstanceState.INTERRUPTED) {
          used += Math.max(1, s.gpuCount);
        }
      }
    }
    return SimCatalog.isCpu(h) ? 16 - used : h.gpuCount() - used;
  }

  /** Draw the phases of a (re)start from the instance's own seeded stream: same seed, same timings. */
  private void beginStart(SimInstance s, Instant now, boolean fresh) {
    s.generation++;
    Random r = new Random(seed * 1_000_003L + s.seq * 7919L + s.generation);
    boolean cpu = "CPU".equals(s.gpuName);
    BootProfile b = boot;
    if (!fresh && resume != null) b = resume;
    Duration provision = fresh ? BootProfile.draw(r, b.provisionMin(), b.provisionMax()) : Duration.ZERO;
    Duration bootTime = BootProfile.draw(r, b.bootMin(), b.bootMax());
    if (cpu) {
      provision = provision.dividedBy(3);
      bootTime = bootTime.dividedBy(2);
    }
    s.workloadLoad = BootProfile.draw(r, b.workloadMin(), b.workloadMax());
    s.desiredRunning = true;
    s.stopRequestedAt = null;
    s.interruptedAt = null;
    s.interruptReason = null;
    s.startRequestedAt = now;
    s.provisionedAt = now.plus(provision);
    s.runningAt = now.plus(provision).plus(bootTime);
    s.billingFrom = null;
    s.interruptAt = null;
    if (s.pricing == PricingModel.SPOT && interruptionsPerHour > 0) {
      double hours = -Math.log(1 - r.nextDouble()) / interruptionsPerHour;
      s.interruptAt = s.runningAt.plusMillis((long) (hours * 3_600_000));
    }
    if (s.pricing == PricingModel.SPOT && spotCapacity != SpotCapacity.unlimited()) {
      SimCatalog.Host h = catalog.host(s.hostId);
      Instant gone = h == null ? null : spotCapacity.nextUnavailable(h.region(), now);
      if (gone != null && (s.interruptAt == null || gone.isBefore(s.interruptAt))) s.interruptAt = gone;
    }
  }

  private static void shift(SimInstance s, Duration d) {
    s.provisionedAt = s.provisionedAt.plus(d);
    s.runningAt = s.runningAt.plus(d);
    if (s.interruptAt != null) s.interruptAt = s.interruptAt.plus(d);
  }

  /** Apply what happened by {@code now}: interruptions, host failures, billing start. */
  private void refresh(SimInstance s, Instant now) {
    if (s.terminatedAt != null || !s.desiredRunning || s.interruptedAt != null) return;
    Instant down = hostDownAt.get(s.hostId);
    Instant at = null;
    String reason = null;
    if (down != null && !now.isBefore(down)) {
      at = down.isBefore(s.startRequestedAt) ? s.startRequestedAt : down;
      reason = "host offline";
    }
    if (s.interruptAt != null && !now.isBefore(s.interruptAt) && (at == null || s.interruptAt.isBefore(at))) {
      at = s.interruptAt;
      reason = s.pricing == PricingModel.SPOT ? "preempted" : "host failure";
    }
    if (s.billingFrom == null && s.runningAt != null && !now.isBefore(s.runningAt) && (at == null || at.isAfter(s.runningAt))) {
      s.billingFrom = s.runningAt;
      if (s.startedAt == null || s.startedAt.isBefore(s.runningAt)) s.startedAt = s.runningAt;
    }
    if (at != null) {
      closeRun(s, at);
      s.interruptedAt = at;
      s.interruptReason = reason;
      s.closeBilling(at);
      interruptions.add(new Interruption(s.id, at, reason));
      stopWorkload(s);
    }
  }

  private InstanceState stateOf(SimInstance s, Instant now) {
    if (s.terminatedAt != null) return InstanceState.TERMINATED;
    if (s.interruptedAt != null) return InstanceState.INTERRUPTED;
    if (!s.desiredRunning) {
      return s.stopRequestedAt != null && now.isBefore(s.stopRequestedAt.plusSeconds(5))
          ? InstanceState.STOPPING : InstanceState.STOPPED;
    }
    if (s.startQueuedUntil != null && now.isBefore(s.startQueuedUntil)) return InstanceState.STARTING;
    if (now.isBefore(s.provisionedAt)) return InstanceState.PROVISIONING;
    if (now.isBefore(s.runningAt)) return InstanceState.STARTING;
    return InstanceState.RUNNING;
  }

  private Instance view(SimInstance s, Instant now) {
    InstanceState st = stateOf(s, now);
    String raw = switch (st) {
      case PROVISIONING -> "loading";
      case STARTING -> s.startQueuedUntil != null && now.isBefore(s.startQueuedUntil) ? "scheduling" : "loading";
      case RUNNING -> "running";
      case STOPPING, STOPPED -> "exited";
      case INTERRUPTED -> s.interruptReason == null ? "preempted" : s.interruptReason.replace(' ', '_');
      case TERMINATED -> "destroyed";
      default -> "unknown";
    };
    String msg = st == InstanceState.STARTING && s.startQueuedUntil != null && now.isBefore(s.startQueuedUntil)
        ? "resources_unavailable: start queued until the GPU is free" : st == InstanceState.INTERRUPTED ? s.interruptReason : null;
    List<PortMapping> ports = List.of();
    if (st == InstanceState.RUNNING) {
      if (s.hostPort == 0) {
        s.hostPort = 40_000 + (int) (s.seq % 20_000);
        Workloads w = workloads;
        if (w != null) {
          Instance pre = build(s, st, raw, msg, List.of());
          Optional<Integer> p = w.start(pre);
          if (p.isPresent()) s.hostPort = p.get();
        }
      }
      ports = List.of(new PortMapping(s.port, "tcp", "127.0.0.1", s.hostPort), new PortMapping(22, "tcp", "127.0.0.1",
          30_000 + (int) (s.seq % 10_000)));
    }
    return build(s, st, raw, msg, ports);
  }

  private Instance build(SimInstance s, InstanceState st, String raw, String msg, List<PortMapping> ports) {
    SimCatalog.Host h = catalog.host(s.hostId);
    GpuModel gpu = "CPU".equals(s.gpuName) ? GpuModel.NONE : com.dumontcloud.sdk.catalog.GpuCatalog.resolve(s.gpuName);
    return Instance.builder()
        .id(s.id).providerId(ID).state(st).rawStatus(raw).statusMessage(msg)
        .gpu(gpu).gpuCount(s.gpuCount).gpuRamGib(s.gpuRam)
        .location(h == null ? Location.UNKNOWN : Location.of(h.country(), h.region(), h.city()))
        .hostId(s.hostId).pricingModel(s.pricing).pricePerHour(Money.usd(s.price))
        .labels(s.labels).publicIp(st == InstanceState.RUNNING ? "127.0.0.1" : null).ports(ports)
        .sshHost(st == InstanceState.RUNNING ? "127.0.0.1" : null)
        .sshPort(st == InstanceState.RUNNING ? 30_000 + (int) (s.seq % 10_000) : 0)
        .image(s.image).templateName(s.template).offerId(s.offerId)
        .createdAt(s.createdAt).startedAt(s.startedAt)
        .stoppedAt(s.terminatedAt != null ? s.terminatedAt : s.interruptedAt != null ? s.interruptedAt
            : s.stopRequestedAt)
        .build();
  }

  private void stopWorkload(SimInstance s) {
    if (s.hostPort != 0) {
      Workloads w = workloads;
      if (w != null) w.stop(s.id);
      s.hostPort = 0;
    }
  }

  // ---------------------------------------------------------------- persistence (CLI)

  private void save() {
    if (stateFile == null) return;
    List<Object> list = new ArrayList<>();
    for (SimInstance s : instances.values()) list.add(s.toMap());
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("seed", seed);
    root.put("next_seq", nextSeq);
    root.put("instances", list);
    Map<String, Object> down = new LinkedHashMap<>();
    hostDownAt.forEach((k, v) -> down.put(k, v.toString()));
    root.put("hosts_down", down);
    try {
      Files.createDirectories(stateFile.getParent());
      Path tmp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
      Files.writeString(tmp, JsonCodec.standard().writePretty(root), StandardCharsets.UTF_8);
      Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save simulated cloud state to " + stateFile, e);
    }
  }

  private void load() {
    if (!Files.exists(stateFile)) return;
    try {
      Map<String, Object> root = Json.obj(JsonCodec.standard().parse(Files.readString(stateFile)), "sim state");
      nextSeq = Json.num(root, "next_seq").longValue();
      for (Object o : Json.arr(root.get("instances"), "instances")) {
        SimInstance s = SimInstance.fromMap(Json.obj(o, "instance"));
        put(s);
      }
      Object down = root.get("hosts_down");
      if (down != null) Json.obj(down, "hosts_down").forEach((k, v) -> hostDownAt.put(k, Instant.parse((String) v)));
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("simulated cloud state in " + stateFile + " is unreadable (" + e.getMessage()
          + "); delete it to start afresh", e);
    }
  }

  /** Builder. */
  public static final class Builder {
    private Scheduler scheduler;
    private long seed = 42;
    private int hostsPerRegion = 6;
    private BootProfile boot = BootProfile.defaults();
    private double interruptionsPerHour;
    private Path stateFile;
    private Path hostsDirectory;
    private boolean standardCatalog = true;
    private SpotCapacity spotCapacity = SpotCapacity.unlimited();
    private Duration terminatedListed;

    private BootProfile resume;
    private double gpuTakenChance;
    private double storagePricePerHour = 0.0103;


    private Builder() {}

    /**
     * Whether the cloud starts with its standard, seed-generated catalog (default true). Without it the cloud has only
     * the hosts added with {@link SimulatedCloud#addHost} and {@link SimulatedCloud#addCpuHost}, e.g. exactly the zones
     * of a trace replay.
     */
    public Builder standardCatalog(boolean standard) { standardCatalog = standard; return this; }

    /**
     * When spot capacity can be had per region (default {@link SpotCapacity#unlimited()}); spot instances in a region
     * that loses it are preempted at that moment, spot launches and starts there fail while it has none.
     */
    /**
     * How long a terminated instance still shows in {@link SimulatedCloud#list} (default: for ever, like the CLI's
     * persisted cloud); {@code get} answers it regardless. Long replays set it so that listings stay small. Not
     * persisted: only for clouds without a state file.
     */
    public Builder terminatedListed(Duration d) {
      if (d != null && d.isNegative()) throw new IllegalArgumentException("terminatedListed must not be negative");
      terminatedListed = d;
      return this;
    }

    public Builder spotCapacity(SpotCapacity c) {
      spotCapacity = java.util.Objects.requireNonNull(c, "spotCapacity");
      return this;
    }

    /** See {@link SimulatedCloud#resumeProfile}: how stopped instances restart (default: like a boot, minus provisioning). */
    public Builder resumeProfile(BootProfile b) { resume = b; return this; }
    /** See {@link SimulatedCloud#gpuTakenChance}; queued for 30 min (default chance 0). */
    public Builder gpuTakenChance(double chance) {
      if (!(chance >= 0 && chance <= 1)) throw new IllegalArgumentException("gpuTakenChance must be in 0..1, got " + chance);
      gpuTakenChance = chance;
      return this;
    }
    /**
     * Hourly price of a stopped instance's disk (default $0.0103: 50 GB at $0.15 per GB-month, a typical marketplace
     * storage price, ÷ 730 h). Running instances are billed their offer price, the disk included; stopped ones this.
     */
    public Builder storagePricePerHour(double p) {
      if (!(p >= 0)) throw new IllegalArgumentException("storagePricePerHour must be 0 or more, got " + p);
      storagePricePerHour = p;
      return this;
    }

    public Builder scheduler(Scheduler s) { scheduler = s; return this; }
    public Builder seed(long s) { seed = s; return this; }
    public Builder hostsPerRegion(int n) {
      if (n < 3) throw new IllegalArgumentException("hostsPerRegion must be >= 3, got " + n);
      hostsPerRegion = n;
      return this;
    }
    public Builder bootProfile(BootProfile b) { boot = b; return this; }
    /** Mean spot interruptions per running spot instance per hour (exponential inter-arrival). */
    public Builder interruptionsPerHour(double r) { interruptionsPerHour = r; return this; }
    /** Persist state to this JSON file (the CLI's mode). */
    public Builder stateFile(Path p) { stateFile = p; return this; }
    /**
     * Where instance home directories (and the SSH host key) live; default {@code hosts/} beside the state file when
     * persisted, else a temporary directory deleted by {@link SimulatedCloud#close()}.
     */
    public Builder hostsDirectory(Path p) { hostsDirectory = p; return this; }

    public SimulatedCloud build() {
      if (terminatedListed != null && stateFile != null) {
        throw new IllegalArgumentException("terminatedListed is for in-memory clouds; a persisted cloud lists every instance");
      }
      return new SimulatedCloud(this);
    }
  }
}
