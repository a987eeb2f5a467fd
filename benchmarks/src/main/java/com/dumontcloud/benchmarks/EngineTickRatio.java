package com.dumontcloud.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The ratio of {@link EngineReconcileBenchmark}, measured so that a loaded machine cannot skew it: the same set-up
 * (a steady fleet of healthy 1-replica deployments), then rounds that each time a few fleet listings and a few
 * reconcile ticks back to back, by the CPU time of the measuring thread (a steady tick runs on the calling thread:
 * the simulated probe is inline, nothing is launched). Each round gives one ratio tick ÷ listing under the same
 * conditions; the median over the rounds is reported with its quartiles. JMH runs each benchmark method in its
 * own trial, minutes apart, so on a shared machine its two figures can see different loads.
 *
 * <pre>
 * java -Xms2g -Xmx2g -cp benchmarks/target/benchmarks.jar com.dumontcloud.benchmarks.EngineTickRatio 1000,10000 30
 * </pre>
 */
public final class EngineTickRatio {
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
  private static final long WARMUP_NANOS = 15_000_000_000L;

  private EngineTickRatio() {}

  /** One size's result: per-round ratios and per-call CPU medians. */
  record Result(int deployments, double[] ratios, double listMs, double tickMs) {
    double median() {
      return pct(ratios, 50);
    }

    String line() {
      return String.format(Locale.ROOT, "%6d deployments: listing %8.3f ms, tick %8.3f ms (CPU, medians); "
          + "tick / listing median %.2f x (quartiles %.2f-%.2f, %d rounds)", deployments, listMs, tickMs, median(),
          pct(ratios, 25), pct(ratios, 75), ratios.length);
    }
  }

  public static void main(String[] args) {
    String sizes = args.length > 0 ? args[0] : "1000,10000";
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    List<Result> out = new ArrayList<>();
    for (String s : sizes.split(",")) out.add(measure(Integer.parseInt(s.trim()), rounds));
    System.out.println();
    for (Result r : out) System.out.println(r.line());
    if (out.size() > 1) {
      System.out.printf(Locale.ROOT, "growth of the ratio from %d to %d deployments: %.2f x%n", out.get(0).deployments(),
          out.get(out.size() - 1).deployments(), out.get(out.size() - 1).median() / out.get(0).median());
    }
  }

  static Result measure(int deployments, int rounds) {
    EngineReconcileBenchmark b = new EngineReconcileBenchmark();
    b.deployments = deployments;
    b.setUp();
    try {
      // warm-up by time, so that both calls are compiled (JIT) before anything is measured
      long until = System.nanoTime() + WARMUP_NANOS;
      for (int i = 0; i < 20 || System.nanoTime() < until; i++) {
        b.listFleet();
        b.reconcileTick();
      }
      java.util.Map<String, Long> callsBefore = b.apiCalls();
      int perRound = Math.max(5, 50_000 / deployments); // at least about 40 ms of listing per round
      double[] ratios = new double[rounds];
      double[] lists = new double[rounds];
      double[] ticks = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        long t0 = CPU.getCurrentThreadCpuTime();
        for (int i = 0; i < perRound; i++) b.listFleet();
        long t1 = CPU.getCurrentThreadCpuTime();
        for (int i = 0; i < perRound; i++) b.reconcileTick();
        long t2 = CPU.getCurrentThreadCpuTime();
        ratios[r] = (t2 - t1) / (double) Math.max(1, t1 - t0);
        lists[r] = (t1 - t0) / 1e6 / perRound;
        ticks[r] = (t2 - t1) / 1e6 / perRound;
      }
      java.util.Map<String, Long> callsAfter = b.apiCalls();
      for (String op : java.util.List.of("launch", "terminate", "start", "stop")) {
        long n = callsAfter.getOrDefault(op, 0L) - callsBefore.getOrDefault(op, 0L);
        if (n != 0) System.out.printf(Locale.ROOT, "[check] %d deployments: %d %s calls during the measured ticks "
            + "(a steady fleet should make none)%n", deployments, n, op);
      }
      return new Result(deployments, ratios, pct(lists, 50), pct(ticks, 50));
    } finally {
      b.tearDown();
    }
  }

  static double pct(double[] values, int p) {
    double[] s = values.clone();
    Arrays.sort(s);
    int i = (int) Math.ceil(p / 100.0 * s.length) - 1;
    return s[Math.max(0, Math.min(s.length - 1, i))];
  }
}
