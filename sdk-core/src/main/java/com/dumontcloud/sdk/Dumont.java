package com.dumontcloud.sdk;

import com.dumontcloud.sdk.audit.AuditSink;
import com.dumontcloud.sdk.exception.ConfigurationException;
import com.dumontcloud.sdk.exception.NoSuchProviderException;
import com.dumontcloud.sdk.internal.http.OkHttpTransport;
import com.dumontcloud.sdk.internal.http.TransportSettings;
import com.dumontcloud.sdk.internal.json.MoshiJsonCodec;
import com.dumontcloud.sdk.internal.provider.AuditingProvider;
import com.dumontcloud.sdk.internal.provider.ConfigResolver;
import com.dumontcloud.sdk.internal.provider.ProviderRegistry;
import com.dumontcloud.sdk.spi.CloudProvider;
import com.dumontcloud.sdk.spi.CloudProviderFactory;
import com.dumontcloud.sdk.spi.ProviderConfig;
import com.dumontcloud.sdk.spi.ProviderContext;
import com.dumontcloud.sdk.spi.ProviderMetadata;
import com.dumontcloud.sdk.spi.support.HttpTransport;
import com.dumontcloud.sdk.spi.support.JsonCodec;
import com.dumontcloud.sdk.time.Scheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import okhttp3.OkHttpClient;

/**
 * The client: offers, instances, costs across the configured providers. Thread-safe; share one per
 * application and close it on shutdown.
 *
 * <pre>{@code
 * try (Dumont dumont = Dumont.builder().provider("sim").build()) {
 *   OfferPage page = dumont.offers().search(OfferQueries.parse("gpu_name=RTX_4090 dph<0.5"));
 *   Instance i = dumont.instances().launch(LaunchSpec.fromTemplate("budget").offer(page.best().orElseThrow()).build());
 * }
 * }</pre>
 */
public final class Dumont implements AutoCloseable {
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final Map<String, CloudProvider> providers;
  private final Map<String, ProviderMetadata> metadata;
  private final Map<String, ConfigResolver> configs;
  private final Scheduler scheduler;
  private final boolean ownsScheduler;
  private final ExecutorService executor;
  private final boolean ownsExecutor;
  private final OkHttpClient http;
  private final HttpTransport transport;
  private final boolean ownsHttp;
  private final Offers offers;
  private final Instances instances;
  private final Costs costs;
  private final com.dumontcloud.sdk.advisor.Advisor advisor;
  private final AuditSink auditSink;
  private final com.dumontcloud.sdk.audit.InstanceRecords instanceRecords;
  private volatile boolean closed;
  private final Path home;
  private final String sshIdentity;
  private final Path sshPrivateKey;
  private volatile com.dumontcloud.sdk.remote.RemoteShell remote;
  /** The unbound client this is a view of, or null for the client itself. */
  private final Dumont base;
  private final com.dumontcloud.sdk.access.Principal principal;
  private final com.dumontcloud.sdk.access.AccessPolicy policy;
  private final com.dumontcloud.sdk.internal.access.ClientQuotas quotas;

