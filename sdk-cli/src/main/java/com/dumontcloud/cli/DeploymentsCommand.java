package com.dumontcloud.cli;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.engine.DeploymentSpec;
import com.dumontcloud.sdk.engine.DeploymentStatus;
import com.dumontcloud.sdk.engine.Orchestrator;
import com.dumontcloud.sdk.exception.InvalidSpecException;
import com.dumontcloud.sdk.spi.support.Json;
import com.dumontcloud.sdk.spi.support.JsonCodec;
import com.dumontcloud.sdk.testkit.SimulatedCloud;
import com.dumontcloud.sdk.testkit.engine.SimHealthProbe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import com.dumontcloud.sdk.spi.support.SpecSchema;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dumont deployments apply|list|show|delete}: the orchestration engine driven from the command line.
 * Engine state is a file journal under {@code $DUMONT_HOME/engine}; each command replays it, reconciles
 * against the provider once (or until healthy with {@code --wait}) and exits.
 */
@Command(name = "deployments", description = "Deployments kept alive by the orchestration engine.",
    subcommands = {DeploymentsCommand.Apply.class, DeploymentsCommand.ListCmd.class, DeploymentsCommand.Show.class,
        DeploymentsCommand.Delete.class, DeploymentsCommand.Checkpoints.class})
final class DeploymentsCommand {

  abstract static class Base {
    @Option(names = {"-p", "--provider"}, paramLabel = "ID", completionCandidates = DumontCli.ProviderIds.class,
        description = "Provider: ${COMPLETION-CANDIDATES} (repeatable or comma-separated; default: the spec's "
            + "providers, else the current context's, else sim).")
    List<String> providers;

    <T> T withEngine(Function<Orchestrator, T> body) {
      return withEngine(CliContext.providers(providers), body);
    }

    <T> T withEngine(List<String> ids, Function<Orchestrator, T> body) {
      // one writer per state directory: a running dumont serve owns the journal (this lock says so, and keeps a
      // server from starting while this one-shot engine runs)
      try (var lock = com.dumontcloud.sdk.server.ServerLock.acquire(ServeCommand.serverDir());
          Dumont d = CliContext.openClient(ids)) {
        if (this instanceof Apply) CliContext.requireCredentials(d, ids);
        Orchestrator.Builder b = Orchestrator.builder(d).scheduler(d.scheduler())
            .stateStore(CliContext.stateStore());
        if (d.providerIds().contains(SimulatedCloud.ID)) b.healthProbe(SimHealthProbe.of(CliContext.simulatedCloud()));
        Orchestrator o = b.build();
        try {
          o.start().join();
          return body.apply(o);
        } finally {
          o.close();
        }
      }
    }

    /** A status's JSON form in the chosen currency, with {@code currency} and {@code fx} when converted. */
    static Map<String, Object> statusJson(DeploymentStatus s, Output out) {
      return out.annotate(s.toMap(out.view()));
    }

    static void printTable(List<DeploymentStatus> list, Output out) {
      boolean wide = out.wide();
      if (list.isEmpty()) {
        System.out.println("no deployments (create one with: dumont deployments apply -f SPEC.yaml)");
        return;
      }
      Table t = new Table("ID", "KIND", "TEMPLATE", "PHASE", "HEALTHY", "SLOTS", "FAILOVERS", "SPEND", "ON-DEMAND")
          .shrink("ID", "TEMPLATE").wideOnly("ON-DEMAND");
      for (DeploymentStatus s : list) {
        t.row(s.id(), s.spec().kind().name().toLowerCase(java.util.Locale.ROOT), s.spec().template().name(), s.phase(),
            s.healthyReplicas() + "/" + s.spec().replicas(), s.slots().size(), s.failovers(), out.money(s.spendUsd()),
            out.money(s.onDemandUsd()));
      }
      t.print(System.out, wide);
    }
  }

  @Command(name = "apply", description = {"Create or update a deployment from a YAML or JSON spec file.",
      "The spec is checked before anything is rented; --dry-run shows what would",
      "change against the stored deployment (like kubectl diff) and changes nothing."},
      footer = {"", "A spec (only id and template are required):",
          "  id: qwen-chat", "  template: qwen2.5-0.5b      # a template name (built-in or yours) or an object",
          "  replicas: 2", "  spot_policy: auto            # on_demand, spot or auto",
          "  failover: {strategies: [warm_pool, cpu_standby, cold]}", "  budget: {max_price_per_hour: 1.0}",
          "", "Examples:",
          "  dumont deployments apply -f examples/deployments/qwen-service.yaml --wait",
          "  dumont deployments apply -f svc.yaml --dry-run      # like kubectl diff",
          "  dumont deployments apply -f svc.yaml -o json"})
  static final class Apply extends Base implements Runnable {
    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "Spec file (.yaml, .yml or .json).")
    Path file;

