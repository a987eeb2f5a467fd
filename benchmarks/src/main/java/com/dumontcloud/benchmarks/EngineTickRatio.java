package com.dumontcloud.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
 * # each size in 4 fresh JVMs, alternating, and the medians over them (a JVM's heap layout moves every figure)
 * java -Xms2g -Xmx2g -cp benchmarks/target/benchmarks.jar com.dumontcloud.benchmarks.EngineTickRatio 1000,10000 12 --forks 4
 * # the same with the CPU caches emptied before every timed listing and tick (--cold)
 * java -Xms2g -Xmx2g -cp benchmarks/target/benchmarks.jar com.dumontcloud.benchmarks.EngineTickRatio 1000,10000 12 --forks 4 --cold
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
      double tickMs, double engineBytes, double[] runningRatios, double[] runningMicros, double runningMs,
      double liveBytes) {
    double median() {
      return pct(ratios, 50);
    }

    double engineMedian() {
      return pct(engineMicros, 50);
    }

    String line() {
      return String.format(Locale.ROOT, "%6d deployments: listing %8.3f ms, provider calls %8.3f ms, tick %8.3f ms "
          + "(CPU, medians); tick / listing median %.2f x (quartiles %.2f-%.2f); engine work %.3f us per deployment "
          + "(quartiles %.3f-%.3f, %d rounds), allocating %.0f bytes per deployment; live heap %.1f KiB per "
          + "deployment (%.0f MiB)", deployments, listMs, providerMs, tickMs, median(), pct(ratios, 25),
          pct(ratios, 75), engineMedian(), pct(engineMicros, 25), pct(engineMicros, 75), ratios.length, engineBytes,
          liveBytes / 1024, liveBytes * deployments / (1024 * 1024));
    }

    /** The figures a parent run with {@code --forks} reads back: medians, in a fixed order. */
    String record() {
      return String.format(Locale.ROOT, "RESULT %d %.6f %.6f %.6f %.6f %.6f %.3f %.6f %.6f %.6f %.1f", deployments,
          median(), engineMedian(), listMs, providerMs, tickMs, engineBytes, pct(runningRatios, 50),
          pct(runningMicros, 50), runningMs, liveBytes);
    }

    String runningLine() {
      return String.format(Locale.ROOT, "%6d deployments, running tick (5 s later: accrual, a ledger save a minute): "
          + "%8.3f ms; tick / listing median %.2f x (quartiles %.2f-%.2f); engine work %.3f us per deployment "
          + "(quartiles %.3f-%.3f)", deployments, runningMs, pct(runningRatios, 50), pct(runningRatios, 25),
          pct(runningRatios, 75), pct(runningMicros, 50), pct(runningMicros, 25), pct(runningMicros, 75));
    }
  }

  public static void main(String[] args) throws Exception {
    List<String> rest = new ArrayList<>(Arrays.asList(args));
    int forks = 0;
    boolean child = rest.remove("--child");
    boolean cold = rest.remove("--cold");
    int f = rest.indexOf("--forks");
    if (f >= 0) {
      if (f + 1 >= rest.size()) throw new IllegalArgumentException("--forks needs a number, e.g. --forks 4");
      forks = Integer.parseInt(rest.get(f + 1));
      rest.subList(f, f + 2).clear();
    }
    String sizes = rest.size() > 0 ? rest.get(0) : "1000,10000";
    int rounds = rest.size() > 1 ? Integer.parseInt(rest.get(1)) : 30;
    List<Integer> sizeList = new ArrayList<>();
    for (String s : sizes.split(",")) sizeList.add(Integer.parseInt(s.trim()));
    if (child) { // one size in this JVM, for a parent run with --forks: its line, then the figures to parse
      Result r = measure(sizeList.get(0), rounds, WARMUP_NANOS, cold);
      System.out.println(r.line());
      System.out.println(r.runningLine());
      System.out.println(r.record());
      return;
    }
    if (forks > 0) {
      forked(sizeList, rounds, forks, cold);
      return;
    }
    List<Result> out = new ArrayList<>();
    for (int n : sizeList) out.add(measure(n, rounds, WARMUP_NANOS, cold));
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

  /**
   * Each size measured in {@code forks} fresh JVMs (same heap flags), the sizes alternating from one JVM to the
   * next (the order reversed every other fork, so that a drifting machine load does not favour one size): a JVM's
   * heap layout after the set-up moves every figure by more than a change to the tick does, so only medians over
   * several JVMs compare. Prints each JVM's figures, then per size the median and range over the JVMs.
   */
  static void forked(List<Integer> sizes, int rounds, int forks, boolean cold) throws Exception {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> jvmArgs = new ArrayList<>();
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!a.startsWith("-XX:StartFlightRecording") && !a.startsWith("-agentlib")) jvmArgs.add(a);
    }
    Map<Integer, List<double[]>> bySize = new LinkedHashMap<>();
    for (int n : sizes) bySize.put(n, new ArrayList<>());
    for (int fork = 1; fork <= forks; fork++) {
      List<Integer> order = new ArrayList<>(sizes);
      if (fork % 2 == 0) Collections.reverse(order);
      for (int n : order) {
        List<String> cmd = new ArrayList<>(List.of(javaBin));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), EngineTickRatio.class.getName(), "--child",
            Integer.toString(n), Integer.toString(rounds)));
        if (cold) cmd.add("--cold");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        double[] figures = null;
        try (BufferedReader in =
            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = in.readLine()) != null; ) {
            if (line.startsWith(RECORD)) figures = parse(line);
            else if (!line.isBlank()) System.out.println("[jvm " + fork + "] " + line.trim());
          }
        }
        if (p.waitFor() != 0 || figures == null) {
          throw new IllegalStateException("the JVM measuring " + n + " deployments failed (exit " + p.exitValue() + ")");
        }
        bySize.get(n).add(figures);
      }
    }
    System.out.println();
    System.out.printf(Locale.ROOT, "medians over %d JVMs per size (range in brackets):%n", forks);
    for (Map.Entry<Integer, List<double[]>> e : bySize.entrySet()) {
      List<double[]> runs = e.getValue();
      int n = e.getKey();
      System.out.printf(Locale.ROOT, "%6d deployments: tick / listing %s x; engine work %s us per deployment; listing "
          + "%s us per instance; running tick / listing %s x; live heap %s KiB per deployment%n", n,
          spread(runs, RATIO, 1), spread(runs, ENGINE_MICROS, 1), spread(runs, LIST_MS, 1000.0 / n),
          spread(runs, RUNNING_RATIO, 1), spread(runs, LIVE_BYTES, 1 / 1024.0));
    }
    if (sizes.size() > 1) {
      List<double[]> first = bySize.get(sizes.get(0));
      List<double[]> last = bySize.get(sizes.get(sizes.size() - 1));
      System.out.printf(Locale.ROOT, "growth from %d to %d deployments (medians over JVMs): tick / listing %.2f x, "
          + "engine work per deployment %.2f x, listing per instance %.2f x, running tick / listing %.2f x (1.00 = "
          + "linear)%n", sizes.get(0), sizes.get(sizes.size() - 1), median(last, RATIO) / median(first, RATIO),
          median(last, ENGINE_MICROS) / median(first, ENGINE_MICROS),
          median(last, LIST_MS) / median(first, LIST_MS) * sizes.get(0) / sizes.get(sizes.size() - 1),
          median(last, RUNNING_RATIO) / median(first, RUNNING_RATIO));
    }
  }

  private static final String RECORD = "RESULT ";
  /** Positions in a parsed {@link Result#record} (after the size): the figures the summary over JVMs reads. */
  static final int RATIO = 0, ENGINE_MICROS = 1, LIST_MS = 2, TICK_MS = 4, RUNNING_RATIO = 6, LIVE_BYTES = 9;

  static double[] parse(String record) {
    String[] parts = record.substring(RECORD.length()).trim().split(" ");
    double[] out = new double[parts.length - 1];
    for (int i = 1; i < parts.length; i++) out[i - 1] = Double.parseDouble(parts[i]);
    return out;
  }

  /** One figure of every JVM's record, scaled. */
  private static double[] column(List<double[]> runs, int field, double scale) {
    double[] v = new double[runs.size()];
    for (int i = 0; i < v.length; i++) v[i] = runs.get(i)[field] * scale;
    return v;
  }

  private static double median(List<double[]> runs, int field) {
    return mid(column(runs, field, 1));
  }

  private static String spread(List<double[]> runs, int field, double scale) {
    double[] v = column(runs, field, scale);
    Arrays.sort(v);
    return String.format(Locale.ROOT, "%.2f [%.2f-%.2f]", mid(v), v[0], v[v.length - 1]);
  }

  /** The median, the mean of the middle two for an even count (over JVMs, where there may be only two). */
  static double mid(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  /**
   * CPU time of {@code n} calls of {@code call}; {@code cold}: each call timed on its own after {@link #evict} has
   * pushed everything out of the CPU caches (the eviction itself is not timed), so that the listing and the tick
   * both start from memory, as at a fleet too big for the caches.
   */
  static long time(Runnable call, int n, boolean cold) {
    if (!cold) {
      long t0 = CPU.getCurrentThreadCpuTime();
      for (int i = 0; i < n; i++) call.run();
      return CPU.getCurrentThreadCpuTime() - t0;
    }
    long sum = 0;
    for (int i = 0; i < n; i++) {
      evict();
      long t0 = CPU.getCurrentThreadCpuTime();
      call.run();
      sum += CPU.getCurrentThreadCpuTime() - t0;
    }
    return sum;
  }

  /** 128 MiB, four times the largest L3 of the machines this runs on: one write per cache line pushes caches out. */
  private static long[] evictBuffer;
  static volatile long sink;

  static void evict() {
    if (evictBuffer == null) evictBuffer = new long[16 * 1024 * 1024];
    long[] a = evictBuffer;
    long x = sink;
    for (int i = 0; i < a.length; i += 8) a[i] = x++; // written: dirty lines displace clean ones too
    sink = x;
  }

  static Result measure(int deployments, int rounds, long warmupNanos) {
    return measure(deployments, rounds, warmupNanos, false);
  }

  static Result measure(int deployments, int rounds, long warmupNanos, boolean cold) {
    Runtime rt = Runtime.getRuntime();
    System.gc();
    long heapBefore = rt.totalMemory() - rt.freeMemory();
    EngineReconcileBenchmark b = new EngineReconcileBenchmark();
    b.deployments = deployments;
    b.setUp();
    try {
      // warm-up by time, so that both calls are compiled (JIT) before anything is measured; then a full collection
      // so that the set-up's garbage and the gaps it left between live objects do not sit in the measured rounds
      long until = System.nanoTime() + warmupNanos;
      for (int i = 0; i < 20 || System.nanoTime() < until; i++) {
        b.listFleet();
        b.providerCalls();
        b.reconcileTick();
        b.runningTick();
      }
      System.gc();
      // what the fleet keeps on the heap (engine and simulator state), per deployment: the tick's working set
      double liveBytes = (rt.totalMemory() - rt.freeMemory() - heapBefore) / (double) deployments;
      Map<String, Long> callsBefore = b.apiCalls();
      // at least about 40 ms of listing per round; cold, each call is timed on its own (and costs an eviction)
      int perRound = cold ? 5 : Math.max(5, 50_000 / deployments);
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
        long listNs = time(b::listFleet, perRound, cold);
        long tickNs = time(b::reconcileTick, perRound, cold);
        long providerNs = time(b::providerCalls, perRound, cold);
        ratios[r] = tickNs / (double) Math.max(1, listNs);
        providers[r] = providerNs / 1e6 / perRound;
        engine[r] = (tickNs - providerNs) / 1e3 / perRound / deployments;
        double perRunning = time(b::runningTick, running, false) / (double) running; // never cold: time must run
        runningMs[r] = perRunning / 1e6;
        runningRatios[r] = perRunning / (listNs / (double) perRound);
        runningMicros[r] = (perRunning - providerNs / (double) perRound) / 1e3 / deployments;
        lists[r] = listNs / 1e6 / perRound;
        ticks[r] = tickNs / 1e6 / perRound;
      }
      Map<String, Long> callsAfter = b.apiCalls();
      // bytes the engine allocates per deployment and tick beyond what the same provider calls allocate without it:
      // an operation count that the CPU caches do not bend (flat from 1k to 10k when the work per deployment is)
      long thread = Thread.currentThread().getId();
      long a0 = CPU.getThreadAllocatedBytes(thread);
      for (int i = 0; i < perRound; i++) b.reconcileTick();
      long a1 = CPU.getThreadAllocatedBytes(thread);
      for (int i = 0; i < perRound; i++) b.providerCalls();
      long a2 = CPU.getThreadAllocatedBytes(thread);
      double engineBytes = ((a1 - a0) - (a2 - a1)) / (double) perRound / deployments;
      for (String op : List.of("launch", "terminate", "start", "stop")) {
        long n = callsAfter.getOrDefault(op, 0L) - callsBefore.getOrDefault(op, 0L);
        if (n != 0) System.out.printf(Locale.ROOT, "[check] %d deployments: %d %s calls during the measured ticks "
            + "(a steady fleet should make none)%n", deployments, n, op);
      }
      return new Result(deployments, ratios, engine, pct(lists, 50), pct(providers, 50), pct(ticks, 50),
          engineBytes, runningRatios, runningMicros, pct(runningMs, 50), liveBytes);
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
