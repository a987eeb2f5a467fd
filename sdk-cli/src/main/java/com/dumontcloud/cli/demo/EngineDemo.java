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
import com.dumontcloud.sdk.internal.json.MoshiJsonCodec;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.model.TemplateCategory;
import com.dumontcloud.sdk.testkit.BootProfile;
import com.dumontcloud.sdk.testkit.SimulatedCloud;
import com.dumontcloud.sdk.testkit.VirtualScheduler;
import com.dumontcloud.sdk.testkit.engine.SimDataSync;
import com.dumontcloud.sdk.testkit.engine.SimHealthProbe;
import com.dumontcloud.sdk.testkit.engine.SimIdleness;
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

  private EngineDemo(PrintStream out, boolean json) {
    this.out = out;
    this.json = json;
  }

  /** Run the demo; returns the process exit code (0 on success). */
  public static int run(PrintStream out, boolean json, long seed) {
    return new EngineDemo(out, json).play(seed);
  }

  private static Template template() {
    return TemplateCatalog.find("qwen2.5-0.5b").orElseGet(() -> new Template("qwen2.5-0.5b", "Qwen 2.5 0.5B",
        "vLLM serving Qwen/Qwen2.5-0.5B-Instruct (OpenAI-compatible API)", TemplateCategory.LLM,
        "vllm/vllm-openai:latest", 8000, "/health", "Qwen/Qwen2.5-0.5B-Instruct", 8, 2, null, "RTX 3090",
        Map.of("vllm_model_name", "Qwen/Qwen2.5-0.5B-Instruct"), Map.of(), List.of()));
  }

  private int play(long seed) {
    SimulatedCloud cloud = SimulatedCloud.builder().scheduler(time).seed(seed).bootProfile(BootProfile.defaults()).build();
    try (Dumont dumont = Dumont.builder().provider("sim").scheduler(time).providerFactories(List.of(cloud.factory()))
        .auditSink(AuditSink.none()).build()) {
      SimIdleness idle = SimIdleness.busy();
      SimDataSync data = SimDataSync.of(cloud);
      Orchestrator engine = Orchestrator.builder(dumont).scheduler(time).stateStore(StateStore.inMemory())
          .engineId("demo").healthProbe(SimHealthProbe.of(cloud)).dataSync(data).idlenessSignal(idle)
          .listener(this::onEvent).build();

      // 1. offers across regions
      Template t = template();
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
        m.put("price_per_hour", o.pricePerHour().doubleValue());
        m.put("host", o.hostId());
        offerJson.add(m);
        note("offer", String.format(Locale.ROOT, "  cheapest in %-4s %-10s %-24s $%.4f/h spot", o.location().region(),
            o.gpu().name(), o.id(), o.pricePerHour().doubleValue()));
      }

      // 2. the service
      engine.start();
      engine.apply(DeploymentSpec.builder(DEPLOYMENT, t).replicas(2).spotPolicy(SpotPolicy.AUTO)
          .warmPool(WarmPoolPolicy.of(1, WarmPoolPolicy.Mode.STOPPED)).standby(StandbyPolicy.cpuSpot())
          .checkpointInterval(Duration.ofMinutes(2)).hibernation(HibernationPolicy.defaults())
          .failover(FailoverPolicy.defaults()).label("team", "demo").build());
      note("apply", "deployment " + DEPLOYMENT + ": 2 replicas of " + t.name() + " (" + t.image() + ", port " + t.port()
          + t.healthPath() + "), warm pool 1 (stopped, other host/region), CPU standby, checkpoints every 2 min");
      advanceUntil(() -> ready(engine), Duration.ofMinutes(10));
      note("ready", "service healthy: " + describe(engine));

      // 3. requests
      serve(engine, Duration.ofMinutes(6));

      // 4. spot interruption
      String victim = slot(engine, "r0").instanceId();
      note("inject", "injecting a spot interruption of " + victim + " (replica r0)");
      cloud.interrupt(victim);
      int completedBefore = count(EngineEvent.FailoverCompleted.class);
      advanceUntil(() -> count(EngineEvent.FailoverCompleted.class) > completedBefore, Duration.ofMinutes(10));
      serve(engine, Duration.ofMinutes(3));

      // 5. an idle replica hibernates
      String idleOne = slot(engine, "r1").instanceId();
      idle.instance(idleOne, 0.02);
      note("idle", "replica r1 (" + idleOne + ") drops to 2 % utilisation (hibernation: < 5 % for 3 min -> stop)");
      int hib = count(EngineEvent.Hibernated.class);
      advanceUntil(() -> count(EngineEvent.Hibernated.class) > hib, Duration.ofMinutes(6));
      serve(engine, Duration.ofMinutes(2));

      // 6. cost
      CostReport cost = engine.costReport();
      double spend = cost.totalUsd();
      double od = cost.onDemandUsd();
      Map<String, Object> costJson = new LinkedHashMap<>();
      costJson.put("spend", round(spend));
      costJson.put("on_demand", round(od));
      costJson.put("savings_percent", round(cost.savings() * 100));
      costJson.put("provider_billed", round(cloud.accruedCost().doubleValue()));
      costJson.put("virtual_duration", Duration.between(t0, time.now()).toSeconds());
      note("cost", String.format(Locale.ROOT, "cost report: spent $%.4f; all on-demand would have cost $%.4f "
          + "(%.0f %% saved); provider billed $%.4f over %s of virtual time", spend, od, cost.savings() * 100,
          cloud.accruedCost().doubleValue(), hms(Duration.between(t0, time.now()))));
      engine.delete(DEPLOYMENT);
      engine.close();
      if (json) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("deployment", DEPLOYMENT);
        root.put("offers", offerJson);
        root.put("events", events.stream().map(this::eventJson).toList());
        root.put("timeline", timeline);
        root.put("requests_served", requests);
        root.put("cost_report", costJson);
        out.println(MoshiJsonCodec.get().writePretty(root));
      }
      return 0;
    }
  }

  private Map<String, Object> eventJson(EngineEvent e) {
    Map<String, Object> m = e.toJson();
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

  /** Simulated traffic: about 12 requests/s per healthy replica, 3 on a degraded CPU standby. */
  private void serve(Orchestrator engine, Duration d) {
    long before = requests;
    for (long s = 0; s < d.toSeconds(); s += 5) {
      time.advanceBy(Duration.ofSeconds(5));
      DeploymentStatus st = engine.get(DEPLOYMENT).orElseThrow();
      requests += st.healthyReplicas() * 12L * 5 + (st.phase().equals("degraded") ? 3L * 5 : 0);
    }
    note("traffic", String.format(Locale.ROOT, "served %d requests in %s (%d in total) with %d healthy replica(s)",
        requests - before, hms(d), requests, engine.get(DEPLOYMENT).orElseThrow().healthyReplicas()));
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
      line = String.format(Locale.ROOT, "launched %s %s on %s (%s) %s $%.4f/h", l.role(), l.slot(), l.hostId(),
          l.region(), l.pricingModel(), l.pricePerHour());
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
      line = "checkpoint v" + c.version() + " of " + c.instanceId() + " (" + c.bytes() / 1_000_000 + " MB, "
          + c.reason() + ")";
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

  private static double round(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }
}
