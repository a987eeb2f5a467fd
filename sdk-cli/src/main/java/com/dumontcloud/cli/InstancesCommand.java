package com.dumontcloud.cli;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.Instances;
import com.dumontcloud.sdk.model.ModelJson;
import com.dumontcloud.sdk.model.CostAnalysis;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.InstanceState;
import com.dumontcloud.sdk.model.LaunchSpec;
import com.dumontcloud.sdk.query.OfferQueries;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dumont instances ...}. */
@Command(name = "instances", description = "Launch and manage instances.",
    subcommands = {InstancesCommand.Launch.class, InstancesCommand.ListCmd.class, InstancesCommand.Show.class,
        InstancesCommand.Cost.class, InstancesCommand.Start.class, InstancesCommand.Stop.class,
        InstancesCommand.Destroy.class})
final class InstancesCommand {

  abstract static class ProviderOptions {
    @Option(names = {"-p", "--provider"}, description = "Provider id (repeatable; default: sim).")
    List<String> providers = new ArrayList<>();
  }

  @Command(name = "launch", description = "Launch an instance from a template.")
  static final class Launch extends ProviderOptions implements Runnable {
    @Option(names = "--template", required = true, description = "Template name (see 'dumont templates list').")
    String template;

    @Option(names = "--offer", description = "Offer id to rent.")
    String offer;

    @Option(names = "--query", description = "Offer query; the cheapest match is rented.")
    String query;

    @Option(names = "--set", description = "Template config override key=value (repeatable), e.g. vllm_max_model_len=4096.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--wait", description = "Wait until the instance is running, showing progress.")
    boolean waitRunning;

    @Option(names = "--timeout", description = "Wait timeout in seconds (default 900).")
    long timeoutSeconds = 900;

    @Option(names = "--type", description = "on-demand (default when no --offer/--query) or bid (spot/interruptible).")
    String type;

    @Option(names = "--json", description = "Print the instance JSON.")
    boolean json;

    @Override
    public void run() {
      if (offer != null && query != null) throw new IllegalArgumentException("give --offer or --query, not both");
      LaunchSpec.Builder b = LaunchSpec.fromTemplate(template);
      for (String s : sets) {
        int eq = s.indexOf('=');
        if (eq <= 0) throw new IllegalArgumentException("--set expects key=value, got '" + s + "'");
        b.override(s.substring(0, eq).trim(), s.substring(eq + 1).trim());
      }
      if (offer != null) b.offerId(offer);
      if (query != null) b.query(OfferQueries.parse(query));
      if (providers.size() == 1) b.providerId(providers.get(0));
      if (type != null) b.pricingModel(OffersCommand.pricing(type));
      try (Dumont d = CliContext.openClient(providers)) {
        Instance i = d.instances().launch(b.build());
        if (!json) System.out.println("launched " + i.id() + " on " + i.providerId() + " (" + i.gpu().name() + " x"
            + i.gpuCount() + ", $" + i.pricePerHour().rounded(4).toPlainString() + "/h, offer " + i.offerId() + ")");
        if (waitRunning) {
          Instant start = d.scheduler().now();
          String[] last = {""};
          i = d.instances().waitUntilRunning(i.id(), Duration.ofSeconds(timeoutSeconds), x -> {
            String line = x.state().wireName() + (x.statusMessage() == null ? "" : " (" + x.statusMessage() + ")");
            if (!line.equals(last[0])) {
              System.err.printf("  %s: %s after %ds%n", x.id(), line,
                  Duration.between(start, d.scheduler().now()).toSeconds());
              last[0] = line;
            }
          });
          if (!json) System.out.println(i.id() + " is running at " + i.publicIp());
        }
        if (json) CliContext.printJson(ModelJson.instance(i));
      }
    }
  }

  @Command(name = "list", description = "List instances.")
  static final class ListCmd extends ProviderOptions implements Runnable {
    @Option(names = "--status", description = "Only this state: running, stopped, provisioning, terminated, ...")
    String status;

