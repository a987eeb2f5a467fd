package com.dumontcloud.sdk.serverless;

import com.dumontcloud.sdk.model.Money;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sliding 24 h record of one endpoint: requests (time, latency, outcome), cold starts (time,
 * duration) and billed replica segments (price, from, to). Time comes from the caller (the scheduler).
 * Not thread-safe; the endpoint runtime guards it.
 */
final class StatsWindow {
  static final Duration WINDOW = Duration.ofHours(24);

  /** One billed stretch of a replica. */
  record Segment(double pricePerHour, long fromMs, long toMs) {}

  private final ArrayDeque<long[]> requests = new ArrayDeque<>(); // {atMs, latencyMs, ok 1/0}
  private final ArrayDeque<long[]> coldStarts = new ArrayDeque<>(); // {atMs, durationMs}
  private final List<Segment> closed = new ArrayList<>();

  void request(Instant at, long latencyMs, boolean ok) {
    requests.addLast(new long[] {at.toEpochMilli(), latencyMs, ok ? 1 : 0});
  }

  void coldStart(Instant at, Duration d) {
    coldStarts.addLast(new long[] {at.toEpochMilli(), d.toMillis()});
  }

  void closeSegment(double price, Instant from, Instant to) {
    if (from != null && to != null && to.isAfter(from)) closed.add(new Segment(price, from.toEpochMilli(), to.toEpochMilli()));
  }

  void prune(Instant now) {
    long cut = now.minus(WINDOW).toEpochMilli();
    prune(requests, cut);
    prune(coldStarts, cut);
    closed.removeIf(s -> s.toMs() <= cut);
  }

  private static void prune(ArrayDeque<long[]> q, long cut) {
    Iterator<long[]> it = q.iterator();
    while (it.hasNext()) {
      if (it.next()[0] <= cut) it.remove(); else break;
    }
  }

  /** Stats now; {@code open} are segments of live replicas (to = now). */
  EndpointStats snapshot(String endpointId, Instant now, List<Segment> open, int activeInstances) {
    prune(now);
    long cut = now.minus(WINDOW).toEpochMilli();
    long nowMs = now.toEpochMilli();
    int total = requests.size();
    int errors = 0;
    List<Long> lat = new ArrayList<>();
    for (long[] r : requests) {
      if (r[2] == 1) lat.add(r[1]); else errors++;
    }
    long[] l = lat.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(l);
    long[] cs = coldStarts.stream().mapToLong(c -> c[1]).toArray();
    Arrays.sort(cs);
    double cost = 0;
    List<Segment> all = new ArrayList<>(closed);
    all.addAll(open);
    for (Segment s : all) {
      long from = Math.max(s.fromMs(), cut);
      long to = Math.min(s.toMs(), nowMs);
      if (to > from) cost += s.pricePerHour() * (to - from) / 3_600_000.0;
    }
    double avg = l.length == 0 ? 0 : Arrays.stream(l).average().orElse(0);
    return new EndpointStats(endpointId, total, errors, round(avg, 1), pct(l, 50), pct(l, 95), pct(l, 99),
        cs.length, pct(cs, 50), pct(cs, 95), Money.usd(cost), activeInstances);
  }

  /** Nearest-rank percentile, 0 for no data. */
  static long pct(long[] sorted, double p) {
    if (sorted.length == 0) return 0;
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  static double round(double v, int decimals) {
    double f = Math.pow(10, decimals);
    return Math.round(v * f) / f;
  }

  // ---------------------------------------------------------------- persistence

  Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("requests", requests.stream().map(r -> List.of(r[0], r[1], r[2])).toList());
    m.put("cold_starts", coldStarts.stream().map(r -> List.of(r[0], r[1])).toList());
    m.put("segments", closed.stream().map(s -> List.of(s.pricePerHour(), s.fromMs(), s.toMs())).toList());
    return m;
  }

  static StatsWindow fromJson(Map<String, Object> m) {
    StatsWindow w = new StatsWindow();
    if (m == null) return w;
    for (Object o : list(m.get("requests"))) {
      List<?> r = (List<?>) o;
      w.requests.addLast(new long[] {num(r.get(0)), num(r.get(1)), num(r.get(2))});
    }
    for (Object o : list(m.get("cold_starts"))) {
      List<?> r = (List<?>) o;
      w.coldStarts.addLast(new long[] {num(r.get(0)), num(r.get(1))});
    }
    for (Object o : list(m.get("segments"))) {
      List<?> r = (List<?>) o;
      w.closed.add(new Segment(((Number) r.get(0)).doubleValue(), num(r.get(1)), num(r.get(2))));
    }
    return w;
  }

  private static List<?> list(Object o) {
    return o instanceof List<?> l ? l : List.of();
  }

  private static long num(Object o) {
    return ((Number) o).longValue();
  }
}