  private Dumont(Builder b) {
    this.base = null;
    this.principal = null;
    this.policy = b.accessPolicy;
    this.scheduler = b.scheduler != null ? b.scheduler : Scheduler.system();
    this.ownsScheduler = b.scheduler == null;
    this.executor = b.executor != null ? b.executor : Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "sdk-client-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.ownsExecutor = b.executor == null;
    this.http = b.okHttpClient != null ? b.okHttpClient : new OkHttpClient.Builder()
        .connectTimeout(b.transport.attemptTimeout()).readTimeout(b.transport.attemptTimeout())
        .writeTimeout(b.transport.attemptTimeout()).build();
    this.ownsHttp = b.okHttpClient == null;
    this.auditSink = b.auditSink;
    this.instanceRecords = b.instanceRecords;
    AuditSink providerSink = instanceRecords == null ? auditSink : AuditSink.all(auditSink, instanceRecords);
    HttpTransport transport = new OkHttpTransport(http, scheduler, b.transport);
    this.transport = transport;
    ProviderRegistry registry = b.registry != null ? b.registry : ProviderRegistry.discover();
    Path home = b.home != null ? b.home : defaultHome(b.env);
    this.home = home;
    this.sshIdentity = b.sshIdentity;
    this.sshPrivateKey = b.sshPrivateKey;
    Map<String, CloudProvider> ps = new LinkedHashMap<>();
    Map<String, ProviderMetadata> md = new LinkedHashMap<>();
    Map<String, ConfigResolver> cfgs = new LinkedHashMap<>();
    if (b.providers.isEmpty()) {
      throw new ConfigurationException("no provider configured; add one with Dumont.builder().provider(\"sim\") "
          + "(known: " + String.join(", ", registry.factories().stream().map(f -> f.metadata().id()).toList()) + ")");
    }
    for (Map.Entry<String, ProviderSettings> e : b.providers.entrySet()) {
      CloudProviderFactory f = registry.get(e.getKey());
      ProviderMetadata m = f.metadata();
      ConfigResolver cfg = new ConfigResolver(m.id(), e.getValue().values, e.getValue().secrets, m.configKeys(),
          b.sysProps, b.env);
      ProviderContext ctx = new Context(m.id(), cfg, transport, scheduler, home.resolve(m.id()));
      ps.put(m.id(), new AuditingProvider(f.create(ctx), providerSink, scheduler));
      md.put(m.id(), m);
      cfgs.put(m.id(), cfg);
    }
    this.providers = java.util.Collections.unmodifiableMap(ps);
    this.metadata = java.util.Collections.unmodifiableMap(md);
    this.configs = java.util.Collections.unmodifiableMap(cfgs);
    this.offers = new Offers(this, b.offerCacheTtl, b.providerDeadline);
    this.instances = new Instances(this, b.pollInterval);
    this.costs = new Costs(this);
    this.advisor = com.dumontcloud.sdk.advisor.Advisor.of(this);
    this.quotas = new com.dumontcloud.sdk.internal.access.ClientQuotas(b.quotas, this::listTeam,
        () -> instanceRecords().all(), scheduler::now, auditSink);
  }

  /** A view of {@code root} bound to {@code p}: shares everything, checks every call. */
  private Dumont(Dumont root, com.dumontcloud.sdk.access.Principal p) {
    this.base = root;
    this.principal = p;
    this.policy = root.policy;
    this.quotas = root.quotas;
    this.scheduler = root.scheduler;
    this.ownsScheduler = false;
    this.executor = root.executor;
    this.ownsExecutor = false;
    this.http = root.http;
    this.transport = root.transport;
    this.ownsHttp = false;
    this.auditSink = root.auditSink;
    this.instanceRecords = root.instanceRecords;
    this.home = root.home;
    this.sshIdentity = root.sshIdentity;
    this.sshPrivateKey = root.sshPrivateKey;
    this.metadata = root.metadata;
    this.configs = root.configs;
    Map<String, CloudProvider> ps = new LinkedHashMap<>();
    root.providers.forEach((id, cp) -> {
      CloudProvider audited = cp instanceof AuditingProvider ap ? ap.withPrincipal(p) : cp;
      ps.put(id, new com.dumontcloud.sdk.internal.access.BoundProvider(audited, p, policy, quotas));
    });
    this.providers = java.util.Collections.unmodifiableMap(ps);
    // a view caches nothing of its own but its offers (the cache is keyed by provider and query)
    this.offers = new Offers(this, Duration.ZERO, root.offers.providerDeadline());
    this.instances = new Instances(this, root.instances.pollInterval());
    this.costs = new Costs(this);
    this.advisor = com.dumontcloud.sdk.advisor.Advisor.of(this);
  }

  private List<com.dumontcloud.sdk.model.Instance> listTeam(String team) {
    List<com.dumontcloud.sdk.model.Instance> out = new ArrayList<>();
    for (CloudProvider p : providers.values()) {
      out.addAll(p.list(Map.of(com.dumontcloud.sdk.model.Labels.TEAM, team)));
    }
    return out;
  }

