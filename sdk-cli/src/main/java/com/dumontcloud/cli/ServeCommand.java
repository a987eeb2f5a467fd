package com.dumontcloud.cli;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.engine.Orchestrator;
import com.dumontcloud.sdk.server.ApiKeys;
import com.dumontcloud.sdk.server.DumontServer;
import com.dumontcloud.sdk.server.ServerEvents;
import com.dumontcloud.sdk.server.ServerLock;
import com.dumontcloud.sdk.serverless.EndpointStore;
import com.dumontcloud.sdk.serverless.Endpoints;
import com.dumontcloud.sdk.testkit.SimulatedCloud;
import com.dumontcloud.sdk.testkit.engine.SimHealthProbe;
import com.dumontcloud.sdk.testkit.modelserver.ModelServerWorkloads;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dumont serve}: the engine and the endpoints run continuously behind the seeds' REST API until SIGTERM or
 * Ctrl-C (then: stop taking requests, finish the tick, flush, leave every instance running).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Run the engine and endpoints continuously behind the REST API, OpenAI-compatible endpoint URLs "
        + "and a dashboard (http://127.0.0.1:8001 by default). Ctrl-C stops it; instances keep running.",
    subcommands = {ServeCommand.Keys.class})
final class ServeCommand implements Callable<Integer> {
  @Option(names = "--port", defaultValue = "8001", description = "Port (0 picks a free one).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (loopback by default).")
  String host;

  @Option(names = "--no-auth", description = "Local development only: requests without credentials act as the "
      + "local admin. Refused unless --host is a loopback address, and with --oidc-issuer.")
  boolean noAuth;

  @Option(names = "--oidc-issuer", paramLabel = "URL", description = "Accept OIDC bearer tokens of this issuer "
      + "(else env DUMONT_OIDC_ISSUER, else config.yaml oidc.issuer), e.g. https://accounts.google.com.")
  String oidcIssuer;

  @Option(names = "--oidc-audience", paramLabel = "AUDIENCE", description = "The audience (client id) tokens must "
      + "name; required with an issuer (else env DUMONT_OIDC_AUDIENCE, else config.yaml oidc.audience).")
  String oidcAudience;

  @Option(names = "--oidc-groups-claim", paramLabel = "CLAIM", description = "The claim holding groups; a dotted path "
      + "reaches nested claims, e.g. realm_access.roles (else env DUMONT_OIDC_GROUPS_CLAIM, else config.yaml "
      + "oidc.groups-claim, else groups).")
  String oidcGroupsClaim;

  @Option(names = "--oidc-role-mapping", paramLabel = "FILE", description = "YAML or JSON file mapping groups to roles "
      + "and teams, with custom roles (else env DUMONT_OIDC_ROLE_MAPPING, else config.yaml oidc.role-mapping; see "
      + "docs/enterprise.md). Without it a group named admin/developer/viewer grants that role and team:NAME joins team NAME.")
  String roleMapping;

  @Option(names = {"-p", "--provider"}, showDefaultValue = CommandLine.Help.Visibility.NEVER,
      description = "Provider id (repeatable; default: the current context's providers, else sim).")
  List<String> providers = new ArrayList<>();

  @Option(names = "--tls-keystore", description = "PKCS#12 key store: serve HTTPS (password in DUMONT_TLS_PASSWORD).")
  Path keyStore;

  static Path serverDir() {
    return CliContext.home().resolve("server");
  }