    @Option(names = "--sort", description = "created_at (default, newest first) or cost (highest first).")
    String sort = "created_at";

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public void run() {
      InstanceState st = null;
      if (status != null) {
        st = InstanceState.fromWire(status);
        if (st == InstanceState.UNKNOWN && !status.equalsIgnoreCase("unknown")) {
          throw new IllegalArgumentException("unknown --status '" + status + "'; one of "
              + java.util.Arrays.stream(InstanceState.values()).map(InstanceState::wireName).toList());
        }
      }
      Instances.Sort s = switch (sort.toLowerCase()) {
        case "created_at", "created" -> Instances.Sort.CREATED_AT;
        case "cost" -> Instances.Sort.COST;
        default -> throw new IllegalArgumentException("--sort must be created_at or cost, got '" + sort + "'");
      };
      try (Dumont d = CliContext.openClient(providers)) {
        List<Instance> list = d.instances().list(st, s);
        if (json) {
          CliContext.printJson(ModelJson.instances(list));
          return;
        }
        Table t = new Table("ID", "PROVIDER", "STATUS", "GPU", "N", "$/H", "TYPE", "REGION", "TEMPLATE", "CREATED");
        for (Instance i : list) {
          t.row(i.id(), i.providerId(), i.state().wireName(), i.gpu().name(), i.gpuCount(),
              i.pricePerHour().rounded(4).toPlainString(), ModelJson.machineType(i.pricingModel()), i.location().region(),
              i.templateName(), i.createdAt() == null ? null : i.createdAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        }
        t.print(System.out);
      }
    }
  }

  @Command(name = "show", description = "Show one instance.")
  static final class Show extends ProviderOptions implements Runnable {
    @Parameters(paramLabel = "ID")
    String id;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public void run() {
      try (Dumont d = CliContext.openClient(providers)) {
        Map<String, Object> m = ModelJson.instance(d.instances().get(id));
        if (json) CliContext.printJson(m);
        else m.forEach((k, v) -> System.out.printf("%-16s %s%n", k + ":", v));
      }
    }
  }

  @Command(name = "cost", description = "Cost analysis of one instance (seed 001 shape).")
  static final class Cost extends ProviderOptions implements Runnable {
    @Parameters(paramLabel = "ID")
    String id;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public void run() {
      try (Dumont d = CliContext.openClient(providers)) {
        CostAnalysis c = d.costs().analyze(id);
        Map<String, Object> m = ModelJson.costAnalysis(c);
        if (json) {
          CliContext.printJson(m);
          return;
        }
        Map<String, Object> flat = new LinkedHashMap<>(m);
        Object breakdown = flat.remove("cost_breakdown");
        flat.forEach((k, v) -> System.out.printf("%-24s %s%n", k + ":", Table.plain(v)));
        ((Map<?, ?>) breakdown).forEach((k, v) -> System.out.printf("%-24s %s%n", k + ":", Table.plain(v)));
      }
    }
  }

  /** start, stop and destroy: one instance id, one action, one line of output. */
  abstract static class Action extends ProviderOptions implements Runnable {
    @Parameters(paramLabel = "ID")
    String id;

    abstract void act(Instances instances, String instanceId);

    abstract String done();

    @Override
    public void run() {
      try (Dumont d = CliContext.openClient(providers)) {
        act(d.instances(), id);
        System.out.println(done() + " " + id);
      }
    }
  }

  @Command(name = "start", description = "Start a stopped instance.")
  static final class Start extends Action {
    @Override void act(Instances i, String id) { i.start(id); }
    @Override String done() { return "starting"; }
  }

  @Command(name = "stop", description = "Stop an instance (keeps its disk; stops GPU billing).")
  static final class Stop extends Action {
    @Override void act(Instances i, String id) { i.stop(id); }
    @Override String done() { return "stopping"; }
  }

  @Command(name = "destroy", description = "Destroy an instance (idempotent).")
  static final class Destroy extends Action {
    @Override void act(Instances i, String id) { i.destroy(id); }
    @Override String done() { return "destroyed"; }
  }
}