    @Option(names = "--wait", description = "Reconcile until every replica is healthy; exits non-zero when they are "
        + "not healthy within --timeout.")
    boolean waitHealthy;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = Fmt.DurationConverter.class, defaultValue = "10m",
        description = "How long --wait waits in all, e.g. 90s, 10m, 1h.")
    Duration timeout;

    @Option(names = "--dry-run", description = "Print what would change against the stored deployment; change nothing.")
    boolean dryRun;

    @Mixin Output out;

    @Override
    public void run() {
      Instant t0 = Instant.now();
      out.check();
      Map<String, Object> specMap = CustomTemplates.inlineStored(readSpec(file));
      if (!dryRun && ServedCommands.applyDeployment(specMap, out, waitHealthy, timeout.toSeconds())) return;
      DeploymentSpec spec = DeploymentSpec.fromMap(specMap);
      if (dryRun) {
        SpecDiff.print(spec, out);
        return;
      }
      List<String> ids = spec.providers().isEmpty() ? CliContext.providers(providers) : CliContext.providers(
          providers == null || providers.isEmpty() ? spec.providers() : providers);
      Instant deadline = t0.plus(timeout);
      DeploymentStatus s = withEngine(ids, o -> {
        o.apply(spec);
        if (!waitHealthy) {
          o.reconcileNow();
          return o.get(spec.id()).orElseThrow();
        }
        return waitHealthy(o, spec, deadline);
      });
      if (out.printData(statusJson(s, out))) return;
      System.out.println("deployment " + s.id() + " applied");
      printTable(List.of(s), out);
    }

    /** Reconciles until healthy; the whole wait ends by {@code deadline}, with a one-line reason when not healthy. */
    static DeploymentStatus waitHealthy(Orchestrator o, DeploymentSpec spec, Instant deadline) {
      java.util.concurrent.ExecutorService ex = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cli-deployments-wait");
        t.setDaemon(true);
        return t;
      });
      String[] last = {""};
      java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
      java.util.concurrent.Future<DeploymentStatus> f = ex.submit(() -> {
        while (!stop.get()) {
          o.reconcileNow();
          DeploymentStatus st = o.get(spec.id()).orElseThrow();
          String line = st.phase() + ", " + st.healthyReplicas() + "/" + spec.replicas() + " healthy";
          if (!line.equals(last[0])) System.err.println("  " + spec.id() + ": " + line);
          last[0] = line;
          if (st.healthyReplicas() >= spec.replicas()) return st;
          long left = Duration.between(Instant.now(), deadline).toMillis();
          if (left <= 0) return st;
          Thread.sleep(Math.max(1, Math.min(left, Math.min(1000, o.tick().toMillis()))));
        }
        return null;
      });
      try {
        long left = Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
        DeploymentStatus st = f.get(left, java.util.concurrent.TimeUnit.MILLISECONDS);
        if (st != null && st.healthyReplicas() >= spec.replicas()) return st;
        throw notHealthy(spec, st);
      } catch (java.util.concurrent.TimeoutException e) {
        // no interrupt: a reconcile in progress finishes its journal writes, then the loop sees the flag
        stop.set(true);
        throw notHealthy(spec, o.get(spec.id()).orElse(null));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + spec.id());
      } catch (java.util.concurrent.ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof RuntimeException r) throw r;
        throw new IllegalStateException(c.getMessage(), c);
      } finally {
        stop.set(true);
        ex.shutdown();
      }
    }

    private static IllegalStateException notHealthy(DeploymentSpec spec, DeploymentStatus st) {
      return new IllegalStateException("deployment " + spec.id() + " is not healthy within --timeout ("
          + (st == null ? "no status" : st.healthyReplicas() + "/" + spec.replicas() + " healthy, phase " + st.phase())
          + "); it stays applied: see 'dumont deployments show " + spec.id() + "', or delete it");
    }

    static Map<String, Object> readSpec(Path file) {
      String text;
      try {
        text = SpecSchema.utf8Text(Files.readAllBytes(file), "spec file " + file); // a binary file: one clear line
      } catch (java.nio.charset.CharacterCodingException e) {
        throw new InvalidSpecException("spec file " + file + " is not a UTF-8 text file (YAML or JSON expected)");
      } catch (java.nio.file.NoSuchFileException e) {
        throw new InvalidSpecException("no such file: " + file);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read spec file " + file + ": " + e.getMessage(), e);
      }
      Object tree;
      try {
        tree = file.toString().endsWith(".json") ? JsonCodec.standard().parse(text)
            : new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
      } catch (RuntimeException e) {
        throw new InvalidSpecException("spec file " + file + " is not valid " + (file.toString().endsWith(".json")
            ? "JSON" : "YAML") + ": " + e.getMessage());
      }
      if (!(tree instanceof Map)) throw new InvalidSpecException("spec file " + file + " must hold an object");
      return Json.obj(tree, "spec");
    }
  }

  @Command(name = "list", description = "List deployments.")
  static final class ListCmd extends Base implements Runnable {
    @Mixin Output out;

    @Override
    public void run() {
      out.check();
      if (ServedCommands.listDeployments(out)) return;
      List<DeploymentStatus> list = withEngine(o -> {
        o.reconcileNow();
        return o.list();
      });
      if (!out.printData(list.stream().map(s -> statusJson(s, out)).toList())) printTable(list, out);
    }
  }

  @Command(name = "show", description = "Show one deployment with its slots.")
  static final class Show extends Base implements Runnable {
    @Parameters(paramLabel = "ID", description = "Deployment id.")
    String id;

    @Mixin Output out;

    @Override
    public void run() {
      out.check();
      if (ServedCommands.showDeployment(id, out)) return;
      DeploymentStatus s = withEngine(o -> {
        o.reconcileNow();
        return o.get(id).orElseThrow(() -> new IllegalArgumentException("no deployment '" + id + "'"));
      });
      if (out.printData(statusJson(s, out))) return;
      printTable(List.of(s), out);
      Table t = new Table("SLOT", "ROLE", "PHASE", "GEN", "INSTANCE", "HOST", "REGION", "PRICING", "PRICE/H")
          .shrink("HOST", "INSTANCE");
      for (DeploymentStatus.SlotStatus x : s.slots()) {
        t.row(x.name(), x.role(), x.phase(), x.generation(), x.instanceId(), x.hostId(), x.region(), x.pricing(),
            out.money(x.pricePerHour()));
      }
      System.out.println();
      t.print(System.out, out.wide());
    }
  }

  @Command(name = "checkpoints", description = {"List a deployment's stored checkpoint versions.",
      "Size, SHA-256, time and URL, from its checkpoint store's manifest."})
  static final class Checkpoints extends Base implements Runnable {
    @Parameters(paramLabel = "ID", description = "Deployment id.")
    String id;

    @Mixin Output out;

    @Override
    public void run() {
      out.check();
      List<com.dumontcloud.sdk.engine.Checkpoint> cps = withEngine(o -> {
        if (o.get(id).isEmpty()) throw new IllegalArgumentException("no deployment '" + id + "'");
        return o.checkpoints(id);
      });
      if (this.out.machine()) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (var c : cps) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("version", c.version());
          m.put("bytes", c.bytes());
          m.put("sha256", c.sha256());
          m.put("completed_at", c.completedAt().toString());
          m.put("url", c.location());
          out.add(m);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("deployment", id);
        root.put("checkpoints", out);
        this.out.printData(root);
        return;
      }
      if (cps.isEmpty()) {
        System.out.println("no checkpoints stored for " + id + " (does its spec have a checkpoint: store?)");
        return;
      }
      Table t = new Table("VERSION", "SIZE", "SHA256", "COMPLETED", "URL");
      for (var c : cps) {
        t.row("v" + c.version(), String.format(java.util.Locale.ROOT, "%.1f MB", c.bytes() / 1e6),
            c.sha256() == null ? "-" : c.sha256().substring(0, Math.min(16, c.sha256().length())) + "...",
            c.completedAt().toString(), c.location());
      }
      t.shrink("URL").print(System.out, this.out.wide());
    }
  }

  @Command(name = "delete", description = "Delete a deployment and terminate every instance it owns.")
  static final class Delete extends Base implements Runnable {
    @Parameters(paramLabel = "ID", description = "Deployment id.")
    String id;

    @Override
    public void run() {
      if (ServedCommands.deleteDeployment(id)) return;
      withEngine(o -> {
        if (o.get(id).isEmpty()) throw new IllegalArgumentException("no deployment '" + id + "'");
        o.delete(id);
        o.reconcileNow();
        return null;
      });
      System.out.println("deleted " + id);
    }
  }

  private DeploymentsCommand() {}
}
