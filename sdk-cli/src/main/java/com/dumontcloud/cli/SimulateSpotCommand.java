package com.dumontcloud.cli;

import com.dumontcloud.sdk.testkit.replay.ReplayPolicy;
import com.dumontcloud.sdk.testkit.replay.SpotReplay;
import com.dumontcloud.sdk.testkit.replay.SpotReplayReport;
import com.dumontcloud.sdk.testkit.replay.SpotTraces;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dumont simulate spot}: a service on spot capacity, replayed from spot-availability traces. */
@Command(name = "spot", description = {"Replay spot-availability traces through the real engine, once per policy,",
    "and report cost and availability next to the oracle (spot wherever a zone has",
    "capacity, else on-demand, switching instantly). On-demand costs 1.0 per",
    "replica-hour, spot --spot-ratio of it; boots take 35-105 s plus model load."},
    footer = {"", "Examples:",
        "  dumont simulate spot            # seeded synthetic traces, 4 zones, 7 days",
        "  dumont simulate spot --html r.html \\",
        "      --traces ../shared/traces/spot-traces/availability/1-node/aws-02-15-2023",
        "  dumont simulate spot --traces DIR --replicas 2 --policy AUTO,HEDGED --json",
        "", "Policies: ON_DEMAND, SPOT, SPOT_COLD, SPOT_WARM_POOL, SPOT_CPU_STANDBY, AUTO,", "HEDGED (docs/simulation.md)."})
final class SimulateSpotCommand implements Callable<Integer> {
  @Mixin Output out;

  @Option(names = "--traces", paramLabel = "DIR",
      description = "Directory of spot trace files (*.json, one per zone, {\"metadata\":{\"gap_seconds\":G},"
          + "\"data\":[counts]}; a count > 0 = capacity available). Default: seeded synthetic traces.")
  Path traces;

  @Option(names = "--replicas", paramLabel = "N", description = "Replicas per policy, 1..20.")
  int replicas = 1;

  @Option(names = "--spot-ratio", paramLabel = "R", description = "Spot price as a fraction of on-demand, in (0, 1].")
  double spotRatio = SpotReplay.DEFAULT_SPOT_RATIO;

  @Option(names = "--policy", paramLabel = "P", split = ",",
      description = "Policy to replay (repeatable or comma-separated; default: all).")
  List<String> policies;

  @Option(names = "--seed", paramLabel = "S", description = "Seed of boot times (and of the synthetic traces).")
  long seed = 42;

  @Option(names = "--html", paramLabel = "FILE", description = "Also write a self-contained HTML report with charts.")
  Path html;

  @Option(names = "--parallel", paramLabel = "N", description = "Policies replayed at once (default: the processors).")
  int parallel = Runtime.getRuntime().availableProcessors();

