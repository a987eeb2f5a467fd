package com.dumontcloud.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The ratio of {@link EngineReconcileBenchmark}, measured so that a loaded machine cannot skew it: the same set-up
 * (a steady fleet of healthy 1-replica deployments), then rounds that each time a few fleet listings and a few
 * reconcile ticks back to back, by the CPU time of the measuring thread (a steady tick runs on the calling thread:
 * the simulated probe is inline, nothing is launched). Each round gives one ratio tick ÷ listing under the same
 * conditions, and the engine's own work per deployment: the tick minus the provider calls it makes (the same
 * listing, interruption signals and health probes, made without the engine: {@link
 * EngineReconcileBenchmark#providerCalls}), divided by the deployments. A tick that scales linearly keeps that
 * figure flat from 1k to 10k. A running tick ({@link EngineReconcileBenchmark#runningTick}: 5 s of virtual time
 * between ticks, so accrual and the once-a-minute ledger saves run) is reported the same way, in whole minutes of
 * ticks per round. The medians over the rounds are reported with their quartiles. JMH runs each
 * benchmark method in its own trial, minutes apart, so on a shared machine its figures can see different loads.
 *
 * <pre>
 * java -Xms2g -Xmx2g -cp benchmarks/target/benchmarks.jar com.dumontcloud.benchmarks.EngineTickRatio 1000,10000 30
 * </pre>
 */
public final class EngineTickRatio {
  /** CPU time and allocated bytes of the measuring thread (HotSpot's extension of the platform bean). */
  private static final com.sun.management.ThreadMXBean CPU =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final long WARMUP_NANOS = 15_000_000_000L;

  private EngineTickRatio() {}

  /**
   * One size's result: per-round ratios tick ÷ listing, per-round engine work per deployment (tick − the same
   * provider calls made without the engine, ÷ deployments), and per-call CPU medians.
   */
  record Result(int deployments, double[] ratios, double[] engineMicros, double listMs, double providerMs,
      double tickMs, double engineBytes, double[] runningRatios, double[] runningMicros, double runningMs) {
    double median() {
      return pct(ratios, 50);
    }

    double engineMedian() {
      return pct(engineMicros, 50);
    }

    String line() {
      return String.format(Locale.ROOT, "%6d deployments: listing %8.3f ms, provider calls %8.3f ms, tick %8.3f ms "
          + "(CPU, medians); tick / listing median %.2f x (quartiles %.2f-%.2f); engine work %.3f us per deployment "
          + "(quartiles %.3f-%.3f, %d rounds), allocating %.0f bytes per deployment", deployments, listMs, providerMs,
          tickMs, median(), pct(ratios, 25), pct(ratios, 75), engineMedian(), pct(engineMicros, 25),
          pct(engineMicros, 75), ratios.length, engineBytes);
    }

    String runningLine() {
      return String.format(Locale.ROOT, "%6d deployments, running tick (5 s later: accrual, a ledger save a minute): "
          + "%8.3f ms; tick / listing median %.2f x (quartiles %.2f-%.2f); engine work %.3f us per deployment "
          + "(quartiles %.3f-%.3f)", deployments, runningMs, pct(runningRatios, 50), pct(runningRatios, 25),
          pct(runningRatios, 75), pct(runningMicros, 50), pct(runningMicros, 25), pct(runningMicros, 75));
    }
  }

  public static void main(String[] args) {
    String sizes = args.length > 0 ? args[0] : "1000,10000";
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    List<Result> out = new ArrayList<>();
    for (String s : sizes.split(",")) out.add(measure(Integer.parseInt(s.trim()), rounds));
    System.out.println();
    for (Result r : out) System.out.println(r.line());
    for (Result r : out) System.out.println(r.runningLine());
    if (out.size() > 1) {
      Result first = out.get(0);
      Result last = out.get(out.size() - 1);
      System.out.printf(Locale.ROOT, "growth of the ratio from %d to %d deployments: %.2f x%n", first.deployments(),
          last.deployments(), last.median() / first.median());
      System.out.printf(Locale.ROOT, "growth of the engine's work per deployment from %d to %d deployments: CPU time "
          + "%.2f x, bytes allocated %.2f x (1.00 = linear)%n", first.deployments(), last.deployments(),
          last.engineMedian() / first.engineMedian(), last.engineBytes() / first.engineBytes());
      System.out.printf(Locale.ROOT, "running tick: growth of the ratio %.2f x, of the engine's work per deployment "
          + "%.2f x%n", pct(last.runningRatios(), 50) / pct(first.runningRatios(), 50),
          pct(last.runningMicros(), 50) / pct(first.runningMicros(), 50));
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
        b.providerCalls();
        b.reconcileTick();
        b.runningTick();
      }
      java.util.Map<String, Long> callsBefore = b.apiCalls();
      int perRound = Math.max(5, 50_000 / deployments); // at least about 40 ms of listing per round
      double[] ratios = new double[rounds];
      double[] lists = new double[rounds];
      double[] ticks = new double[rounds];
      double[] providers = new double[rounds];
      double[] engine = new double[rounds];
      int running = (perRound + 11) / 12 * 12; // whole minutes: each round saves every ledger the same number of times
      double[] runningRatios = new double[rounds];
      double[] runningMicros = new double[rounds];
      double[] runningMs = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        long t0 = CPU.getCurrentThreadCpuTime();
        for (int i = 0; i < perRound; i++) b.listFleet();
        long t1 = CPU.getCurrentThreadCpuTime();
        for (int i = 0; i < perRound; i++) b.reconcileTick();
        long t2 = CPU.getCurrentThreadCpuTime();
        for (int i = 0; i < perRound; i++) b.providerCalls();
        long t3 = CPU.getCurrentThreadCpuTime();
        ratios[r] = (t2 - t1) / (double) Math.max(1, t1 - t0);
        providers[r] = (t3 - t2) / 1e6 / perRound;
        engine[r] = ((t2 - t1) - (t3 - t2)) / 1e3 / perRound / deployments;
        long t4 = CPU.getCurrentThreadCpuTime();
        for (int i = 0; i < running; i++) b.runningTick();
        long t5 = CPU.getCurrentThreadCpuTime();
        double perRunning = (t5 - t4) / (double) running;
        runningMs[r] = perRunning / 1e6;
        runningRatios[r] = perRunning / ((t1 - t0) / (double) perRound);
        runningMicros[r] = (perRunning - (t3 - t2) / (double) perRound) / 1e3 / deployments;
        lists[r] = (t1 - t0) / 1e6 / perRound;
        ticks[r] = (t2 - t1) / 1e6 / perRound;
      }
      java.util.Map<String, Long> callsAfter = b.apiCalls();
      // bytes the engine allocates per deployment and tick beyond what the same provider calls allocate without it:
      // an operation count that the CPU caches do not bend (flat from 1k to 10k when the work per deployment is)
      long thread = Thread.currentThread().getId();
      long a0 = CPU.getThreadAllocatedBytes(thread);
      for (int i = 0; i < perRound; i++) b.reconcileTick();
      long a1 = CPU.getThreadAllocatedBytes(thread);
      for (int i = 0; i < perRound; i++) b.providerCalls();
      long a2 = CPU.getThreadAllocatedBytes(thread);
      double engineBytes = ((a1 - a0) - (a2 - a1)) / (double) perRound / deployments;
      for (String op : java.util.List.of("launch", "terminate", "start", "stop")) {
        long n = callsAfter.getOrDefault(op, 0L) - callsBefore.getOrDefault(op, 0L);
        if (n != 0) System.out.printf(Locale.ROOT, "[check] %d deployments: %d %s calls during the measured ticks "
            + "(a steady fleet should make none)%n", deployments, n, op);
      }
      return new Result(deployments, ratios, engine, pct(lists, 50), pct(providers, 50), pct(ticks, 50),
          engineBytes, runningRatios, runningMicros, pct(runningMs, 50));
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
