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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine.Command;
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
    @Option(names = {"-p", "--provider"}, description = "Provider id (repeatable; default: sim).")
    List<String> providers = new ArrayList<>();

    <T> T withEngine(Function<Orchestrator, T> body) {
      try (Dumont d = CliContext.openClient(providers)) {
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

    static Map<String, Object> statusJson(DeploymentStatus s) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", s.id());
      m.put("kind", s.spec().kind().name().toLowerCase());
      m.put("template", s.spec().template().name());
      m.put("phase", s.phase());
      m.put("replicas", s.spec().replicas());
      m.put("healthy_replicas", s.healthyReplicas());
      m.put("spend", s.spendUsd());
      m.put("on_demand_equivalent", s.onDemandUsd());
      m.put("interruptions", s.interruptions());
      m.put("failovers", s.failovers());
      m.put("checkpoint_version", s.checkpointVersion());
      m.put("slots", s.slots().stream().map(x -> {
        Map<String, Object> sm = new LinkedHashMap<>();
        sm.put("slot", x.name());
        sm.put("role", x.role());
        sm.put("phase", x.phase());
        sm.put("generation", x.generation());
        sm.put("instance_id", x.instanceId());
        sm.put("host_id", x.hostId());
        sm.put("region", x.region());
        sm.put("pricing", x.pricing());
        sm.put("price_per_hour", x.pricePerHour());
        return sm;
      }).toList());
      m.put("spec", s.spec().toMap());
      return m;
    }

    static void printTable(List<DeploymentStatus> list) {
      Table t = new Table("ID", "KIND", "TEMPLATE", "PHASE", "HEALTHY", "SLOTS", "FAILOVERS", "SPEND $");
      for (DeploymentStatus s : list) {
        t.row(s.id(), s.spec().kind().name().toLowerCase(), s.spec().template().name(), s.phase(),
            s.healthyReplicas() + "/" + s.spec().replicas(), s.slots().size(), s.failovers(),
            String.format("%.4f", s.spendUsd()));
      }
      t.print(System.out);
    }
  }

  @Command(name = "apply", description = "Create or update a deployment from a YAML or JSON spec file.")
  static final class Apply extends Base implements Runnable {
    @Option(names = {"-f", "--file"}, required = true, description = "Spec file (.yaml, .yml or .json).")
    Path file;

    @Option(names = "--wait", description = "Reconcile until every replica is healthy.")
    boolean waitHealthy;

    @Option(names = "--timeout", description = "Wait timeout in seconds (default 600).")
    long timeout = 600;

    @Option(names = "--json", description = "Print the status JSON.")
    boolean json;

    @Override
    public void run() {
      DeploymentSpec spec = DeploymentSpec.fromMap(readSpec(file));
      DeploymentStatus s = withEngine(o -> {
        o.apply(spec);
        o.reconcileNow();
        if (waitHealthy) {
          Instant deadline = Instant.now().plusSeconds(timeout);
          String last = "";
          while (true) {
            DeploymentStatus st = o.get(spec.id()).orElseThrow();
            String line = st.phase() + " " + st.healthyReplicas() + "/" + spec.replicas() + " healthy";
            if (!line.equals(last)) System.err.println("  " + spec.id() + ": " + line);
            last = line;
            if (st.healthyReplicas() >= spec.replicas() || Instant.now().isAfter(deadline)) break;
            try {
              Thread.sleep(o.tick().toMillis() > 2000 ? 1000 : o.tick().toMillis());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              break;
            }
            o.reconcileNow();
          }
        }
        return o.get(spec.id()).orElseThrow();
      });
      if (json) CliContext.printJson(statusJson(s));
      else {
        System.out.println("deployment " + s.id() + " applied");
        printTable(List.of(s));
      }
    }

    static Map<String, Object> readSpec(Path file) {
      String text;
      try {
        text = Files.readString(file);
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
    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public void run() {
      List<DeploymentStatus> list = withEngine(o -> {
        o.reconcileNow();
        return o.list();
      });
      if (json) CliContext.printJson(list.stream().map(Base::statusJson).toList());
      else printTable(list);
    }
  }

  @Command(name = "show", description = "Show one deployment with its slots.")
  static final class Show extends Base implements Runnable {
    @Parameters(paramLabel = "ID")
    String id;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public void run() {
      DeploymentStatus s = withEngine(o -> {
        o.reconcileNow();
        return o.get(id).orElseThrow(() -> new IllegalArgumentException("no deployment '" + id + "'"));
      });
      if (json) {
        CliContext.printJson(statusJson(s));
        return;
      }
      printTable(List.of(s));
      Table t = new Table("SLOT", "ROLE", "PHASE", "GEN", "INSTANCE", "HOST", "REGION", "PRICING", "$/H");
      for (DeploymentStatus.SlotStatus x : s.slots()) {
        t.row(x.name(), x.role(), x.phase(), x.generation(), x.instanceId(), x.hostId(), x.region(), x.pricing(),
            String.format("%.4f", x.pricePerHour()));
      }
      System.out.println();
      t.print(System.out);
    }
  }

  @Command(name = "checkpoints", description = {"List a deployment's stored checkpoint versions (size, SHA-256,",
      "time, URL) from its checkpoint store's manifest."})
  static final class Checkpoints extends Base implements Runnable {
    @Parameters(paramLabel = "ID")
    String id;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public void run() {
      List<com.dumontcloud.sdk.engine.Checkpoint> cps = withEngine(o -> {
        if (o.get(id).isEmpty()) throw new IllegalArgumentException("no deployment '" + id + "'");
        return o.checkpoints(id);
      });
      if (json) {
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
        CliContext.printJson(root);
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
      t.print(System.out);
    }
  }

  @Command(name = "delete", description = "Delete a deployment and terminate every instance it owns.")
  static final class Delete extends Base implements Runnable {
    @Parameters(paramLabel = "ID")
    String id;

    @Override
    public void run() {
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
