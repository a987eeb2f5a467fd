package com.dumontcloud.sdk.serverless;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The scaling decision, KPA style, as a pure function of samples fed once per tick: desired replicas =
 * ceil(mean concurrency / target concurrency) over the stable window (60 s), or over the panic window
 * (6 s) while panicking. Panic starts when the panic-window demand reaches twice the current replicas
 * (any demand at zero replicas) and lasts a stable window; during panic there is no scale-down. Outside
 * panic a lower decision only takes effect once it has held for the whole stable window. With
 * {@code minReplicas = 0} the endpoint scales to zero once nothing was in flight, queued or arriving for
 * the idle timeout. Queued requests always ask for at least one replica (the activator rule).
 *
 * <p>Against replica churn (bursts shorter than the 35–105 s boot launched replicas that became ready after the
 * burst and were scaled down a minute later), two rules on top of the KPA windows: the sample is capped by
 * Little's law ({@link #demand}), so a backlog waiting for replicas that are already launching does not launch
 * more; and a scale-down never removes a replica that is still launching or became ready less than
 * {@link EndpointSpec#scaleDownDelay()} ago ({@link #young}). Scale-to-zero after the idle timeout is unchanged.
 */
public final class Autoscaler {
  private final EndpointSpec spec;
  private final ArrayDeque<double[]> samples = new ArrayDeque<>();
  private final ArrayDeque<long[]> decisions = new ArrayDeque<>();
  private Instant panicUntil;

  public Autoscaler(EndpointSpec spec) {
    this.spec = spec;
  }

  /**
   * One decision.
   *
   * @param concurrency peak requests in flight plus queued since the previous tick
   * @param current live replicas that are not draining
   * @param queued requests waiting for a replica now
   * @param meanQueueWaitMs mean queue wait of requests that got a replica in the panic window
   * @param lastActivity last request arrival or completion, or null for none ever
   * @param busy true while any request is in flight or queued
   */
  public int decide(Instant now, double concurrency, int current, int queued, double meanQueueWaitMs,
      Instant lastActivity, boolean busy) {
    long t = now.toEpochMilli();
    samples.addLast(new double[] {t, concurrency});
    prune(samples, t - spec.stableWindow().toMillis());
    double stable = mean(t - spec.stableWindow().toMillis());
    double panic = mean(t - spec.panicWindow().toMillis());
    int dStable = (int) Math.ceil(stable / spec.targetConcurrency() - 1e-9);
    int dPanic = (int) Math.ceil(panic / spec.targetConcurrency() - 1e-9);
    if (dPanic > 0 && dPanic >= 2 * current) panicUntil = now.plus(spec.stableWindow());
    boolean panicking = panicUntil != null && now.isBefore(panicUntil);
    int raw = panicking ? Math.max(dPanic, current) : dStable;
    if (spec.targetQueueTime() != null && meanQueueWaitMs > spec.targetQueueTime().toMillis()) {
      raw = Math.max(raw, current + 1);
    }
    if (queued > 0) raw = Math.max(raw, 1);
    boolean idle = !busy && (lastActivity == null || !now.isBefore(lastActivity.plus(spec.idleTimeout())));
    if (!idle) raw = Math.max(raw, 1);
    raw = clamp(raw);
    decisions.addLast(new long[] {t, raw});
    while (!decisions.isEmpty() && decisions.peekFirst()[0] <= t - spec.stableWindow().toMillis()) {
      decisions.removeFirst();
    }
    if (idle && spec.minReplicas() == 0 && queued == 0) return 0;
    int desired = raw;
    if (!panicking) {
      // scale down only after the lower decision held for the whole stable window
      for (long[] d : decisions) desired = (int) Math.max(desired, Math.min(d[1], Math.max(current, raw)));
    }
    return clamp(desired);
  }

  /**
   * The concurrency sample the runtime feeds to {@link #decide}: the observed peak of requests in flight plus
   * queued, capped by the larger of Little's law (arrivals over the panic window / panic window × mean service
   * time) and the requests in flight for longer than the panic window (their arrival no longer counts). Like
   * Knative's averaged concurrency, Little's law is the time-average over the panic window rather than the peak;
   * the cap removes the backlog that piles up while replicas boot — the replicas already launching are the
   * capacity for it — and the spike when that backlog reaches the first ready replica at once.
   *
   * @param concurrency peak requests in flight plus queued since the previous tick
   * @param longRunning requests in flight for at least the panic window
   * @param arrivalsInPanicWindow requests that arrived in the last panic window
   * @param meanServiceMs observed mean service time; NaN before the first completion, then one panic window
   *     is assumed
   */
  public static double demand(double concurrency, int longRunning, int arrivalsInPanicWindow,
      Duration panicWindow, double meanServiceMs) {
    double serviceMs = Double.isNaN(meanServiceMs) ? panicWindow.toMillis() : meanServiceMs;
    return Math.min(concurrency, Math.max(longRunning, arrivalsInPanicWindow * serviceMs / panicWindow.toMillis()));
  }

  /**
   * Predictive pre-warming ({@link EndpointSpec#prewarm()}): the replicas the demand expected one {@code horizon}
   * ahead needs, from the recent arrival rate and its trend. The trend is the slope between the rate over the recent
   * window and the rate over the older window before it ({@code gapSeconds} apart, centre to centre); the expected
   * rate is the recent rate plus slope × horizon, at most four times the recent rate; the expected concurrency is that
   * rate × the mean service time (Little's law); replicas = ceil(concurrency / target concurrency), at most
   * {@code maxReplicas}. 0 when the rate is not rising: pre-warming only ever adds capacity ahead of a rise, the
   * reactive decision does the rest.
   *
   * @param recentRate arrivals per second over the recent window
   * @param olderRate arrivals per second over the older window
   * @param horizon how long new capacity takes to be ready (the resume time when a warm worker is stopped, else the
   *     boot time)
   */
  public static int prewarm(double recentRate, double olderRate, double gapSeconds, Duration horizon,
      double meanServiceMs, double targetConcurrency, int maxReplicas) {
    if (!(recentRate > olderRate) || gapSeconds <= 0) return 0;
    double slope = (recentRate - olderRate) / gapSeconds;
    double expected = Math.min(recentRate + slope * horizon.toMillis() / 1000.0, 4 * recentRate);
    double concurrency = expected * meanServiceMs / 1000.0;
    return (int) Math.min(maxReplicas, Math.ceil(concurrency / targetConcurrency - 1e-9));
  }

  /**
   * True if a scale-down must not remove this replica yet ({@link EndpointSpec#scaleDownDelay()}): it is still
   * launching, or it became ready less than {@code scaleDownDelay} ago — removing it would throw away a boot that
   * takes longer to repeat than the replica has served. Unhealthy, replacing and draining replicas are never
   * protected; a zero delay protects nothing.
   */
  static boolean young(Replica.State state, Instant readyAt, Instant now, Duration scaleDownDelay) {
    if (scaleDownDelay == null) throw new IllegalArgumentException("scaleDownDelay");
    if (scaleDownDelay.isZero()) return false;
    if (state == Replica.State.LAUNCHING) return true;
    return state == Replica.State.READY && readyAt != null && now.isBefore(readyAt.plus(scaleDownDelay));
  }

  /**
   * The scale-down delay in force: the spec's, or when it is null the longest of the recent boot times (launch to
   * first healthy), at least the stable window; {@link EndpointSpec#DEFAULT_SCALE_DOWN_DELAY} before any boot was
   * observed.
   */
  public static Duration scaleDownDelay(EndpointSpec spec, java.util.Collection<Duration> recentBoots) {
    if (spec.scaleDownDelay() != null) return spec.scaleDownDelay();
    if (recentBoots.isEmpty()) return EndpointSpec.DEFAULT_SCALE_DOWN_DELAY;
    Duration longest = java.util.Collections.max(recentBoots);
    return longest.compareTo(spec.stableWindow()) > 0 ? longest : spec.stableWindow();
  }

  /** True while in panic mode. */
  public boolean panicking(Instant now) {
    return panicUntil != null && now.isBefore(panicUntil);
  }

  private int clamp(int n) {
    return Math.max(spec.minReplicas(), Math.min(spec.maxReplicas(), n));
  }

  private double mean(long fromMs) {
    double sum = 0;
    int n = 0;
    for (double[] s : samples) {
      if (s[0] > fromMs) {
        sum += s[1];
        n++;
      }
    }
    return n == 0 ? 0 : sum / n;
  }

  private static void prune(ArrayDeque<double[]> q, long beforeMs) {
    Iterator<double[]> it = q.iterator();
    while (it.hasNext()) {
      if (it.next()[0] <= beforeMs) it.remove(); else break;
    }
  }

  /** Window lengths, for diagnostics. */
  public Duration stableWindow() {
    return spec.stableWindow();
  }
}
