package com.dumontcloud.cli;

import com.dumontcloud.cli.endpoints.EndpointTables;
import com.dumontcloud.cli.endpoints.EndpointsSession;
import com.dumontcloud.sdk.catalog.TemplateCatalog;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.serverless.Endpoint;
import com.dumontcloud.sdk.serverless.EndpointSpec;
import com.dumontcloud.sdk.serverless.MachineType;
import com.dumontcloud.sdk.serverless.openai.ChatRequest;
import com.dumontcloud.sdk.serverless.openai.CompletionStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dumont endpoints create|list|show|delete|stats|invoke}: serverless model endpoints. */
@Command(name = "endpoints", description = "Serverless model endpoints: autoscaling 0..N on spot capacity.",
    mixinStandardHelpOptions = true,
    subcommands = {EndpointsCommand.Create.class, EndpointsCommand.ListCmd.class, EndpointsCommand.Show.class,
        EndpointsCommand.Delete.class, EndpointsCommand.Stats.class, EndpointsCommand.Invoke.class})
public final class EndpointsCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("error: missing subcommand (create, list, show, delete, stats, invoke)");
    return 2;
  }

  /** Run a body with one-line errors and an exit code; never a stack trace. */
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

  @Command(name = "create", description = "Create an endpoint for a model template.", mixinStandardHelpOptions = true)
  static final class Create implements Callable<Integer> {
    @Option(names = "--template", required = true, description = "model template, e.g. qwen2.5-0.5b") String template;
    @Option(names = "--name", description = "display name") String name;
    @Option(names = "--min", defaultValue = "0", description = "minimum replicas (0 allows scale-to-zero)") int min;
    @Option(names = "--max", defaultValue = "5", description = "maximum replicas") int max;
    @Option(names = "--machine-type", defaultValue = "spot", description = "spot, on-demand or auto") String machineType;
    @Option(names = "--gpu", description = "GPU model, e.g. \"RTX 3080\"") String gpu;
    @Option(names = "--region", split = ",", description = "allowed regions (US, EU, ASIA)") List<String> regions;
    @Option(names = "--idle-timeout", defaultValue = "300", description = "seconds idle before scale-to-zero") long idle;
    @Option(names = "--spot-extra", defaultValue = "0", description = "spare spot replicas (hedging)") int spotExtra;
    @Option(names = "--provider", description = "provider id (default sim)") List<String> providers;
    @Option(names = "--json", description = "print JSON") boolean json;

    @Override
    public Integer call() {
      return guarded(() -> {
        if (ServedCommands.createEndpoint(template, name, min, max, machineType, gpu, regions, idle, providers, json)) {
          return 0;
        }
        Template t = TemplateCatalog.find(template).orElseThrow(() -> new IllegalArgumentException(
            "unknown template '" + template + "'; known: " + String.join(", ",
                TemplateCatalog.all().stream().filter(x -> x.port() > 0).map(Template::name).toList())));
        EndpointSpec.Builder b = EndpointSpec.builder(t).replicas(min, max).machineType(MachineType.parse(machineType))
            .idleTimeout(Duration.ofSeconds(idle)).spotExtra(spotExtra);
        if (name != null) b.name(name);
        if (gpu != null) b.gpuName(gpu);
        if (regions != null) b.regions(regions);
        if (providers != null && providers.size() == 1) b.providerId(providers.get(0));
        try (EndpointsSession s = new EndpointsSession(providers, false)) {
          Endpoint e = s.endpoints().create(b.build());
          if (json) CliContext.printJson(e.toJson()); else {
            System.out.println("created " + e.id() + " (" + e.status().wireName() + ")");
            EndpointTables.show(System.out, e);
          }
        }
        return 0;
      });
    }
  }

  @Command(name = "list", description = "List endpoints.", mixinStandardHelpOptions = true)
  static final class ListCmd implements Callable<Integer> {
    @Option(names = "--provider") List<String> providers;
    @Option(names = "--json") boolean json;

    @Override
    public Integer call() {
      return guarded(() -> {
        if (ServedCommands.listEndpoints(json)) return 0;
        try (EndpointsSession s = new EndpointsSession(providers, false)) {
          s.endpoints().reconcileNow();
          List<Endpoint> eps = s.endpoints().list();
          if (json) {
            List<Object> out = new ArrayList<>();
            eps.forEach(e -> out.add(e.toJson()));
            CliContext.printJson(java.util.Map.of("endpoints", out));
          } else {
            EndpointTables.list(System.out, eps);
          }
        }
        return 0;
      });
    }
  }

  @Command(name = "show", description = "Show one endpoint.", mixinStandardHelpOptions = true)
  static final class Show implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID") String id;
    @Option(names = "--provider") List<String> providers;
    @Option(names = "--json") boolean json;

    @Override
    public Integer call() {
      return guarded(() -> {
        if (ServedCommands.showEndpoint(id, json)) return 0;
        try (EndpointsSession s = new EndpointsSession(providers, false)) {
          s.endpoints().get(id);
          s.endpoints().reconcileNow();
          Endpoint e = s.endpoints().get(id);
          if (json) CliContext.printJson(e.toJson()); else EndpointTables.show(System.out, e);
        }
        return 0;
      });
    }
  }

  @Command(name = "delete", description = "Delete an endpoint and terminate its replicas.", mixinStandardHelpOptions = true)
  static final class Delete implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID") String id;
    @Option(names = "--provider") List<String> providers;

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
    @Parameters(index = "0", arity = "0..1", paramLabel = "ID") String id;
    @Option(names = "--provider") List<String> providers;
    @Option(names = "--json") boolean json;

    @Override
    public Integer call() {
      return guarded(() -> {
        if (ServedCommands.endpointStats(id, json)) return 0;
        try (EndpointsSession s = new EndpointsSession(providers, false)) {
          if (id != null) s.endpoints().get(id);
          s.endpoints().reconcileNow();
          if (id != null) {
            var st = s.endpoints().stats(id);
            if (json) CliContext.printJson(st.toJson()); else EndpointTables.stats(System.out, st);
          } else {
            var st = s.endpoints().stats();
            if (json) CliContext.printJson(st.toJson()); else EndpointTables.stats(System.out, st);
          }
        }
        return 0;
      });
    }
  }

  @Command(name = "invoke", description = "Send a chat completion through the router; the answer streams to stdout.",
      mixinStandardHelpOptions = true)
  static final class Invoke implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID") String id;
    @Option(names = "--prompt", required = true) String prompt;
    @Option(names = "--max-tokens", defaultValue = "32") int maxTokens;
    @Option(names = "--provider") List<String> providers;

    @Override
    public Integer call() {
      return guarded(() -> {
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