  /**
   * This client as {@code principal} sees it: every call checks the principal's permissions first (an {@link
   * com.dumontcloud.sdk.exception.AccessDeniedException} names the one missing), launches carry the labels {@code
   * dumont-principal} and {@code dumont-team}, billable actions pass the team's {@link
   * com.dumontcloud.sdk.access.Quota}, and audit records name the principal. The view shares this client's providers,
   * pools and caches; closing it does nothing. A client with no principal bound checks nothing (as before access
   * control existed).
   */
  public Dumont as(com.dumontcloud.sdk.access.Principal principal) {
    java.util.Objects.requireNonNull(principal, "principal");
    return new Dumont(base != null ? base : this, principal);
  }

  /** The principal this view is bound to ({@link #as}); empty for the client itself. */
  public java.util.Optional<com.dumontcloud.sdk.access.Principal> principal() {
    return java.util.Optional.ofNullable(principal);
  }

  /** The policy that decides this client's access checks ({@link com.dumontcloud.sdk.access.AccessPolicy#standard()}). */
  public com.dumontcloud.sdk.access.AccessPolicy accessPolicy() {
    return policy;
  }

  /** The team quotas configured with {@link Builder#quota}, by team. */
  public Map<String, com.dumontcloud.sdk.access.Quota> quotas() {
    return quotas.quotas();
  }

  /** Throws when a principal is bound and lacks {@code p} everywhere; a no-op otherwise. */
  void require(com.dumontcloud.sdk.access.Permission p, String action) {
    if (principal != null) policy.require(principal, p, action);
  }

  /** Throws when a principal is bound and lacks {@code p} on the resource with these labels. */
  void require(com.dumontcloud.sdk.access.Permission p, Map<String, String> labels, String action) {
    if (principal != null) policy.require(principal, p, labels, action);
  }