  @Override
  public Integer call() {
    out.check();
    if (!(spotRatio > 0 && spotRatio <= 1)) {
      throw new IllegalArgumentException("--spot-ratio must be in (0, 1] (a fraction of the on-demand price), got "
          + Fmt.value(spotRatio) + "; e.g. --spot-ratio 0.3");
    }
    if (replicas < 1 || replicas > 20) {
      throw new IllegalArgumentException("--replicas must be in 1..20, got " + replicas);
    }
    if (parallel < 1) throw new IllegalArgumentException("--parallel must be at least 1, got " + parallel);
    List<ReplayPolicy> ps = new ArrayList<>();
    for (String p : policies == null ? List.<String>of() : policies) {
      try {
        ps.add(ReplayPolicy.parse(p));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--policy: " + e.getMessage());
      }
    }
    SpotTraces set;
    if (traces == null) {
      set = SpotTraces.synthetic(seed);
    } else {
      try {
        set = SpotTraces.load(traces);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--traces: " + e.getMessage());
      }
    }
    int n = ps.isEmpty() ? ReplayPolicy.values().length : ps.size();
    System.err.printf(Locale.ROOT, "replaying %d zones x %.1f days (%d ticks of %d s), %d replica(s), %d policies, "
        + "%d at once...%n", set.zones().size(), set.duration().toSeconds() / 86400.0, set.ticks(), set.gapSeconds(),
        replicas, n, Math.min(n, parallel));
    Map<String, Integer> done = new ConcurrentHashMap<>();
    int[] shown = {0};
    long t0 = System.nanoTime();
    SpotReplayReport report = SpotReplay.builder(set).replicas(replicas).spotRatio(spotRatio).policies(ps).seed(seed)
        .parallelism(parallel).progress(line -> {
          int sp = line.lastIndexOf(' ');
          done.put(line.substring(0, sp), Integer.parseInt(line.substring(sp + 1, line.length() - 1)));
          int total = done.values().stream().mapToInt(Integer::intValue).sum() / n;
          synchronized (shown) {
            if (total / 10 > shown[0] / 10 && total < 100) {
              shown[0] = total;
              System.err.printf(Locale.ROOT, "  %d%% (%.0f s)%n", total, (System.nanoTime() - t0) / 1e9);
            }
          }
        }).build().run();
    System.err.printf(Locale.ROOT, "replayed in %.0f s%n", (System.nanoTime() - t0) / 1e9);
    if (html != null) {
      try {
        if (html.toAbsolutePath().getParent() != null) Files.createDirectories(html.toAbsolutePath().getParent());
        Files.writeString(html, report.toHtml(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IllegalArgumentException("--html: cannot write " + html + ": " + e.getMessage());
      }
      System.err.println("wrote " + html);
    }
    if (out.printData(report.toMap())) return 0;
    print(report);
    return 0;
  }

  private void print(SpotReplayReport r) {
    Table t = new Table("POLICY", "COST %", "AVAILABILITY", "SERVING", "ALL REPLICAS", "FAILOVERS", "RECOVERY P50 S",
        "RECOVERY P95 S", "GAP TO ORACLE");
    t.row("ORACLE", fixed(r.oracleCostPercent(), 2), "100%", "100%", "100%", "-", "-", "-", "0");
    for (SpotReplayReport.PolicyResult p : r.policies()) {
      t.row(p.policy().name(), fixed(p.costPercent(), 2), pct(p.availability()), pct(p.servingAvailability()),
          pct(p.allReplicasAvailability()), Integer.toString(p.failovers()),
          p.recoveryP50Seconds().map(v -> fixed(v, 0)).orElse("-"),
          p.recoveryP95Seconds().map(v -> fixed(v, 0)).orElse("-"), signed(p.gapToOraclePoints()));
    }
    t.print(System.out, out.wide());
    SpotTraces s = r.traces();
    System.out.printf(Locale.ROOT, "%nspot price = %s x on-demand (on-demand = 1.0 per replica-hour); %d replica(s); "
        + "traces: %s (%d zones, %.1f days, spot in some zone %.1f%% of the time)%n", fixed(r.spotRatio(), 2),
        r.replicas(), s.source(), s.zones().size(), s.duration().toSeconds() / 86400.0,
        100 * ((Number) s.toMap().get("any_zone_availability")).doubleValue());
    System.out.println("oracle: spot wherever a zone has capacity, else on-demand, switching instantly with no boot "
        + "(100% availability).");
    r.bestAt(0.999).ifPresentOrElse(
        b -> System.out.printf(Locale.ROOT, "best at >= 99.9%% availability: %s at %s%% of on-demand, %s points above"
            + " the oracle%n", b.policy().name(), fixed(b.costPercent(), 2), fixed(b.gapToOraclePoints(), 2)),
        () -> System.out.println("no policy reached 99.9% availability on these traces"));
  }

  private static String fixed(double v, int digits) {
    return String.format(Locale.ROOT, "%." + digits + "f", v);
  }

  private static String signed(double v) {
    return String.format(Locale.ROOT, "%+.2f", v);
  }

  private static String pct(double f) {
    return String.format(Locale.ROOT, f >= 0.999 ? "%.3f%%" : "%.2f%%", f * 100);
  }
}
