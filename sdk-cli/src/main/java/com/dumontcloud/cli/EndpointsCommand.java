package com.dumontcloud.cli;

import com.dumontcloud.cli.endpoints.EndpointTables;
import com.dumontcloud.cli.endpoints.EndpointsSession;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.serverless.Endpoint;
import com.dumontcloud.sdk.serverless.EndpointSpec;
import com.dumontcloud.sdk.serverless.MachineType;
import com.dumontcloud.sdk.serverless.openai.ChatRequest;
import com.dumontcloud.sdk.serverless.openai.CompletionStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dumont endpoints create|list|show|delete|stats|invoke}: serverless model endpoints. */
@Command(name = "endpoints", description = "Serverless model endpoints: autoscaling 0..N on spot capacity.",
    mixinStandardHelpOptions = true,
    subcommands = {EndpointsCommand.Create.class, EndpointsCommand.ListCmd.class, EndpointsCommand.Show.class,
        EndpointsCommand.Delete.class, EndpointsCommand.Stats.class, EndpointsCommand.Invoke.class})
public final class EndpointsCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    System.err.println("error: missing subcommand (create, list, show, delete, stats, invoke); see 'dumont endpoints --help'");
    return 2;
  }

  static final String PROVIDER_HELP = "Provider: ${COMPLETION-CANDIDATES} (repeatable or comma-separated; default: the "
      + "current context's providers, else sim).";

  /** Run a subcommand body; errors go to {@link DumontCli}'s handler (one line, stack trace with --debug). */
  static int guarded(Callable<Integer> body) {
    try {
      return body.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  @Command(name = "create", description = {"Create a serverless endpoint for a model template.",
      "0..N replicas on spot or on-demand capacity behind one OpenAI-compatible",
      "router; with --min 0, replicas start on the first request."},
      footer = {"", "Examples:", "  dumont endpoints create --template qwen2.5-0.5b --max 5 --machine-type spot",
          "  dumont endpoints create --template qwen2.5-7b --gpu \"RTX 4090\" \\",
          "      --region US,EU --idle-timeout 10m",
          "  VAST_API_KEY=... dumont endpoints create --template qwen2.5-0.5b -p vast"})
  static final class Create implements Callable<Integer> {
    @Option(names = "--template", required = true, paramLabel = "NAME",
        description = "Model template (built-in or yours), e.g. qwen2.5-0.5b.") String template;
    @Option(names = "--name", paramLabel = "NAME", description = "Display name.") String name;
    @Option(names = "--min", paramLabel = "N", defaultValue = "0",
        description = "Minimum replicas (0 allows scale-to-zero).") int min;
    @Option(names = "--max", paramLabel = "N", defaultValue = "5", description = "Maximum replicas.") int max;
    @Option(names = "--machine-type", paramLabel = "TYPE", defaultValue = "spot",
        description = "spot, on-demand or auto.") String machineType;
    @Option(names = "--gpu", paramLabel = "GPU", description = "GPU model, e.g. \"RTX 3080\".") String gpu;
    @Option(names = "--region", paramLabel = "REGION", split = ",",
        description = "Allowed regions (US, EU, ASIA), comma-separated.") List<String> regions;
    @Option(names = "--idle-timeout", paramLabel = "DURATION", defaultValue = "300s",
        converter = Fmt.DurationConverter.class, description = "Idle time before scaling to zero, e.g. 300s, 10m.")
    Duration idle;
    @Option(names = "--spot-extra", paramLabel = "N", defaultValue = "0", description = "Spare spot replicas (hedging).")
    int spotExtra;
    @Option(names = {"-l", "--label"}, paramLabel = "KEY=VALUE", description = "A label on every replica's "
        + "instance, e.g. cost-center=42 (repeat for more; keys starting with dumont- are reserved).")
    List<String> labelArgs;
    @Option(names = {"-p", "--provider"}, paramLabel = "ID", completionCandidates = DumontCli.ProviderIds.class,
        description = PROVIDER_HELP) List<String> providers;
    @Mixin Output out;

    @Override
    public Integer call() {
      return guarded(() -> {
        out.check();
        Map<String, String> labels = labels(labelArgs);
        if (min < 0 || max < 1 || min > max || max > 100) {
          throw new IllegalArgumentException("--min and --max must satisfy 0 <= min <= max, 1 <= max <= 100; got --min "
              + min + " --max " + max);
        }
        if (spotExtra < 0) throw new IllegalArgumentException("--spot-extra must be 0 or more, got " + spotExtra);
        Template t = CustomTemplates.find(template).filter(x -> x.port() > 0).orElseThrow(() ->
            new IllegalArgumentException("--template: unknown serving template '" + template + "'; known: "
                + String.join(", ", CustomTemplates.all().stream().filter(x -> x.port() > 0).map(Template::name).toList())));
        MachineType mt;
        try {
          mt = MachineType.parse(machineType);
        } catch (RuntimeException bad) {
          throw new IllegalArgumentException("--machine-type: " + bad.getMessage(), bad);
        }
        if (ServedCommands.createEndpoint(template, name, min, max, machineType, gpu, regions, idle.toSeconds(),
            spotExtra, labels, providers, out)) {
          return 0;
        }
        EndpointSpec.Builder b = EndpointSpec.builder(t).replicas(min, max).machineType(mt)
            .idleTimeout(idle).spotExtra(spotExtra);
        if (name != null) b.name(name);
        if (gpu != null) b.gpuName(gpu);
        if (regions != null) b.regions(regions);
        b.labels(labels);
        List<String> ids = CliContext.providers(providers);
        if (ids.size() == 1) b.providerId(ids.get(0));
        EndpointSpec spec;
        try {
          spec = b.build();
        } catch (IllegalArgumentException bad) {
          throw new IllegalArgumentException(bad.getMessage().startsWith("labels:")
              ? "--label" + bad.getMessage().substring("labels".length()) : bad.getMessage(), bad);
        }
        try (EndpointsSession s = new EndpointsSession(ids, false)) {
          CliContext.requireCredentials(s.dumont(), ids);
          Endpoint e = s.endpoints().create(spec);
          if (!out.printData(out.annotate(e.toJson(out.view())))) {
            System.out.println("created " + e.id() + " (" + e.status().wireName() + ")");
            EndpointTables.show(System.out, e, out::money);
          }
        }
        return 0;
      });
    }
  }

  /** {@code --label KEY=VALUE} flags as a map, in the order given; one line naming the flag for a bad one. */
  static Map<String, String> labels(List<String> args) {
    Map<String, String> out = new LinkedHashMap<>();
    if (args == null) return out;
    for (String a : args) {
      int eq = a.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--label: '" + a + "' is not KEY=VALUE, e.g. --label cost-center=42");
      }
      String k = a.substring(0, eq).strip();
      String v = a.substring(eq + 1).strip();
      if (k.isEmpty()) throw new IllegalArgumentException("--label: '" + a + "' has no key, e.g. --label cost-center=42");
      String was = out.put(k, v);
      if (was != null && !was.equals(v)) {
        throw new IllegalArgumentException("--label: " + k + " is given twice (" + was + " and " + v + "); give it once");
      }
    }
    return out;
  }

  @Command(name = "list", description = "List endpoints.", mixinStandardHelpOptions = true)
  static final class ListCmd implements Callable<Integer> {
    @Option(names = {"-p", "--provider"}, paramLabel = "ID", completionCandidates = DumontCli.ProviderIds.class,
        description = PROVIDER_HELP) List<String> providers;
    @Mixin Output out;

    @Override
    public Integer call() {
      return guarded(() -> {
        out.check();
        if (ServedCommands.listEndpoints(out)) return 0;
        try (EndpointsSession s = new EndpointsSession(providers, false)) {
          s.endpoints().reconcileNow();
          List<Endpoint> eps = s.endpoints().list();
          List<Object> tree = new ArrayList<>();
          eps.forEach(e -> tree.add(e.toJson(out.view())));
          if (!out.printData(out.annotate(java.util.Map.of("endpoints", tree)))) {
            EndpointTables.list(System.out, eps, out::money);
          }
        }
        return 0;
      });
    }
  }

  @Command(name = "show", description = "Show one endpoint.", mixinStandardHelpOptions = true)
  static final class Show implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID", description = "Endpoint id.") String id;
    @Option(names = {"-p", "--provider"}, paramLabel = "ID", completionCandidates = DumontCli.ProviderIds.class,
        description = PROVIDER_HELP) List<String> providers;
    @Mixin Output out;

    @Override
    public Integer call() {
      return guarded(() -> {
        out.check();
        if (ServedCommands.showEndpoint(id, out)) return 0;
        try (EndpointsSession s = new EndpointsSession(providers, false)) {
          s.endpoints().get(id);
          s.endpoints().reconcileNow();
          Endpoint e = s.endpoints().get(id);
          if (!out.printData(out.annotate(e.toJson(out.view())))) EndpointTables.show(System.out, e, out::money);
        }
        return 0;
      });
    }
  }

  @Command(name = "delete", description = "Delete an endpoint and terminate its replicas.", mixinStandardHelpOptions = true)
  static final class Delete implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID", description = "Endpoint id.") String id;
    @Option(names = {"-p", "--provider"}, paramLabel = "ID", completionCandidates = DumontCli.ProviderIds.class,
        description = PROVIDER_HELP) List<String> providers;

    @Override
    public Integer call() {
      return guarded(() -> {
        if (ServedCommands.deleteEndpoint(id)) return 0;
        try (EndpointsSession s = new EndpointsSession(providers, false)) {
          s.endpoints().delete(id);
          System.out.println("deleted " + id);
        }
        return 0;
      });
    }
  }

  @Command(name = "stats", description = "Statistics over 24 h (all endpoints, or one).", mixinStandardHelpOptions = true)
  static final class Stats implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "Endpoint id (none: all endpoints).")
    String id;
    @Option(names = {"-p", "--provider"}, paramLabel = "ID", completionCandidates = DumontCli.ProviderIds.class,
        description = PROVIDER_HELP) List<String> providers;
    @Mixin Output out;

    @Override
    public Integer call() {
      return guarded(() -> {
        out.check();
        if (ServedCommands.endpointStats(id, out)) return 0;
        try (EndpointsSession s = new EndpointsSession(providers, false)) {
          if (id != null) s.endpoints().get(id);
          s.endpoints().reconcileNow();
          if (id != null) {
            var st = s.endpoints().stats(id);
            if (!out.printData(out.annotate(st.toJson(out.view())))) EndpointTables.stats(System.out, st, out::money);
          } else {
            var st = s.endpoints().stats();
            if (!out.printData(out.annotate(st.toJson(out.view())))) EndpointTables.stats(System.out, st, out::money);
          }
        }
        return 0;
      });
    }
  }

  @Command(name = "invoke", description = "Send a chat completion through the router; the answer streams to stdout.",
      mixinStandardHelpOptions = true)
  static final class Invoke implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID", description = "Endpoint id.") String id;
    @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "The user message.") String prompt;
    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "32", description = "Most tokens to generate.")
    int maxTokens;
    @Option(names = {"-p", "--provider"}, paramLabel = "ID", completionCandidates = DumontCli.ProviderIds.class,
        description = PROVIDER_HELP) List<String> providers;

    @Override
    public Integer call() {
      return guarded(() -> {
        if (maxTokens < 1) throw new IllegalArgumentException("--max-tokens must be 1 or more, got " + maxTokens);
        if (ServedCommands.invokeEndpoint(id, prompt, maxTokens)) return 0;
        try (EndpointsSession s = new EndpointsSession(providers, true)) {
          Endpoint e = s.endpoints().get(id);
          if (e.readyReplicas() == 0) System.err.println("endpoint " + id + " is " + e.status().wireName()
              + "; waiting for a replica (cold start)...");
          String model = e.spec().template().modelId() != null ? e.spec().template().modelId() : e.spec().template().name();
          try (CompletionStream stream = s.endpoints().client(id)
              .chatStream(ChatRequest.of(model, prompt).withMaxTokens(maxTokens))) {
            for (String data : stream) {
              System.out.print(CompletionStream.deltaText(data));
              System.out.flush();
            }
          }
          System.out.println();
        }
        return 0;
      });
    }
  }
}