  private static Path defaultHome(Function<String, String> env) {
    String h = env.apply("DUMONT_HOME");
    if (h != null && !h.isBlank()) return Path.of(h);
    return Path.of(System.getProperty("user.home"), ".dumont");
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A client of a running {@code dumont serve}: the same {@link #offers()}, {@link #instances()}, {@link #costs()},
   * {@link #advisor()} and
   * {@link Instances#statistics()} as an embedded client, over the server's REST API, for every provider the server
   * has configured. Moving code between embedded and remote is this one line. (Not to be confused with
   * {@link #remote()}, SSH access to instances.)
   *
   * @param server the server's address, e.g. {@code http://127.0.0.1:8001}
   * @param apiKey one of the server's API keys ({@code dumont serve keys create}), or null for a {@code --no-auth}
   *     server
   * @throws com.dumontcloud.sdk.exception.DumontException when the server cannot be reached or refuses the key
   */
  @SuppressWarnings("unchecked")
  public static Dumont remote(java.net.URI server, String apiKey) {
    com.dumontcloud.sdk.internal.remote.RemoteApi api = new com.dumontcloud.sdk.internal.remote.RemoteApi(server, apiKey);
    Map<String, Object> answer = api.call("remote", "list providers", "GET", "/api/v1/providers", null);
    List<CloudProviderFactory> factories = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (Map<String, Object> p : (List<Map<String, Object>>) answer.get("providers")) {
      java.util.Set<com.dumontcloud.sdk.spi.Capability> caps = java.util.EnumSet.noneOf(com.dumontcloud.sdk.spi.Capability.class);
      for (Object c : (List<Object>) p.getOrDefault("capabilities", List.of())) {
        for (com.dumontcloud.sdk.spi.Capability k : com.dumontcloud.sdk.spi.Capability.values()) {
          // of the capabilities behind their own interfaces only the spot market is proxied (yet)
          if (k.name().equals(c) && REMOTE_CAPABILITIES.contains(k)) caps.add(k);
        }
      }
      String id = String.valueOf(p.get("id"));
      ProviderMetadata m = new ProviderMetadata(id, String.valueOf(p.getOrDefault("display_name", id)) + " (via "
          + api.base() + ")", api.base().toString(), null, List.of(), caps);
      factories.add(com.dumontcloud.sdk.internal.remote.RemoteProvider.factory(api, m));
      ids.add(id);
    }
    Builder b = builder().providerFactories(factories).auditSink(AuditSink.slf4j());
    ids.forEach(b::provider);
    return b.build();
  }

  private static final java.util.Set<com.dumontcloud.sdk.spi.Capability> REMOTE_CAPABILITIES = java.util.EnumSet.of(
      com.dumontcloud.sdk.spi.Capability.SPOT_MARKET, com.dumontcloud.sdk.spi.Capability.STOP_START,
      com.dumontcloud.sdk.spi.Capability.LABELS,
      com.dumontcloud.sdk.spi.Capability.CPU_INSTANCES, com.dumontcloud.sdk.spi.Capability.IDEMPOTENT_CREATE);

  /** Every provider factory on the classpath (configured or not). */
  public static List<ProviderMetadata> discoverProviders() {
    return ProviderRegistry.discover().factories().stream().map(CloudProviderFactory::metadata).toList();
  }

  public Offers offers() {
    return offers;
  }

  public Instances instances() {
    return instances;
  }

  public Costs costs() {
    return costs;
  }

  /**
   * GPU sizing and recommendation ("AI wizard"): the memory a model needs and the live offers of the configured
   * providers that hold it, in three tiers. Deterministic; on a {@link #remote} client it searches the server's offers.
   */
  public com.dumontcloud.sdk.advisor.Advisor advisor() {
    return advisor;
  }

  /** The SDK's state directory ({@code $DUMONT_HOME}, default {@code ~/.dumont}). */
  public Path home() {
    return home;
  }

  /**
   * Commands and copies on instances over SSH. The implementation ({@code com.dumontcloud:dumont-sdk-ssh}) is
   * found on the class path on first use.
   *
   * @throws com.dumontcloud.sdk.exception.ConfigurationException when no implementation is on the class path
   */
  public com.dumontcloud.sdk.remote.RemoteShell remote() {
    if (base != null) {
      require(com.dumontcloud.sdk.access.Permission.GPU_PROVISION, "run commands on instances over SSH");
      return base.remote();
    }
    com.dumontcloud.sdk.remote.RemoteShell r = remote;
    if (r != null) return r;
    synchronized (this) {
      if (remote != null) return remote;
      com.dumontcloud.sdk.remote.RemoteShellFactory f = java.util.ServiceLoader
          .load(com.dumontcloud.sdk.remote.RemoteShellFactory.class, Dumont.class.getClassLoader()).findFirst()
          .orElseThrow(() -> new ConfigurationException("remote access over SSH needs the module "
              + "com.dumontcloud:dumont-sdk-ssh on the class path"));
      remote = f.create(new com.dumontcloud.sdk.remote.RemoteShellContext(
          id -> providers.containsKey(id) ? providers.get(id).capability(com.dumontcloud.sdk.spi.SshAccess.class)
              : java.util.Optional.empty(),
          home, sshIdentity, sshPrivateKey, scheduler));
      return remote;
    }
  }

  /** The configured providers' metadata. */
  public Collection<ProviderMetadata> providers() {
    return metadata.values();
  }

  /** A configured provider (wrapped with audit), for capability access and the engine. */
  public CloudProvider provider(String id) {
    CloudProvider p = providers.get(id);
    if (p == null) {
      throw new NoSuchProviderException("provider '" + id + "' is not configured on this client; configured: "
          + String.join(", ", providers.keySet()));
    }
    return p;
  }

  /** Ids of the configured providers, in configuration order. */
  public List<String> providerIds() {
    return new ArrayList<>(providers.keySet());
  }

  /** Names of the config keys set for a provider (never their values). */
  public List<String> configKeysSet(String providerId) {
    ConfigResolver c = configs.get(providerId);
    return c == null ? List.of() : c.keysSet();
  }

  public Scheduler scheduler() {
    return scheduler;
  }

  /**
   * The client's HTTP transport (shared pool, retries, timeouts, redaction), for SDK components that call other
   * services than providers, e.g. {@link com.dumontcloud.sdk.pricing.FxRates#ecb()}.
   */
  public HttpTransport httpTransport() {
    return transport;
  }

  /** The instance records this client keeps (none unless the builder set them). */
  public com.dumontcloud.sdk.audit.InstanceRecords instanceRecords() {
    return instanceRecords == null ? com.dumontcloud.sdk.audit.InstanceRecords.none() : instanceRecords;
  }

  public AuditSink auditSink() {
    return auditSink;
  }

  ExecutorService executor() {
    return executor;
  }

  @Override
  public void close() {
    if (base != null) return; // a view owns nothing
    if (closed) return;
    closed = true;
    if (remote != null) remote.close();
    providers.values().forEach(CloudProvider::close);
    if (ownsExecutor) executor.shutdownNow();
    if (ownsScheduler) scheduler.close();
    if (ownsHttp) {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  @Override
  public String toString() {
    return "Dumont" + providers.keySet() + (principal == null ? "" : " as " + principal.subject());
  }

  private static final class Context implements ProviderContext {
    private final String id;
    private final ProviderConfig config;
    private final HttpTransport http;
    private final Scheduler scheduler;
    private final Path stateDir;

    Context(String id, ProviderConfig config, HttpTransport http, Scheduler scheduler, Path stateDir) {
      this.id = id;
      this.config = config;
      this.http = http;
      this.scheduler = scheduler;
      this.stateDir = stateDir;
    }

    @Override public String providerId() { return id; }
    @Override public ProviderConfig config() { return config; }
    @Override public HttpTransport http() { return http; }
    @Override public JsonCodec json() { return MoshiJsonCodec.get(); }
    @Override public Scheduler scheduler() { return scheduler; }
    @Override public String newIdempotencyKey() { return UUID.randomUUID().toString().replace("-", ""); }
    @Override public Path stateDirectory() { return stateDir; }
  }

  /** Builder for {@link Dumont}. */
  public static final class Builder {
    private final Map<String, ProviderSettings> providers = new LinkedHashMap<>();
    private Scheduler scheduler;
    private ExecutorService executor;
    private OkHttpClient okHttpClient;
    private Path home;
    private String sshIdentity = "default";
    private Path sshPrivateKey;
    private AuditSink auditSink = AuditSink.slf4j();
    private com.dumontcloud.sdk.audit.InstanceRecords instanceRecords;
    private TransportSettings transport = TransportSettings.defaults();
    private Duration offerCacheTtl = Duration.ofSeconds(30);
    private Duration providerDeadline = Duration.ofSeconds(20);
    private Duration pollInterval = Duration.ofSeconds(2);
    private ProviderRegistry registry;
    private Function<String, String> env = System::getenv;
    private Function<String, String> sysProps = System::getProperty;
    private com.dumontcloud.sdk.access.AccessPolicy accessPolicy = com.dumontcloud.sdk.access.AccessPolicy.standard();
    private final Map<String, com.dumontcloud.sdk.access.Quota> quotas = new LinkedHashMap<>();

    private Builder() {}

    /**
     * A team quota, checked before every launch and start charged to its team (by a view from {@link Dumont#as}, or
     * by an engine on this client). A second quota for the same team replaces the first.
     */
    public Builder quota(com.dumontcloud.sdk.access.Quota q) {
      quotas.put(q.team(), q);
      return this;
    }

    /** The access policy of views from {@link Dumont#as} (default {@link com.dumontcloud.sdk.access.AccessPolicy#standard()}). */
    public Builder accessPolicy(com.dumontcloud.sdk.access.AccessPolicy p) {
      accessPolicy = java.util.Objects.requireNonNull(p, "accessPolicy");
      return this;
    }

    /** Use a provider found by ServiceLoader, with config from properties and env. */
    public Builder provider(String id) {
      return provider(id, s -> {});
    }

    /** Use a provider with settings that win over properties and env. */
    public Builder provider(String id, Consumer<ProviderSettings> settings) {
      ProviderSettings s = providers.computeIfAbsent(id, k -> new ProviderSettings());
      settings.accept(s);
      return this;
    }

    /** Time and timers (default: wall clock). Pass the test kit's VirtualScheduler for deterministic tests. */
    public Builder scheduler(Scheduler s) {
      scheduler = s;
      return this;
    }

    /** Executor for async calls and parallel searches; not shut down by {@link Dumont#close()}. */
    public Builder executor(ExecutorService e) {
      executor = e;
      return this;
    }

    /** Share your own OkHttp client (its pool and dispatcher); not shut down by close(). */
    public Builder okHttpClient(OkHttpClient c) {
      okHttpClient = c;
      return this;
    }

    /** State directory ($DUMONT_HOME, default ~/.dumont). */
    /**
     * Whose SSH key pair {@link #remote()} uses (default {@code default}): one generated ed25519 pair per
     * identity under {@code $DUMONT_HOME/ssh/<identity>/}. Engines pass their engine identity.
     */
    public Builder sshIdentity(String identity) {
      if (identity == null || !identity.matches("[A-Za-z0-9._-]{1,64}")) {
        throw new ConfigurationException("sshIdentity must be 1-64 characters of letters, digits, '.', '_' or '-'");
      }
      sshIdentity = identity;
      return this;
    }

    /** Use this OpenSSH private key (ed25519, RSA or ECDSA, unencrypted) instead of a generated pair. */
    public Builder sshPrivateKey(Path privateKey) {
      sshPrivateKey = privateKey;
      return this;
    }

    public Builder home(Path p) {
      home = p;
      return this;
    }

    /** Where audit records go (default: SLF4J at DEBUG). */
    /**
     * Remember every instance this client creates, destroyed ones included ({@link
     * com.dumontcloud.sdk.audit.InstanceRecords#jsonLines}, or a database store's records), so that
     * {@link Instances#statistics()} counts instances the provider no longer lists. Default: none.
     */
    public Builder instanceRecords(com.dumontcloud.sdk.audit.InstanceRecords records) {
      instanceRecords = java.util.Objects.requireNonNull(records, "instanceRecords");
      return this;
    }

    public Builder auditSink(AuditSink s) {
      auditSink = java.util.Objects.requireNonNull(s, "auditSink");
      return this;
    }

    /** How long offer pages are cached (default 30 s; zero disables). */
    public Builder offerCacheTtl(Duration d) {
      offerCacheTtl = d;
      return this;
    }

    /** Deadline per provider in multi-provider search (default 20 s); late providers become page errors. */
    public Builder providerDeadline(Duration d) {
      providerDeadline = d;
      return this;
    }

    /** Poll interval of waiters (default 2 s). */
    public Builder pollInterval(Duration d) {
      pollInterval = d;
      return this;
    }

    /** Retry attempts per call (default 4). */
    public Builder maxAttempts(int n) {
      transport = transport.withMaxAttempts(n);
      return this;
    }

    /** Whole-call and per-attempt timeouts (defaults 60 s and 20 s). */
    public Builder timeouts(Duration call, Duration attempt) {
      transport = transport.withTimeouts(call, attempt);
      return this;
    }

    /** Backoff floor and cap (defaults 500 ms and 8 s). */
    public Builder backoff(Duration initial, Duration max) {
      transport = transport.withBackoff(initial, max);
      return this;
    }

    /** Environment lookup (default System::getenv); tests pass a map. */
    public Builder environment(Function<String, String> env) {
      this.env = env;
      return this;
    }

    /** System property lookup (default System::getProperty). */
    public Builder systemProperties(Function<String, String> props) {
      this.sysProps = props;
      return this;
    }

    /** Use exactly these factories instead of ServiceLoader discovery. */
    public Builder providerFactories(Collection<CloudProviderFactory> factories) {
      registry = ProviderRegistry.of(factories);
      return this;
    }

    public Dumont build() {
      return new Dumont(this);
    }
  }
}
