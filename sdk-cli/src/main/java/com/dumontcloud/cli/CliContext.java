package com.dumontcloud.cli;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.engine.store.StateStore;
import com.dumontcloud.sdk.store.jdbc.JdbcStateStore;
import com.dumontcloud.sdk.spi.support.JsonCodec;
import com.dumontcloud.sdk.spi.CloudProviderFactory;
import com.dumontcloud.sdk.spi.ProviderMetadata;
import java.util.Map;
import com.dumontcloud.sdk.testkit.BootProfile;
import com.dumontcloud.sdk.testkit.SimulatedCloud;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Shared CLI plumbing: where state lives, how a client is opened, JSON printing. The simulated cloud of
 * the CLI persists its state under {@code $DUMONT_HOME/sim/state.json} and runs on the wall clock with a
 * compressed boot profile (seconds instead of minutes) so that interactive use stays quick.
 */
public final class CliContext {
  /** Boot profile of the CLI's simulated cloud: a few seconds per phase (documented in the README). */
  public static final BootProfile CLI_BOOT = new BootProfile(Duration.ofSeconds(2), Duration.ofSeconds(4),
      Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(2));

  private static SimulatedCloud sim;

  private CliContext() {}

  /** {@code $DUMONT_HOME} (or system property {@code dumont.home}), default {@code ~/.dumont}. */
  public static Path home() {
    String h = System.getProperty("dumont.home");
    if (h == null || h.isBlank()) h = System.getenv("DUMONT_HOME");
    return h != null && !h.isBlank() ? Path.of(h) : Path.of(System.getProperty("user.home"), ".dumont");
  }

  /** The persistent simulated cloud of this process (created on first use). */
  public static synchronized SimulatedCloud simulatedCloud() {
    if (sim == null) {
      String seed = System.getenv("DUMONT_SIM_SEED");
      if (seed == null || seed.isBlank()) seed = System.getProperty("dumont.sim.seed");
      if (seed == null || seed.isBlank()) {
        seed = CliConfig.load().providerSettings().getOrDefault(SimulatedCloud.ID, Map.of()).get("seed");
      }
      sim = SimulatedCloud.builder()
          .seed(seed == null || seed.isBlank() ? 42 : parseSeed(seed))
          .bootProfile(CLI_BOOT)
          .stateFile(home().resolve("sim").resolve("state.json"))
          .build();
    }
    return sim;
  }