  @Override
  public Integer call() throws Exception {
    if (noAuth && !DumontServer.isLoopback(host)) {
      System.err.println("error: --no-auth is refused on --host " + host + ": without credentials the server binds "
          + "only a loopback address; drop --no-auth and use an API key ('dumont serve keys create')");
      return 2;
    }
    Running running = start();
    System.out.println("dumont serve: listening on " + running.server.uri() + " (state " + CliContext.home()
        + "); dashboard " + running.server.uri() + "/ ; Ctrl-C stops (instances keep running)");
    System.out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.err.println("dumont serve: stopping (finishing the tick; instances keep running)");
      running.close();
      stopped.countDown();
    }, "dumont-serve-stop"));
    stopped.await();
    return 0;
  }

  /** A started server and what it runs; {@link #close()} stops serving, then the engine, and leaves instances. */
  static final class Running implements AutoCloseable {
    DumontServer server;
    Endpoints endpoints;
    Orchestrator engine;
    ModelServerWorkloads stubs;
    Dumont dumont;
    ServerLock lock;

    @Override
    public void close() {
      ServeCommand.close(server, endpoints, engine, stubs, dumont, lock);
    }
  }

  /** A setting of serve and where it came from: the flag, {@code env ...}, {@code config.yaml ...} or default. */
  record Resolved(String value, String from) {
    boolean isSet() {
      return value != null && !value.isBlank();
    }
  }

  /** The OIDC settings in effect, each resolved on its own: flag > environment > config.yaml > default. */
  record OidcSettings(Resolved issuer, Resolved audience, Resolved groupsClaim, Resolved roleMapping) {}

  /** This command's OIDC settings with the given config file beneath its flags and the environment. */
  OidcSettings oidcSettings(CliConfig config) {
    return new OidcSettings(resolve(oidcIssuer, "--oidc-issuer", "oidc.issuer", config),
        resolve(oidcAudience, "--oidc-audience", "oidc.audience", config),
        resolve(oidcGroupsClaim, "--oidc-groups-claim", "oidc.groups-claim", config),
        resolve(roleMapping, "--oidc-role-mapping", "oidc.role-mapping", config));
  }

  private static Resolved resolve(String flag, String flagName, String key, CliConfig config) {
    if (flag != null) return new Resolved(flag.strip(), flagName);
    return new Resolved(CliSettings.value(key, config), CliSettings.source(key, config));
  }

  /**
   * The OIDC authenticator of {@code s}, or null when no issuer is set. A bad value fails naming where it came
   * from (flag, variable or config.yaml key).
   */
  static com.dumontcloud.sdk.server.OidcAuthenticator oidc(OidcSettings s,
      com.dumontcloud.sdk.access.GroupMapping mapping) {
    if (!s.issuer().isSet()) {
      if (s.audience().isSet()) {
        throw new IllegalArgumentException(s.audience().from() + " sets an OIDC audience but no issuer is set: pass "
            + "--oidc-issuer, set DUMONT_OIDC_ISSUER or run 'dumont config set oidc.issuer URL'");
      }
      return null;
    }
    try {
      return com.dumontcloud.sdk.server.OidcAuthenticator.builder(s.issuer().value(), s.audience().value())
          .groupsClaim(s.groupsClaim().value()).mapping(mapping).build();
    } catch (IllegalArgumentException e) {
      List<String> fromFile = java.util.stream.Stream.of(s.issuer(), s.audience(), s.groupsClaim())
          .map(Resolved::from).filter(f -> f.startsWith("config.yaml")).map(f -> f.substring(12)).toList();
      throw fromFile.isEmpty() ? e : new IllegalArgumentException(e.getMessage() + " (from " + CliConfig.path()
          + ": " + String.join(", ", fromFile) + "; change with 'dumont config set KEY VALUE')");
    }
  }

  /** Take the state directory's lock, start the engine, the endpoints and the server. */
  Running start() {
    OidcSettings oidcSettings = oidcSettings(CliConfig.load());
    Resolved mappingFile = oidcSettings.roleMapping();
    com.dumontcloud.sdk.access.GroupMapping mapping = !mappingFile.isSet()
        ? com.dumontcloud.sdk.access.GroupMapping.implicit() : readMapping(Path.of(mappingFile.value()),
            mappingFile.from());
    com.dumontcloud.sdk.server.OidcAuthenticator oidc = oidc(oidcSettings, mapping);
    if (noAuth && oidc != null) {
      throw new IllegalArgumentException("--no-auth and an OIDC issuer (" + oidcSettings.issuer().from() + ") exclude "
          + "each other: drop --no-auth");
    }
    // model-server stubs of the simulated cloud share the JDK HTTP server, which reads TCP_NODELAY once
    if (System.getProperty("sun.net.httpserver.nodelay") == null) System.setProperty("sun.net.httpserver.nodelay", "true");
    Running r = new Running();
    r.lock = ServerLock.acquire(serverDir());
    try {
      ApiKeys keys = ApiKeys.open(serverDir());
      if (keys.isEmpty()) {
        ApiKeys.NewKey k = keys.create("default");
        System.out.println("API key (shown once, stored only as a salted hash): " + k.token());
        System.out.println("  use it as 'Authorization: Bearer <key>'; more: dumont serve keys create|list|revoke");
      }
      r.dumont = CliContext.openClient(providers);
      ServerEvents events = new ServerEvents();
      Orchestrator.Builder ob = Orchestrator.builder(r.dumont).scheduler(r.dumont.scheduler()).listener(events)
          .stateStore(CliContext.stateStore()); // PostgreSQL with leases when DUMONT_STORE_URL is set
      com.dumontcloud.sdk.webhook.WebhookListener hooks = CliWebhooks.load(r.dumont.scheduler());
      if (hooks != null) {
        ob.listener(hooks);
        System.out.println("webhooks: " + hooks.endpoints().size() + " hook(s), signed (X-Dumont-Signature)");
      }
      boolean sim = r.dumont.providerIds().contains(SimulatedCloud.ID);
      if (sim) ob.healthProbe(SimHealthProbe.of(CliContext.simulatedCloud()));
      r.engine = ob.build();
      r.engine.start().join();
      if (sim) r.stubs = ModelServerWorkloads.attach(CliContext.simulatedCloud());
      r.endpoints = Endpoints.builder(r.dumont).store(EndpointStore.files(CliContext.home().resolve("serverless")))
          .engineListener(events).autoscale(true).build();
      byte[] t = new byte[32];
      new SecureRandom().nextBytes(t);
      String session = "ds_" + Base64.getUrlEncoder().withoutPadding().encodeToString(t);
      DumontServer.Builder sb = DumontServer.builder(r.dumont).orchestrator(r.engine).endpoints(r.endpoints)
          .events(events).host(host).port(port).sessionToken(session).fxRates(CliMoney.liveRates());
      com.dumontcloud.sdk.advisor.LlmExplainer llm = com.dumontcloud.sdk.advisor.LlmExplainer.fromEnvironment();
      if (llm != null) {
        sb.advisorExplainer(llm);
        System.out.println("advisor explanations: " + llm.model() + " at " + llm.url() + " (?explain=true)");
      }
      sb.apiKeys(keys).roleMapping(mapping);
      if (noAuth) {
        sb.noAuthOnLoopback();
        System.err.println("warning: --no-auth: requests without credentials act as the local admin (loopback only)");
      }
      if (oidc != null) sb.oidc(oidc);
      if (keyStore != null) {
        String pw = System.getenv("DUMONT_TLS_PASSWORD");
        sb.tls(keyStore, pw == null ? new char[0] : pw.toCharArray());
      }
      r.server = sb.build().start();
      r.lock.publish(r.server.uri(), session);
      return r;
    } catch (RuntimeException e) {
      r.close();
      throw e;
    }
  }

  /** The role mapping file: YAML (JSON is YAML too); {@code from} names where it was set, for errors. */
  @SuppressWarnings("unchecked")
  static com.dumontcloud.sdk.access.GroupMapping readMapping(Path file, String from) {
    Object tree;
    try {
      tree = new org.yaml.snakeyaml.Yaml(new org.yaml.snakeyaml.constructor.SafeConstructor(
          new org.yaml.snakeyaml.LoaderOptions())).load(java.nio.file.Files.readString(file));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(from + " " + file + ": cannot read it: " + e.getMessage());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(from + " " + file + ": not YAML or JSON: "
          + e.getMessage().lines().findFirst().orElse(""));
    }
    if (!(tree instanceof java.util.Map<?, ?> m)) {
      throw new IllegalArgumentException(from + " " + file + ": must be a mapping with roles and/or groups");
    }
    return com.dumontcloud.sdk.access.GroupMapping.fromMap((java.util.Map<String, ?>) m, file.toString());
  }

  private static void close(DumontServer server, Endpoints endpoints, Orchestrator engine, ModelServerWorkloads stubs,
      Dumont dumont, ServerLock lock) {
    for (AutoCloseable c : new AutoCloseable[] {server, endpoints, engine, stubs, dumont, lock}) {
      if (c == null) continue;
      try {
        c.close();
      } catch (Exception e) {
        System.err.println("warning: while stopping: " + e.getMessage());
      }
    }
  }

  @Command(name = "keys", description = "API keys of the server (stored as salted hashes under $DUMONT_HOME/server).",
      mixinStandardHelpOptions = true, subcommands = {Keys.Create.class, Keys.ListCmd.class, Keys.Revoke.class})
  static final class Keys implements Callable<Integer> {
    @Override
    public Integer call() {
      System.err.println("error: missing subcommand (create, list, revoke)");
      return 2;
    }

    @Command(name = "create", description = "Create a key; it is printed once.", mixinStandardHelpOptions = true)
    static final class Create implements Callable<Integer> {
      @Option(names = "--name", defaultValue = "key", description = "A name to recognise it by.") String name;

      @Option(names = "--role", paramLabel = "ROLE", showDefaultValue = CommandLine.Help.Visibility.NEVER, description = "A role the key grants (repeatable): admin, "
          + "developer, viewer, or a custom role of the role mapping; default admin.")
      List<String> roles = new ArrayList<>();

      @Option(names = "--team", paramLabel = "TEAM", showDefaultValue = CommandLine.Help.Visibility.NEVER, description = "A team the key's principal belongs to "
          + "(repeatable); its launches are charged to it.")
      List<String> teams = new ArrayList<>();

      @Override
      public Integer call() {
        ApiKeys.NewKey k = ApiKeys.open(serverDir()).create(name, roles, teams);
        System.out.println(k.token());
        System.err.println("created key " + k.info().id() + " (" + k.info().name() + ", roles "
            + String.join(",", k.info().roles()) + (k.info().teams().isEmpty() ? "" : ", teams "
            + String.join(",", k.info().teams())) + "); it is shown only now");
        return 0;
      }
    }

    @Command(name = "list", description = "List keys (ids and names, never the keys).", mixinStandardHelpOptions = true)
    static final class ListCmd implements Callable<Integer> {
      @Option(names = "--json", description = "Print JSON.") boolean json;

      @Override
      public Integer call() {
        List<ApiKeys.KeyInfo> keys = ApiKeys.open(serverDir()).list();
        if (json) {
          CliContext.printJson(java.util.Map.of("keys", keys.stream().map(ApiKeys.KeyInfo::toJson).toList()));
          return 0;
        }
        Table t = new Table("ID", "NAME", "ROLES", "TEAMS", "CREATED");
        keys.forEach(k -> t.row(k.id(), k.name(), String.join(",", k.roles()), String.join(",", k.teams()),
            k.createdAt().toString()));
        t.print(System.out);
        return 0;
      }
    }

    @Command(name = "revoke", description = "Revoke a key by id (a running server refuses it at once).",
        mixinStandardHelpOptions = true)
    static final class Revoke implements Callable<Integer> {
      @Parameters(paramLabel = "ID", description = "Key id, as 'dumont serve keys list' shows it.") String id;

      @Override
      public Integer call() {
        if (!ApiKeys.open(serverDir()).revoke(id)) throw new IllegalArgumentException("no API key with id '" + id
            + "' (see dumont serve keys list)");
        System.out.println("revoked " + id);
        return 0;
      }
    }
  }
}
