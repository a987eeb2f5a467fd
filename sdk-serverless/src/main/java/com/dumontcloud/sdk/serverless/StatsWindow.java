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
  private final ArrayDeque<long[]> coldStarts = new ArrayDeque<>(); // {atMs, durationMs, kind: 0 fresh, 1 resume}
  private final ArrayDeque<long[]> starts = new ArrayDeque<>(); // {atMs, kind: 0 fresh rental, 1 resume}
  private final List<Segment> closed = new ArrayList<>();
  private final List<Segment> storage = new ArrayList<>(); // stopped warm workers' disks

  /** What a replica became ready from: a fresh rental or a resumed warm worker. */
  enum Kind { FRESH, RESUME }

  void request(Instant at, long latencyMs, boolean ok) {
    requests.addLast(new long[] {at.toEpochMilli(), latencyMs, ok ? 1 : 0});
  }

  void coldStart(Instant at, Duration d) {
    coldStart(at, d, Kind.FRESH);
  }

  void coldStart(Instant at, Duration d, Kind kind) {
    coldStarts.addLast(new long[] {at.toEpochMilli(), d.toMillis(), kind.ordinal()});
  }

  /** A replica started: a fresh rental or a resume. */
  void started(Instant at, Kind kind) {
    starts.addLast(new long[] {at.toEpochMilli(), kind.ordinal()});
  }

  void closeStorage(double price, Instant from, Instant to) {
    if (from != null && to != null && to.isAfter(from)) storage.add(new Segment(price, from.toEpochMilli(), to.toEpochMilli()));
  }

  void closeSegment(double price, Instant from, Instant to) {
    if (from != null && to != null && to.isAfter(from)) closed.add(new Segment(price, from.toEpochMilli(), to.toEpochMilli()));
  }

  void prune(Instant now) {
    long cut = now.minus(WINDOW).toEpochMilli();
    prune(requests, cut);
    prune(coldStarts, cut);
    prune(starts, cut);
    closed.removeIf(s -> s.toMs() <= cut);
    storage.removeIf(s -> s.toMs() <= cut);
  }

  private static void prune(ArrayDeque<long[]> q, long cut) {
    Iterator<long[]> it = q.iterator();
    while (it.hasNext()) {
      if (it.next()[0] <= cut) it.remove(); else break;
    }
  }

  /** Stats now; {@code open} are segments of live replicas (to = now). */
  EndpointStats snapshot(String endpointId, Instant now, List<Segment> open, int activeInstances) {
    return snapshot(endpointId, now, open, List.of(), activeInstances, 0);
  }

  /**
   * Stats now; {@code open} are billing segments of live replicas, {@code openStorage} of stopped warm workers
   * (to = now); {@code warmWorkers} stopped warm workers now.
   */
  EndpointStats snapshot(String endpointId, Instant now, List<Segment> open, List<Segment> openStorage,
      int activeInstances, int warmWorkers) {
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
    List<Segment> all = new ArrayList<>(closed);
    all.addAll(open);
    double running = cost(all, cut, nowMs);
    List<Segment> disks = new ArrayList<>(storage);
    disks.addAll(openStorage);
    double stored = cost(disks, cut, nowMs);
    double avg = l.length == 0 ? 0 : Arrays.stream(l).average().orElse(0);
    long fresh = starts.stream().filter(x -> x[1] == Kind.FRESH.ordinal()).count();
    return EndpointStats.builder(endpointId).requests(total, errors).latency(round(avg, 1), pct(l, 50), pct(l, 95),
            pct(l, 99))
        .coldStarts(cs.length, pct(cs, 50), pct(cs, 95))
        .coldStartsResume(kind(Kind.RESUME)).coldStartsFresh(kind(Kind.FRESH))
        .cost(Money.usd(running + stored), Money.usd(stored)).activeInstances(activeInstances).warmWorkers(warmWorkers)
        .starts(fresh, starts.size() - fresh).build();
  }

  private EndpointStats.ColdStarts kind(Kind k) {
    long[] d = coldStarts.stream().filter(c -> c.length > 2 && c[2] == k.ordinal()
        || c.length <= 2 && k == Kind.FRESH).mapToLong(c -> c[1]).sorted().toArray();
    return new EndpointStats.ColdStarts(d.length, pct(d, 50), pct(d, 95));
  }

  private static double cost(List<Segment> segments, long cut, long nowMs) {
    double cost = 0;
    for (Segment s : segments) {
      long from = Math.max(s.fromMs(), cut);
      long to = Math.min(s.toMs(), nowMs);
      if (to > from) cost += s.pricePerHour() * (to - from) / 3_600_000.0;
    }
    return cost;
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
    m.put("cold_starts", coldStarts.stream().map(r -> List.of(r[0], r[1], r.length > 2 ? r[2] : 0)).toList());
    m.put("segments", closed.stream().map(s -> List.of(s.pricePerHour(), s.fromMs(), s.toMs())).toList());
    m.put("storage_segments", storage.stream().map(s -> List.of(s.pricePerHour(), s.fromMs(), s.toMs())).toList());
    m.put("starts", starts.stream().map(r -> List.of(r[0], r[1])).toList());
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
      w.coldStarts.addLast(new long[] {num(r.get(0)), num(r.get(1)), r.size() > 2 ? num(r.get(2)) : 0});
    }
    for (Object o : list(m.get("starts"))) {
      List<?> r = (List<?>) o;
      w.starts.addLast(new long[] {num(r.get(0)), num(r.get(1))});
    }
    for (Object o : list(m.get("storage_segments"))) {
      List<?> r = (List<?>) o;
      w.storage.add(new Segment(((Number) r.get(0)).doubleValue(), num(r.get(1)), num(r.get(2))));
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