  private static long parseSeed(String seed) {
    try {
      return Long.parseLong(seed.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("the sim seed (DUMONT_SIM_SEED or providers.sim.seed) must be a whole number, got '"
          + seed + "'");
    }
  }

  /** Forget the process's simulated cloud (tests switching homes). */
  static synchronized void reset() {
    sim = null;
    records = null;
    if (audit != null) audit.close();
    audit = null;
  }

  private static com.dumontcloud.sdk.audit.InstanceRecords records;
  private static com.dumontcloud.sdk.audit.JsonLinesAuditSink audit;

  /**
   * The audit records of this state directory: JSON lines in {@code $DUMONT_HOME/audit/audit.jsonl}, rotated by
   * day and at 64 MiB ({@code audit-YYYY-MM-DD.N.jsonl}); every client the CLI opens records to it.
   */
  static synchronized com.dumontcloud.sdk.audit.JsonLinesAuditSink auditSink() {
    if (audit == null) audit = com.dumontcloud.sdk.audit.JsonLinesAuditSink.open(home().resolve("audit").resolve("audit.jsonl"));
    return audit;
  }
  private static JdbcStateStore database;

  /** The shared database store when {@code DUMONT_STORE_URL} is set (one per process), else null. */
  static synchronized JdbcStateStore database() {
    if (database == null) {
      database = JdbcStateStore.fromEnvironment(System.getenv()).map(JdbcStateStore.Builder::build).orElse(null);
      if (database != null) {
        JdbcStateStore db = database;
        Runtime.getRuntime().addShutdownHook(new Thread(db::close, "dumont-store-close"));
      }
    }
    return database;
  }

  /**
   * The engine's state store: PostgreSQL when {@code DUMONT_STORE_URL} is set (shared by several processes, with
   * leases), else the file journal {@code $DUMONT_HOME/engine/journal.jsonl}.
   */
  public static StateStore stateStore() {
    JdbcStateStore db = database();
    return db != null ? db : StateStore.fileJournal(home().resolve("engine").resolve("journal.jsonl"));
  }

  /**
   * Seed 001's instance records: in the database when {@code DUMONT_STORE_URL} is set, else JSON lines in
   * {@code $DUMONT_HOME/state/instances.jsonl}; destroyed instances are kept {@code DUMONT_RECORDS_RETENTION_DAYS}
   * (default 90) days.
   */
  static synchronized com.dumontcloud.sdk.audit.InstanceRecords instanceRecords() {
    if (records == null) {
      Duration retention = Duration.ofDays(retentionDays(System.getenv("DUMONT_RECORDS_RETENTION_DAYS")));
      JdbcStateStore db = database();
      records = db != null ? db.instanceRecords(retention)
          : com.dumontcloud.sdk.audit.InstanceRecords.jsonLines(home().resolve("state").resolve("instances.jsonl"),
              retention);
    }
    return records;
  }

  static long retentionDays(String v) {
    if (v == null || v.isBlank()) return 90;
    try {
      long d = Long.parseLong(v.strip());
      if (d >= 1) return d;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("DUMONT_RECORDS_RETENTION_DAYS: '" + v + "' is not a whole number of days "
        + ">= 1 (the default is 90)");
  }

  /**
   * The providers a command uses: the {@code --provider} flags, else {@code DUMONT_PROVIDERS}, else the current
   * context's in {@code $DUMONT_HOME/config.yaml}, else {@code sim}. Unknown ids fail naming the registered ones.
   */
  public static List<String> providers(List<String> flags) {
    List<String> ids = new ArrayList<>();
    if (flags != null) flags.forEach(f -> ids.addAll(CliConfig.split(f)));
    if (ids.isEmpty()) ids.addAll(CliConfig.load().defaultProviders());
    Map<String, ProviderMetadata> reg = DumontCli.registered();
    for (String id : ids) {
      if (!reg.containsKey(id)) {
        throw new IllegalArgumentException("--provider: no provider '" + id + "'; registered providers: "
            + String.join(", ", reg.keySet()));
      }
    }
    return List.copyOf(new java.util.LinkedHashSet<>(ids));
  }

  /**
   * A client for the given providers (none: the configured defaults, see {@link #providers}), with the team quotas
   * of {@code config.yaml}.
   */
  public static Dumont openClient(List<String> providers) {
    List<String> ids = providers(providers);
    List<CloudProviderFactory> factories = new ArrayList<>();
    ServiceLoader.load(CloudProviderFactory.class, CliContext.class.getClassLoader()).forEach(factories::add);
    if (ids.contains(SimulatedCloud.ID)) factories.add(simulatedCloud().factory());
    CliConfig config = CliConfig.load();
    Dumont.Builder b = Dumont.builder().home(home()).providerFactories(factories).instanceRecords(instanceRecords())
        .auditSink(com.dumontcloud.sdk.audit.AuditSink.all(com.dumontcloud.sdk.audit.AuditSink.slf4j(), auditSink()))
        .environment(config.environment(DumontCli.registered()));
    config.teamQuotas().forEach(b::quota); // config.yaml's quotas.TEAM.*: serve's team members, team deployments
    if (ids.contains(SimulatedCloud.ID)) b.scheduler(simulatedCloud().scheduler());
    ids.forEach(b::provider);
    return b.build();
  }

  /**
   * The instance from whichever provider in use has it. A provider that cannot answer (no credentials, down)
   * does not hide the instance on another; when none has it, one line names each provider's answer.
   */
  public static com.dumontcloud.sdk.model.Instance find(Dumont d, String instanceId) {
    List<String> reasons = new ArrayList<>();
    List<String> ids = new ArrayList<>(d.providerIds());
    // the provider whose id prefixes the instance id (sim-1) first
    ids.sort((a, b) -> Boolean.compare(!instanceId.startsWith(a + "-"), !instanceId.startsWith(b + "-")));
    for (String p : ids) {
      try {
        return d.provider(p).get(instanceId);
      } catch (com.dumontcloud.sdk.exception.NotFoundException e) {
        reasons.add(p + ": not found");
      } catch (com.dumontcloud.sdk.exception.DumontException e) {
        reasons.add(p + ": " + DumontCli.message(e));
      }
    }
    if (reasons.stream().allMatch(r -> r.endsWith(": not found"))) {
      throw new InstanceNotFound("no instance '" + instanceId + "' on " + String.join(", ", ids));
    }
    throw new IllegalArgumentException("no instance '" + instanceId + "' on " + String.join(", ", ids)
        + " (" + String.join("; ", reasons) + ")");
  }

  /** Every provider in use answered "not found" (as opposed to one that could not answer). */
  static final class InstanceNotFound extends IllegalArgumentException {
    InstanceNotFound(String message) {
      super(message);
    }
  }

  /**
   * Fails when a provider that will be asked to create something has no credentials, naming the variable to
   * set (offer search works anonymously on some providers; renting never does).
   */
  public static void requireCredentials(Dumont d, List<String> providerIds) {
    for (String id : providerIds) {
      if (!DumontCli.registered().containsKey(id)) continue;
      java.util.Optional<String> problem = d.provider(id).credentialsProblem();
      if (problem.isEmpty()) continue;
      List<String> set = d.configKeysSet(id);
      String hint = DumontCli.registered().get(id).configKeys().stream()
          .filter(k -> k.secret() && !set.contains(k.key())).findFirst()
          .map(k -> ", or run 'dumont config set providers." + id + "." + k.key() + " VALUE'").orElse("");
      throw new IllegalArgumentException("provider " + id + ": " + problem.get() + hint);
    }
  }

  /** Pretty JSON of a Map/List tree to stdout. */
  public static void printJson(Object tree) {
    System.out.println(JsonCodec.standard().writePretty(tree));
  }
}
