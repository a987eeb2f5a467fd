package com.dumontcloud.cli;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.Instances;
import com.dumontcloud.sdk.catalog.TemplateCatalog;
import com.dumontcloud.sdk.exception.CallTimeoutException;
import com.dumontcloud.sdk.exception.NotFoundException;
import com.dumontcloud.sdk.model.CostAnalysis;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.InstanceState;
import com.dumontcloud.sdk.model.LaunchSpec;
import com.dumontcloud.sdk.model.ModelJson;
import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.PortMapping;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.query.OfferQueries;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dumont instances ...}. */
@Command(name = "instances", description = "Launch and manage instances.",
    subcommands = {InstancesCommand.Launch.class, InstancesCommand.ListCmd.class, InstancesCommand.Show.class,
        InstancesCommand.Cost.class, InstancesCommand.Start.class, InstancesCommand.Stop.class,
        InstancesCommand.Destroy.class})
final class InstancesCommand {

  abstract static class ProviderOptions {
    @Option(names = {"-p", "--provider"}, paramLabel = "ID", completionCandidates = DumontCli.ProviderIds.class,
        description = "Provider: ${COMPLETION-CANDIDATES} (repeatable or comma-separated; default: the current "
            + "context's providers, see 'dumont config view', else sim).")
    List<String> providers;
  }

  @Command(name = "launch", description = {"Launch an instance from a template or from your own image.",
      "Like 'vastai create instance'. The cheapest offer within the template's price",
      "cap is rented unless --offer or --query picks one (--max-price overrides the",
      "cap). Every flag is checked before anything is rented."},
      footer = {"", "Examples:",
          "  dumont instances launch --template budget --wait",
          "  dumont instances launch --template budget --query 'gpu_name=RTX_3090'",
          "  dumont instances launch --template budget --query 'num_gpus>=2' \\",
          "      --max-price 1.20",
          "  dumont instances launch --image pytorch/pytorch:latest --disk 60 \\",
          "      --env HF_TOKEN=$HF_TOKEN --port 8888 --onstart 'jupyter lab' --wait",
          "  dumont instances launch --image vllm/vllm-openai:v0.9.2 --port 8000 \\",
          "      --args --model Qwen/Qwen2.5-0.5B-Instruct",
          "  dumont instances launch --template my-notebook   # see templates apply"})
  static final class Launch extends ProviderOptions implements Runnable {
    @Option(names = "--template", paramLabel = "NAME",
        description = "Template name (see 'dumont templates list'); with --image, the image replaces the template's.")
    String template;

    @Option(names = "--image", paramLabel = "IMAGE", description = "Container image to run, e.g. pytorch/pytorch:latest.")
    String image;

    @Option(names = "--name", paramLabel = "NAME", description = "Template name recorded for an --image launch "
        + "(default: derived from the image).")
    String name;

    @Option(names = {"-e", "--env"}, paramLabel = "KEY=VALUE", description = "Container environment variable (repeatable).")
    List<String> env;

    @Option(names = "--port", paramLabel = "PORT", description = "Container port to expose (repeatable; the first is "
        + "the workload's HTTP port). Default: the template's port, 8000 for --image.")
    List<Integer> ports;

    @Option(names = "--disk", paramLabel = "GiB", description = "Disk size in GiB (default: the template's, else 40).")
    Double disk;

    @Option(names = "--onstart", paramLabel = "CMD", description = "Shell command run when the instance starts.")
    String onstart;

    @Option(names = "--args", arity = "1..*", paramLabel = "ARG",
        description = "Container arguments (the rest of the words up to the next option), replacing the template's.")
    List<String> args;

    @Option(names = "--offer", paramLabel = "OFFER_ID", description = "Offer id to rent (from 'dumont offers search').")
    String offer;

    @Option(names = "--query", paramLabel = "QUERY", description = "Offer query (see 'dumont offers search --help'); "
        + "the cheapest match within the price cap is rented.")
    String query;

    @Option(names = "--max-price", paramLabel = "USD", description = "Price cap in $/h; overrides the template's cap "
        + "(which otherwise applies to --query too).")
    Double maxPrice;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
        description = "Template config override (repeatable), e.g. vllm_max_model_len=4096.")
    List<String> sets;

    @Option(names = "--type", paramLabel = "TYPE", description = "on-demand (default without --offer/--query) or bid "
        + "(spot/interruptible).")
    String type;

