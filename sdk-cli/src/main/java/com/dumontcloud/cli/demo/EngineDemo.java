package com.dumontcloud.cli.demo;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.audit.AuditSink;
import com.dumontcloud.sdk.catalog.TemplateCatalog;
import com.dumontcloud.sdk.engine.CostReport;
import com.dumontcloud.sdk.engine.DeploymentSpec;
import com.dumontcloud.sdk.engine.DeploymentStatus;
import com.dumontcloud.sdk.engine.EngineEvent;
import com.dumontcloud.sdk.engine.FailoverPolicy;
import com.dumontcloud.sdk.engine.HibernationPolicy;
import com.dumontcloud.sdk.engine.Orchestrator;
import com.dumontcloud.sdk.engine.SpotPolicy;
import com.dumontcloud.sdk.engine.StandbyPolicy;
import com.dumontcloud.sdk.engine.WarmPoolPolicy;
import com.dumontcloud.sdk.engine.store.StateStore;
import com.dumontcloud.sdk.spi.support.JsonCodec;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.model.TemplateCategory;
import com.dumontcloud.sdk.testkit.BootProfile;
import com.dumontcloud.sdk.testkit.SimulatedCloud;
import com.dumontcloud.sdk.testkit.VirtualScheduler;
import com.dumontcloud.sdk.engine.CheckpointSpec;
import com.dumontcloud.sdk.engine.HealthProbe;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.objectstore.ObjectStoreDataSync;
import com.dumontcloud.sdk.remote.ExecResult;
import com.dumontcloud.sdk.serverless.EndpointClient;
import com.dumontcloud.sdk.testkit.modelserver.ModelServerWorkloads;
import com.dumontcloud.sdk.testkit.s3.InProcessS3;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import com.dumontcloud.sdk.pricing.CurrencyView;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The story of {@code ./dumont demo}, on the simulated cloud in virtual time, with no credentials: offer
 * search across regions, a Qwen 2.5 0.5B service with a warm pool and a CPU standby, requests served, an
 * injected spot interruption, detection, failover with phase timings, hibernation of an idle replica, and a cost
 * report against all-on-demand. Human output is a timeline; JSON output is an object with {@code events}.
 */
public final class EngineDemo {
  private static final String DEPLOYMENT = "qwen-chat";

  private final PrintStream out;
  private final boolean json;
  private final VirtualScheduler time = VirtualScheduler.create();
  private final Instant t0 = time.now();
  private final List<EngineEvent> events = new ArrayList<>();
  private final List<Map<String, Object>> timeline = new ArrayList<>();
  private long requests;
  private long servedByStandby;
  private long servedByPrimary;
  private long failedRequests;
  /** Data loss of each completed failover (by the replacement instance), measured from its restored records. */
  private final Map<String, Double> dataLoss = new HashMap<>();
  private final Map<String, Instant> lostAt = new HashMap<>();
  /** What the demo shows that did not happen; any entry makes the demo exit non-zero. */
  private final List<String> failures = new ArrayList<>();
  private final Consumer<SimulatedCloud> beforeInterruption;
  /** The currency the demo shows money in (the simulated cloud bills US dollars, as the real providers do). */
  private final CurrencyView view;
  private static final String BUCKET = "dumont-demo";
  private static final Map<String, Object> CHAT = Map.of("model", "Qwen/Qwen2.5-0.5B-Instruct", "messages",
      List.of(Map.of("role", "user", "content", "Say hello")), "max_tokens", 8);

  private EngineDemo(PrintStream out, boolean json, CurrencyView view, Consumer<SimulatedCloud> beforeInterruption) {
    this.out = out;
    this.json = json;
    this.view = view;
    this.beforeInterruption = beforeInterruption;
  }

  /** Run the demo; returns the process exit code (0 on success). */
  public static int run(PrintStream out, boolean json, long seed) {
    return run(out, json, seed, CurrencyView.usd());
  }

  /**
   * Run showing money in {@code view}'s currency: the timeline's prices and the cost report, and in the JSON form
   * {@code offers[].price_per_hour} and {@code cost_report}'s amounts, converted and rounded once. The engine's
   * events in {@code events} are its own records and stay in US dollars.
   */
  public static int run(PrintStream out, boolean json, long seed, CurrencyView view) {
    return new EngineDemo(out, json, view, cloud -> { }).play(seed);
  }

  /**
   * Run with a hook on the simulated cloud right before the first injected interruption (tests use it to break
   * the failover and check that the demo then fails instead of telling its story anyway).
   */
  static int run(PrintStream out, boolean json, long seed, Consumer<SimulatedCloud> beforeInterruption) {
    return new EngineDemo(out, json, CurrencyView.usd(), beforeInterruption).play(seed);
  }

  /** Record what the demo claims; a claim that did not happen fails the demo at the end. */
  private boolean check(boolean happened, String expected) {
    if (!happened) {
      failures.add(expected);
      note("failed", "demo FAILED: expected " + expected + ", but it did not happen");
    }
    return happened;
  }

  private static Template template() {
    return TemplateCatalog.find("qwen2.5-0.5b").orElseGet(() -> Template
        .builder("qwen2.5-0.5b", "vllm/vllm-openai:latest").displayName("Qwen 2.5 0.5B")
        .description("vLLM serving Qwen/Qwen2.5-0.5B-Instruct (OpenAI-compatible API)")
        .category(TemplateCategory.LLM).port(8000).healthPath("/health").modelId("Qwen/Qwen2.5-0.5B-Instruct")
        .minGpuRamGib(8).vramRequiredGib(2).recommendedGpu("RTX 3090")
        .config(Map.of("vllm_model_name", "Qwen/Qwen2.5-0.5B-Instruct")).build());
  }

  private int play(long seed) {
    Path work;
    try {
      work = Files.createTempDirectory("dumont-demo-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the demo's temporary directory", e);
    }
    try {
      return play(seed, work);
    } finally {
      deleteTree(work);
    }
  }