    @Option(names = "--wait", description = "Wait until the instance runs, showing progress; exits non-zero when it "
        + "does not run within --timeout.")
    boolean waitRunning;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = Fmt.DurationConverter.class, defaultValue = "15m",
        description = "How long --wait waits in all, e.g. 90s, 15m, 1h.")
    Duration timeout;

    @Mixin Output out;

    @Override
    public void run() {
      Instant t0 = Instant.now();
      out.check();
      if (env == null) env = List.of();
      if (ports == null) ports = List.of();
      if (sets == null) sets = List.of();
      if (offer != null && query != null) throw new IllegalArgumentException("give --offer or --query, not both");
      if (template == null && image == null) {
        throw new IllegalArgumentException("give --template NAME (see 'dumont templates list') or --image IMAGE");
      }
      if (maxPrice != null && !(maxPrice > 0) || maxPrice != null && maxPrice.isInfinite()) {
        throw new IllegalArgumentException("--max-price must be a positive price in $/h, got " + Fmt.number(maxPrice));
      }
      if (disk != null && !(disk > 0 && disk <= 10_000)) {
        throw new IllegalArgumentException("--disk must be in (0, 10000] GiB, got " + Fmt.number(disk));
      }
      for (int p : ports) {
        if (p < 1 || p > 65535) throw new IllegalArgumentException("--port must be in 1..65535, got " + p);
      }
      Template t = template(CustomTemplates.resolve(template, image));
      Map<String, Object> overrides = new LinkedHashMap<>();
      for (String s : sets) {
        int eq = s.indexOf('=');
        if (eq <= 0) throw new IllegalArgumentException("--set expects KEY=VALUE, got '" + s + "'");
        overrides.put(s.substring(0, eq).trim(), s.substring(eq + 1).trim());
      }
      if (maxPrice != null) overrides.put("max_price", maxPrice);
      Template effective = TemplateCatalog.applyOverrides(t, overrides); // validates before anything is rented
      LaunchSpec.Builder b = LaunchSpec.fromTemplate(t).overrides(overrides);
      if (disk != null) b.diskGib(disk);
      if (offer != null) b.offerId(offer);
      if (query != null) {
        OfferQuery q;
        try {
          q = OfferQueries.parse(query);
        } catch (RuntimeException bad) {
          throw new IllegalArgumentException("--query: " + bad.getMessage(), bad);
        }
        Money cap = effective.maxPricePerHour();
        if (cap != null) q = q.toBuilder().maxPricePerHour(cap.doubleValue()).build();
        b.query(q);
      }
      if (type != null) b.pricingModel(OffersCommand.pricing(type));
      List<String> ids = CliContext.providers(providers);
      if (ids.size() == 1) b.providerId(ids.get(0));
      try (Dumont d = CliContext.openClient(ids)) {
        CliContext.requireCredentials(d, ids);
        Instance i;
        try {
          i = d.instances().launch(b.build());
        } catch (com.dumontcloud.sdk.exception.CapacityUnavailableException none) {
          if (query == null) throw none;
          Money cap = effective.maxPricePerHour();
          throw new IllegalStateException("no offer matches --query '" + query + "'" + (cap == null ? ""
              : " within the price cap of " + out.perHour(cap) + (maxPrice != null ? " (--max-price)"
                  : " (template " + t.name() + "; raise it with --max-price)")), none);
        }
        if (!out.machine()) {
          System.out.println("launched " + i.id() + " on " + i.providerId() + " (" + gpus(i) + ", "
              + out.perHour(i.pricePerHour()) + ", offer " + i.offerId() + ")");
        }
        if (waitRunning) i = waitRunning(d, i, timeout.minus(Duration.between(t0, Instant.now())));
        if (!out.printData(out.annotate(ModelJson.instance(i, out.view()))) && waitRunning) {
          System.out.println(i.id() + " is running at " + (i.publicIp() == null ? "-" : i.publicIp()));
        }
      }
    }

    Template template(Template base) {
      Template.Builder tb = base.toBuilder();
      if (image != null) {
        tb.image(image);
        if (template == null) {
          tb.name(name != null ? name : CustomTemplates.nameFor(image)).healthPath("/").displayName(null)
              .description("launched from the image " + image);
        }
      }
      if (env != null && !env.isEmpty()) {
        Map<String, String> e = new LinkedHashMap<>(base.env());
        for (String kv : env) {
          int eq = kv.indexOf('=');
          if (eq <= 0) throw new IllegalArgumentException("--env expects KEY=VALUE, got '" + kv + "'");
          e.put(kv.substring(0, eq).trim(), kv.substring(eq + 1));
        }
        tb.env(e);
      }
      Map<String, Object> cfg = new LinkedHashMap<>(base.config());
      if (ports != null && !ports.isEmpty()) {
        tb.port(ports.get(0));
        if (ports.size() > 1) cfg.put("ports", new ArrayList<>(ports.subList(1, ports.size())));
      }
      if (onstart != null) cfg.put("onstart", onstart);
      tb.config(cfg);
      if (args != null) tb.args(args);
      return tb.build();
    }

    /** Waits at most {@code left}; a timeout or a failure is one line and a non-zero exit, never a success. */
    static Instance waitRunning(Dumont d, Instance i, Duration left) {
      if (left.isNegative() || left.isZero()) left = Duration.ofMillis(1);
      Instant start = d.scheduler().now();
      try {
        return d.instances().waitUntilRunning(i.id(), left, x -> System.err.printf("  %s: %s after %ds%n", x.id(),
            x.state().wireName() + (x.statusMessage() == null ? "" : " (" + x.statusMessage() + ")"),
            Duration.between(start, d.scheduler().now()).toSeconds()));
      } catch (CallTimeoutException e) {
        String state;
        try {
          state = d.instances().get(i.id()).state().wireName();
        } catch (RuntimeException lookup) {
          state = "unknown";
        }
        throw new IllegalStateException("instance " + i.id() + " is not running within --timeout (still " + state
            + "; it is billed until you run 'dumont instances destroy " + i.id() + "')", e);
      }
    }
  }

  static String gpus(Instance i) {
    return i.gpu().isCpuOnly() ? "CPU only" : i.gpu().name() + " ×" + i.gpuCount();
  }

  @Command(name = "list", description = {"List instances, newest first.",
      "Instances terminated more than an hour ago are hidden unless --all."},
      footer = {"", "Examples:", "  dumont instances list", "  dumont instances list --status running --sort cost -o wide",
          "  dumont instances list --all --json"})
  static final class ListCmd extends ProviderOptions implements Runnable {
    @Option(names = "--status", paramLabel = "STATE",
        description = "Only this state: pending, provisioning, starting, running, stopping, stopped, interrupted, "
            + "failed, terminated or unknown.")
    String status;

    @Option(names = "--sort", paramLabel = "ORDER", defaultValue = "created_at",
        description = "created_at (newest first) or cost (highest $/h first).")
    String sort;

    @Option(names = {"-a", "--all"}, description = "Also show instances terminated more than an hour ago.")
    boolean all;

    @Mixin Output out;

    @Override
    public void run() {
      out.check();
      InstanceState st = null;
      if (status != null) {
        st = InstanceState.fromWire(status);
        if (st == InstanceState.UNKNOWN && !status.equalsIgnoreCase("unknown")) {
          throw new IllegalArgumentException("--status must be one of "
              + String.join(", ", java.util.Arrays.stream(InstanceState.values()).map(InstanceState::wireName).toList())
              + ", got '" + status + "'");
        }
      }
      Instances.Sort s = switch (sort.toLowerCase(java.util.Locale.ROOT)) {
        case "created_at", "created" -> Instances.Sort.CREATED_AT;
        case "cost" -> Instances.Sort.COST;
        default -> throw new IllegalArgumentException("--sort must be created_at or cost, got '" + sort + "'");
      };
      try (Dumont d = CliContext.openClient(providers)) {
        List<Instance> list = d.instances().list(st, s);
        Instant cutoff = d.scheduler().now().minus(Duration.ofHours(1));
        List<Instance> shown = all || st == InstanceState.TERMINATED ? list
            : list.stream().filter(i -> !longGone(i, cutoff)).toList();
        if (out.printData(ModelJson.instances(shown, out.view()).stream().map(out::annotate).toList())) return;
        if (shown.isEmpty()) System.out.println("no instances (launch one with: dumont instances launch --template budget)");
        else table(shown, out).print(System.out, out.wide());
        int hidden = list.size() - shown.size();
        if (hidden > 0) System.out.println(hidden + " terminated more than an hour ago not shown (--all shows them)");
      }
    }

    static boolean longGone(Instance i, Instant cutoff) {
      if (i.state() != InstanceState.TERMINATED) return false;
      Instant end = i.stoppedAt() != null ? i.stoppedAt() : i.startedAt() != null ? i.startedAt() : i.createdAt();
      return end != null && end.isBefore(cutoff);
    }

    static Table table(List<Instance> list, Output out) {
      Table t = new Table("ID", "PROVIDER", "STATUS", "GPU", "PRICE/H", "TYPE", "REGION", "TEMPLATE", "IMAGE", "PUBLIC IP",
          "CREATED").shrink("TEMPLATE", "IMAGE").wideOnly("IMAGE", "PUBLIC IP");
      for (Instance i : list) {
        t.row(i.id(), i.providerId(), i.state().wireName(), gpus(i), out.money(i.pricePerHour()),
            ModelJson.machineType(i.pricingModel()), i.location().region(), i.templateName(), i.image(), i.publicIp(),
            Fmt.time(i.createdAt()));
      }
      return t;
    }
  }

  @Command(name = "show", description = "Show one instance (found on whichever configured provider has it).")
  static final class Show extends ProviderOptions implements Runnable {
    @Parameters(paramLabel = "ID", description = "Instance id.")
    String id;

    @Mixin Output out;

    @Override
    public void run() {
      out.check();
      try (Dumont d = CliContext.openClient(providers)) {
        Instance i = CliContext.find(d, id);
        if (out.printData(out.annotate(ModelJson.instance(i, out.view())))) return;
        Table.Fields f = new Table.Fields();
        f.add("id", i.id()).add("provider", i.providerId())
            .add("status", i.state().wireName() + (i.rawStatus() != null && !i.rawStatus().equals(i.state().wireName())
                ? " (provider: " + i.rawStatus() + ")" : ""))
            .add("message", i.statusMessage())
            .add("gpu", gpus(i) + (i.gpuRamGib() > 0 ? ", " + Fmt.number(ModelJson.round(i.gpuRamGib(), 1)) + " GiB each" : ""))
            .add("price", out.perHour(i.pricePerHour()) + " " + ModelJson.machineType(i.pricingModel()))
            .add("location", Fmt.join(java.util.stream.Stream.of(i.location().region(), i.location().country())
                .filter(java.util.Objects::nonNull).toList()))
            .add("host", i.hostId()).add("public ip", i.publicIp())
            .add("ssh", i.sshHost() == null ? null : i.sshHost() + ":" + i.sshPort())
            .add("ports", Fmt.join(i.ports().stream().map(InstancesCommand::port).toList()))
            .add("image", i.image()).add("template", i.templateName()).add("offer", i.offerId())
            .add("labels", Fmt.pairs(new java.util.TreeMap<>(i.labels())))
            .add("created", Fmt.time(i.createdAt())).add("started", Fmt.time(i.startedAt()))
            .add("stopped", Fmt.time(i.stoppedAt()));
        f.print(System.out);
      }
    }
  }

  static String port(PortMapping p) {
    return p.containerPort() + "/" + p.protocol() + " → " + (p.hostIp() == null ? "" : p.hostIp() + ":") + p.hostPort();
  }

  @Command(name = "cost", description = "Cost analysis of one instance: rate, uptime, total, daily and monthly estimates.")
  static final class Cost extends ProviderOptions implements Runnable {
    @Parameters(paramLabel = "ID", description = "Instance id.")
    String id;

    @Mixin Output out;

    @Override
    public void run() {
      out.check();
      try (Dumont d = CliContext.openClient(providers)) {
        CliContext.find(d, id);
        CostAnalysis c = d.costs().analyze(id);
        if (out.printData(out.annotate(ModelJson.costAnalysis(c, out.view())))) return;
        new Table.Fields().add("instance", c.instanceId()).add("hourly rate", out.perHour(c.costPerHour()))
            .add("uptime", Fmt.duration(Duration.ofMillis(Math.round(c.uptimeHours() * 3_600_000))))
            .add("total cost", out.money(c.totalCost()))
            .add("estimated daily", out.money(c.estimatedDailyCost()))
            .add("estimated monthly", out.money(c.estimatedMonthlyCost()) + " (720 h)")
            .print(System.out);
      }
    }
  }

  /** start, stop and destroy: one instance id, one action, one line of output. */
  abstract static class Action extends ProviderOptions implements Runnable {
    @Parameters(paramLabel = "ID", description = "Instance id.")
    String id;

    abstract void act(Instances instances, String instanceId);

    abstract String done();

    @Override
    public void run() {
      try (Dumont d = CliContext.openClient(providers)) {
        CliContext.find(d, id); // a one-line "no instance" across the providers in use
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

  @Command(name = "destroy", description = {"Destroy an instance and its disk.",
      "Idempotent: destroying an instance that is already destroyed (or that the",
      "provider no longer lists) succeeds and says so."})
  static final class Destroy extends ProviderOptions implements Runnable {
    @Parameters(paramLabel = "ID", description = "Instance id.")
    String id;

    @Override
    public void run() {
      try (Dumont d = CliContext.openClient(providers)) {
        Instance i;
        try {
          i = CliContext.find(d, id);
        } catch (CliContext.InstanceNotFound gone) {
          // marketplaces forget destroyed instances: a second destroy finds nothing, which is what it wanted
          System.out.println(id + " not found on " + String.join(", ", d.providerIds())
              + ": already destroyed (or never existed); nothing to do");
          return;
        }
        if (i.state() == InstanceState.TERMINATED) {
          System.out.println(id + " is already destroyed");
          return;
        }
        try {
          d.provider(i.providerId()).terminate(id);
        } catch (NotFoundException gone) {
          System.out.println(id + " is already destroyed");
          return;
        }
        System.out.println("destroyed " + id);
      }
    }
  }
}