  private int play(long seed, Path work) {
    Template t = template();
    SimulatedCloud cloud = SimulatedCloud.builder().scheduler(time).seed(seed).bootProfile(BootProfile.defaults())
        .hostsDirectory(work.resolve("hosts")).build();
    try (InProcessS3 s3 = InProcessS3.builder().directory(work.resolve("bucket")).build();
        ModelServerWorkloads stubs = ModelServerWorkloads.attach(cloud, t);
        Dumont dumont = Dumont.builder().provider("sim").scheduler(time).providerFactories(List.of(cloud.factory()))
            .home(work.resolve("home")).auditSink(AuditSink.none()).build();
        ObjectStoreDataSync data = ObjectStoreDataSync.builder(dumont).credentials(s3.accessKey(), s3.secretKey())
            .build()) {
      s3.createBucket(BUCKET);
      Orchestrator engine = Orchestrator.builder(dumont).scheduler(time).stateStore(StateStore.inMemory())
          // probes are real HTTP under virtual time: a generous timeout, so a loaded machine does not fail one
          .engineId("demo").healthProbe(HealthProbe.http(Duration.ofSeconds(10))).dataSync(data)
          .actionWait(Duration.ofSeconds(60)) // real SSH and S3 I/O under virtual time: ticks wait for it
          .listener(this::onEvent).build();
      EndpointClient client = EndpointClient.forDeployment(engine, DEPLOYMENT);

      // 1. offers across regions
      note("search", "searching spot offers for " + t.displayName() + " (>= " + (int) t.minGpuRamGib() + " GiB GPU memory)");
      List<Offer> offers = dumont.offers().search(OfferQuery.builder().minGpuRamGib(t.minGpuRamGib())
          .pricingModel(PricingModel.SPOT).build()).offers();
      Map<String, Offer> cheapest = new TreeMap<>();
      for (Offer o : offers) {
        if (o.gpu().isCpuOnly() || o.pricingModel() != PricingModel.SPOT || o.gpuRamGib() < t.minGpuRamGib()) continue;
        Offer c = cheapest.get(o.location().region());
        if (c == null || o.pricePerHour().compareTo(c.pricePerHour()) < 0) cheapest.put(o.location().region(), o);
      }
      List<Map<String, Object>> offerJson = new ArrayList<>();
      for (Offer o : cheapest.values()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("region", o.location().region());
        m.put("offer", o.id());
        m.put("gpu", o.gpu().name());
        m.put("price_per_hour", view.usdFigure(o.pricePerHour().doubleValue(), 4));
        m.put("host", o.hostId());
        offerJson.add(m);
        note("offer", String.format(Locale.ROOT, "  cheapest in %-4s %-10s %-24s %s/h spot", o.location().region(),
            o.gpu().name(), o.id(), money(view, o.pricePerHour().doubleValue())));
      }

      // 2. the service
      engine.start();
      engine.apply(DeploymentSpec.builder(DEPLOYMENT, t).replicas(2).spotPolicy(SpotPolicy.AUTO)
          .warmPool(WarmPoolPolicy.of(1, WarmPoolPolicy.Mode.STOPPED)).standby(StandbyPolicy.cpuSpot())
          .checkpoint(CheckpointSpec.of("s3://" + BUCKET + "/checkpoints", "state").endpoint(s3.endpoint().toString())
              .region(s3.region()).keep(5))
          .checkpointInterval(Duration.ofMinutes(2)).hibernation(HibernationPolicy.defaults())
          .failover(FailoverPolicy.defaults()).label("team", "demo").build());
      note("apply", "deployment " + DEPLOYMENT + ": 2 replicas of " + t.name() + " (" + t.image() + ", port " + t.port()
          + t.healthPath() + "), warm pool 1 (stopped, other host/region), CPU standby (" + t.cpuFallback().image()
          + "), checkpoints of ./state every 2 min to s3://" + BUCKET + "/checkpoints (in-process S3 server at "
          + s3.endpoint() + ", presigned URLs over real SSH)");
      advanceUntil(() -> ready(engine), Duration.ofMinutes(10));
      check(ready(engine), "both replicas healthy within 10 min of virtual time");
      note("ready", "service healthy: " + describe(engine));

      // 3. requests, over HTTP to the replicas' model servers
      serve(engine, client, Duration.ofMinutes(6));

      // 4. spot interruption
      String victim = slot(engine, "r0").instanceId();
      note("inject", "injecting a spot interruption of " + victim + " (replica r0)");
      lostAt.put(victim, time.now());
      beforeInterruption.accept(cloud);
      cloud.interrupt(victim);
      int completedBefore = count(EngineEvent.FailoverCompleted.class);
      advanceUntil(() -> count(EngineEvent.FailoverCompleted.class) > completedBefore, Duration.ofMinutes(10));
      if (!check(count(EngineEvent.FailoverCompleted.class) > completedBefore,
          "a completed failover within 10 min of the interruption of " + victim)) {
        return finish(engine);
      }
      measureDataLoss(dumont);
      serve(engine, client, Duration.ofMinutes(3));

      // 5. both GPU replicas lost at once: the CPU standby serves until a GPU is back
      String a = slot(engine, "r0").instanceId();
      String b = slot(engine, "r1").instanceId();
      note("inject", "injecting the loss of both GPU replicas (" + a + ", " + b + "): the CPU standby takes the traffic");
      lostAt.put(a, time.now());
      lostAt.put(b, time.now());
      cloud.interrupt(a);
      cloud.interrupt(b);
      int before2 = count(EngineEvent.FailoverCompleted.class);
      long standbyBefore = servedByStandby;
      for (int i = 0; i < 600 && count(EngineEvent.FailoverCompleted.class) < before2 + 2; i += 5) {
        time.advanceBy(Duration.ofSeconds(5));
        request(client, 2);
      }
      note("traffic", "while no GPU replica was healthy, " + (servedByStandby - standbyBefore)
          + " requests were answered by the CPU standby over HTTP (header X-Dumont-Served-By: degraded)");
      check(count(EngineEvent.FailoverCompleted.class) >= before2 + 2,
          "two completed failovers within 10 min after the loss of both GPU replicas");
      check(servedByStandby > standbyBefore, "requests answered by the CPU standby while no GPU replica was healthy");
      measureDataLoss(dumont);
      serve(engine, client, Duration.ofMinutes(2));

      // 6. an idle replica hibernates, driven by the provider's GPU utilisation signal
      String idleOne = slot(engine, "r1").instanceId();
      cloud.gpuUtilisation(idleOne, 0.02);
      note("idle", "replica r1 (" + idleOne + ") reports 2 % GPU utilisation (the provider's Utilisation signal; "
          + "hibernation: < 5 % for 3 min -> checkpoint, then stop)");
      int hib = count(EngineEvent.Hibernated.class);
      advanceUntil(() -> count(EngineEvent.Hibernated.class) > hib, Duration.ofMinutes(6));
      check(count(EngineEvent.Hibernated.class) > hib, "the idle replica hibernated within 6 min");
      serve(engine, client, Duration.ofMinutes(2));

      // 6. cost
      CostReport cost = engine.costReport();
      double spend = cost.totalUsd();
      double od = cost.onDemandUsd();
      Map<String, Object> costJson = new LinkedHashMap<>();
      costJson.put("spend", view.usdFigure(round(spend), 4));
      costJson.put("on_demand", view.usdFigure(round(od), 4));
      costJson.put("savings_percent", round(cost.savings() * 100));
      costJson.put("provider_billed", view.usdFigure(round(cloud.accruedCost().doubleValue()), 4));
      costJson.put("virtual_duration", Duration.between(t0, time.now()).toSeconds());
      note("cost", String.format(Locale.ROOT, "cost report: spent %s; all on-demand would have cost %s "
          + "(%.0f %% saved); provider billed %s over %s of virtual time", money(view, spend), money(view, od),
          cost.savings() * 100, money(view, cloud.accruedCost().doubleValue()), hms(Duration.between(t0, time.now()))));
      List<Map<String, Object>> stored = checkpointsJson(data, engine);
      note("checkpoints", stored.size() + " checkpoint versions kept in s3://" + BUCKET + "/checkpoints (retention 5), "
          + "newest " + (stored.isEmpty() ? "-" : stored.get(stored.size() - 1).get("url")));
      engine.delete(DEPLOYMENT);
      engine.close();
      if (json) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("deployment", DEPLOYMENT);
        root.put("offers", offerJson);
        root.put("events", events.stream().map(this::eventJson).toList());
        root.put("timeline", timeline);
        root.put("requests_served", requests);
        root.put("requests_failed", failedRequests);
        root.put("served_by_primary", servedByPrimary);
        root.put("served_by_standby", servedByStandby);
        root.put("checkpoints", stored);
        root.put("cost_report", costJson);
        root.put("failures", failures);
        out.println(JsonCodec.standard().writePretty(root));
      }
      return failures.isEmpty() ? 0 : 1;
    }
  }

  /** Ends a demo whose story broke: cleans up and reports the failure (exit code 1). */
  private int finish(Orchestrator engine) {
    engine.delete(DEPLOYMENT);
    engine.close();
    if (json) {
      Map<String, Object> root = new LinkedHashMap<>();
      root.put("deployment", DEPLOYMENT);
      root.put("events", events.stream().map(this::eventJson).toList());
      root.put("timeline", timeline);
      root.put("failures", failures);
      out.println(JsonCodec.standard().writePretty(root));
    }
    return 1;
  }

  private static List<Map<String, Object>> checkpointsJson(ObjectStoreDataSync data, Orchestrator engine) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (var c : engine.checkpoints(DEPLOYMENT)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("version", c.version());
      m.put("bytes", c.bytes());
      m.put("sha256", c.sha256());
      m.put("url", c.location());
      out.add(m);
    }
    return out;
  }

  /**
   * For each failover completed since the last call, read the replacement's restored records over SSH: the newest
   * record written by an earlier instance is the last second of work the restore brought back; data loss is the time
   * from it to the loss of the failed instance.
   */
  private void measureDataLoss(Dumont dumont) {
    for (EngineEvent e : events) {
      if (!(e instanceof EngineEvent.FailoverCompleted f) || dataLoss.containsKey(f.newInstanceId())) continue;
      Instant lost = lostAt.get(f.failedInstanceId());
      if (lost == null || f.restoredVersion() == null) continue;
      ExecResult r = dumont.instances().exec(f.newInstanceId(), "cat " + SimulatedCloud.RECORDS_FILE,
          Duration.ofSeconds(30));
      long last = SimulatedCloud.newestRecordNotBy(r.stdout(), f.newInstanceId());
      if (last < 0) continue;
      double loss = Math.max(0, lost.getEpochSecond() - last);
      dataLoss.put(f.newInstanceId(), loss);
      note("data-loss", lost.getEpochSecond() > last
          ? String.format(Locale.ROOT, "restored v%d onto %s: its newest restored record is %.0f s older than the "
              + "loss of %s: %.0f s of work lost (measured from the restored content)", f.restoredVersion(),
              f.newInstanceId(), loss, f.failedInstanceId(), loss)
          : String.format(Locale.ROOT, "restored v%d onto %s: taken from the surviving replica after the loss of %s, "
              + "its records are newer than the loss: nothing lost", f.restoredVersion(), f.newInstanceId(),
              f.failedInstanceId()));
    }
  }

  private static void deleteTree(Path root) {
    try (var walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // best effort: a temporary directory
        }
      });
    } catch (IOException ignored) {
      // best effort
    }
  }

  private Map<String, Object> eventJson(EngineEvent e) {
    Map<String, Object> m = e.toMap();
    if (e instanceof EngineEvent.FailoverCompleted f && dataLoss.containsKey(f.newInstanceId())) {
      m.put("data_loss_seconds", dataLoss.get(f.newInstanceId()));
    }
    m.put("t", Duration.between(t0, e.at()).toMillis() / 1000.0);
    return m;
  }

  private boolean ready(Orchestrator engine) {
    DeploymentStatus s = engine.get(DEPLOYMENT).orElseThrow();
    return s.phase().equals("healthy") && s.slots().stream()
        .filter(x -> !x.role().equals("replica")).allMatch(x -> x.phase().equals("ready"));
  }

  private static DeploymentStatus.SlotStatus slot(Orchestrator engine, String name) {
    return engine.get(DEPLOYMENT).orElseThrow().slots().stream().filter(s -> s.name().equals(name)).findFirst()
        .orElseThrow();
  }

  private static String describe(Orchestrator engine) {
    StringBuilder sb = new StringBuilder();
    for (DeploymentStatus.SlotStatus s : engine.get(DEPLOYMENT).orElseThrow().slots()) {
      if (sb.length() > 0) sb.append("; ");
      sb.append(s.name()).append('=').append(s.instanceId()).append('@').append(s.hostId()).append(" (")
          .append(s.region()).append(", ").append(s.phase()).append(')');
    }
    return sb.toString();
  }

  /** Real requests over HTTP through the EndpointClient: two per five seconds of virtual time. */
  private void serve(Orchestrator engine, EndpointClient client, Duration d) {
    long before = requests;
    for (long s = 0; s < d.toSeconds(); s += 5) {
      time.advanceBy(Duration.ofSeconds(5));
      request(client, 2);
    }
    note("traffic", String.format(Locale.ROOT, "served %d requests in %s (%d in total) with %d healthy replica(s)",
        requests - before, hms(d), requests, engine.get(DEPLOYMENT).orElseThrow().healthyReplicas()));
  }

  private void request(EndpointClient client, int n) {
    for (int i = 0; i < n; i++) {
      try {
        EndpointClient.Response r = client.postForResponse("/v1/chat/completions", CHAT);
        if (r.status() != 200) {
          failedRequests++;
          continue;
        }
        requests++;
        if ("degraded".equals(r.header(EndpointClient.SERVED_BY_HEADER))) servedByStandby++;
        else servedByPrimary++;
      } catch (RuntimeException e) {
        failedRequests++;
      }
    }
  }

  private void advanceUntil(BooleanSupplier done, Duration max) {
    Instant end = time.now().plus(max);
    while (!done.getAsBoolean() && time.now().isBefore(end)) time.advanceBy(Duration.ofSeconds(1));
  }

  private int count(Class<? extends EngineEvent> type) {
    return (int) events.stream().filter(type::isInstance).count();
  }

  private void onEvent(EngineEvent e) {
    events.add(e);
    String line;
    if (e instanceof EngineEvent.Launched l) {
      line = String.format(Locale.ROOT, "launched %s %s on %s (%s) %s %s/h", l.role(), l.slot(), l.hostId(),
          l.region(), l.pricingModel(), money(view, l.pricePerHour()));
    } else if (e instanceof EngineEvent.Healthy h) {
      line = "healthy " + h.slot() + " " + h.instanceId() + " after " + secs(h.sinceLaunch());
    } else if (e instanceof EngineEvent.Interrupted i) {
      line = "INTERRUPTED " + i.slot() + " " + i.instanceId() + " on " + i.hostId() + " (" + i.reason()
          + "), detected in " + secs(i.detect());
    } else if (e instanceof EngineEvent.FailoverStarted f) {
      line = "failover started for " + f.slot();
    } else if (e instanceof EngineEvent.FailoverFailed f) {
      line = "failover strategy " + f.strategy() + " skipped: " + f.reason();
    } else if (e instanceof EngineEvent.DegradedServing g) {
      line = "serving degraded from CPU standby " + g.standbyInstanceId();
    } else if (e instanceof EngineEvent.FailoverCompleted f) {
      StringBuilder sb = new StringBuilder("FAILOVER COMPLETED via " + f.strategy() + ": " + f.failedInstanceId()
          + " -> " + f.newInstanceId() + " in " + secs(f.total()) + " [");
      f.timings().forEach((k, v) -> sb.append(k).append(' ').append(secs(v)).append(", "));
      sb.setLength(sb.length() - 2);
      sb.append("]");
      if (f.restoredVersion() != null) {
        sb.append(", restored checkpoint v").append(f.restoredVersion()).append(" (RPO ").append(secs(f.rpo()))
            .append(")");
      }
      line = sb.toString();
    } else if (e instanceof EngineEvent.Hibernated h) {
      line = "hibernated " + h.slot() + " " + h.instanceId() + " (" + h.action() + ") after " + secs(h.idleFor())
          + " idle";
    } else if (e instanceof EngineEvent.CheckpointCompleted c) {
      line = String.format(Locale.ROOT, "checkpoint v%d of %s: %.1f kB, sha256 %s..., %s (%s)", c.version(),
          c.instanceId(), c.bytes() / 1000.0, c.sha256() == null ? "-" : c.sha256().substring(0, 12), c.url(),
          c.reason());
    } else if (e instanceof EngineEvent.ServingEndpointsChanged x) {
      StringBuilder sb = new StringBuilder("serving endpoints:");
      for (var ep : x.endpoints()) sb.append(' ').append(ep.slot()).append('=').append(ep.role().name().toLowerCase(Locale.ROOT));
      if (x.endpoints().isEmpty()) sb.append(" none");
      line = sb.toString();
    } else if (e instanceof EngineEvent.Terminated x) {
      line = "terminated " + x.instanceId() + " (" + x.reason() + ")";
    } else {
      line = e.type().replace('_', ' ');
    }
    print(e.at(), e.type(), line);
  }

  private void note(String kind, String text) {
    print(time.now(), kind, text);
  }

  private void print(Instant at, String kind, String text) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("t", Duration.between(t0, at).toMillis() / 1000.0);
    m.put("kind", kind);
    m.put("text", text);
    timeline.add(m);
    if (!json) out.println("[+" + hms(Duration.between(t0, at)) + "] " + text);
  }

  static String hms(Duration d) {
    long s = d.toSeconds();
    return String.format(Locale.ROOT, "%02d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
  }

  private static String secs(Duration d) {
    return d == null ? "-" : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }

  /** A US-dollar figure in the view's currency, 4 decimals for USD: {@code $0.1497}, {@code 0.1277 EUR}. */
  static String money(CurrencyView view, double usd) {
    java.math.BigDecimal v = view.display(com.dumontcloud.sdk.model.Money.usd(usd), 4);
    return view.asIs() ? "$" + v.toPlainString() : v.toPlainString() + " " + view.currency("USD");
  }

  private static double round(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }
}
