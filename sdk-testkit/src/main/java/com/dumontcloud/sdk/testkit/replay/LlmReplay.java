package com.dumontcloud.sdk.testkit.replay;

import com.dumontcloud.sdk.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Drives an {@link LlmTrace} through a router onto modelled replicas, on a {@link Scheduler}'s time: each request
 * arrives at its trace time, asks the {@link Router} for a replica (which may hold it in a queue, or fail it), is
 * served there by that replica's {@link LlmServiceModel.Server}, and completes its lease with the service time. Every
 * request ends as exactly one {@link Outcome}: answered (with its time to first token and latency) or an error.
 * Nothing here knows which router it drives: a serverless endpoint, an always-on fleet, a test double.
 *
 * <pre>{@code
 * LlmReplay replay = LlmReplay.start(scheduler, LlmTrace.synthetic(42, Duration.ofHours(1)),
 *     LlmServiceModel.defaults(), arrivedAt -> router.acquire(arrivedAt));
 * scheduler.advanceBy(Duration.ofHours(1).plusMinutes(10));
 * LlmReplay.Summary s = replay.summary();
 * }</pre>
 */
public final class LlmReplay {
  /** Chooses a replica for one request, now or later; a failed future is the request's error. */
  @FunctionalInterface
  public interface Router {
    CompletableFuture<? extends Lease> acquire(Instant arrivedAt);
  }

  /** A request's hold on one replica, released by {@link #complete}. */
  public interface Lease {
    /** The replica (requests with the same id share one modelled server). */
    String replicaId();

    /** The request is done on the replica after {@code serviceTime} from when it got the lease. */
    void complete(boolean ok, Duration serviceTime);
  }

  /**
   * What happened to one request.
   *
   * @param index position in the trace
   * @param request the request
   * @param arrivedAt arrival
   * @param acquiredAt when it got a replica, or null for an error
   * @param firstTokenAt end of its prefill, or null for an error
   * @param doneAt last token, or when it failed
   * @param replicaId the replica that served it, or null
   * @param error why it failed, or null when answered
   */
  public record Outcome(int index, LlmRequest request, Instant arrivedAt, Instant acquiredAt, Instant firstTokenAt,
      Instant doneAt, String replicaId, String error) {
    public boolean ok() {
      return error == null;
    }

    /** Arrival to last token (queue wait included); for an error, arrival to the failure. */
    public Duration latency() {
      return Duration.between(arrivedAt, doneAt);
    }

    /** Time to first token (queue waits included), or null for an error. */
    public Duration timeToFirstToken() {
      return firstTokenAt == null ? null : Duration.between(arrivedAt, firstTokenAt);
    }
  }

  /**
   * Percentiles over the answered requests (nearest rank, milliseconds; 0 with none).
   *
   * @param requests requests in the trace
   * @param answered requests answered
   * @param errors requests failed (rejected, timed out)
   * @param pending requests neither answered nor failed yet
   * @param p50Ms median latency, arrival to last token
   * @param p95Ms 95th percentile latency
   * @param p99Ms 99th percentile latency
   * @param ttftP50Ms median time to first token
   * @param ttftP95Ms 95th percentile time to first token
   * @param ttftP99Ms 99th percentile time to first token
   */
  public record Summary(int requests, int answered, int errors, int pending, long p50Ms, long p95Ms, long p99Ms,
      long ttftP50Ms, long ttftP95Ms, long ttftP99Ms) {
    public Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("requests", requests);
      m.put("answered", answered);
      m.put("errors", errors);
      m.put("pending", pending);
      m.put("p50_ms", p50Ms);
      m.put("p95_ms", p95Ms);
      m.put("p99_ms", p99Ms);
      m.put("ttft_p50_ms", ttftP50Ms);
      m.put("ttft_p95_ms", ttftP95Ms);
      m.put("ttft_p99_ms", ttftP99Ms);
      return m;
    }
  }

  private final Scheduler scheduler;
  private final LlmTrace trace;
  private final LlmServiceModel model;
  private final Router router;
  private final Instant start;
  private final Outcome[] outcomes;
  private final Map<String, LlmServiceModel.Server> servers = new LinkedHashMap<>();
  private int next;
  private int resolved;

  private LlmReplay(Scheduler scheduler, LlmTrace trace, LlmServiceModel model, Router router) {
    this.scheduler = scheduler;
    this.trace = trace;
    this.model = model;
    this.router = router;
    this.start = scheduler.now();
    this.outcomes = new Outcome[trace.size()];
  }

  /**
   * Schedule the trace's arrivals from now (the trace's time 0 is {@code scheduler.now()}); nothing runs until the
   * scheduler's time advances. Arrivals are scheduled one at a time, so a long trace adds one pending task.
   */
  public static LlmReplay start(Scheduler scheduler, LlmTrace trace, LlmServiceModel model, Router router) {
    LlmReplay r = new LlmReplay(Objects.requireNonNull(scheduler, "scheduler"), Objects.requireNonNull(trace, "trace"),
        Objects.requireNonNull(model, "model"), Objects.requireNonNull(router, "router"));
    r.scheduleNext();
    return r;
  }

  private void scheduleNext() {
    if (next >= trace.size()) return;
    Instant due = start.plusMillis(trace.requests().get(next).atMs());
    Duration delay = Duration.between(scheduler.now(), due);
    scheduler.schedule(this::arrive, delay.isNegative() ? Duration.ZERO : delay);
  }

  private void arrive() {
    long nowMs = Duration.between(start, scheduler.now()).toMillis();
    while (next < trace.size() && trace.requests().get(next).atMs() <= nowMs) send(next++);
    scheduleNext();
  }

  private void send(int index) {
    LlmRequest q = trace.requests().get(index);
    Instant arrived = scheduler.now();
    CompletableFuture<? extends Lease> f;
    try {
      f = router.acquire(arrived);
    } catch (RuntimeException e) {
      fail(index, q, arrived, e);
      return;
    }
    f.whenComplete((lease, err) -> {
      if (err != null || lease == null) {
        fail(index, q, arrived, err);
        return;
      }
      Instant acquired = scheduler.now();
      server(lease.replicaId()).submit(q.inputTokens(), q.outputTokens(), s -> {
        lease.complete(true, Duration.between(acquired, s.doneAt()));
        resolve(new Outcome(index, q, arrived, acquired, s.firstTokenAt(), s.doneAt(), lease.replicaId(), null));
      });
    });
  }

  private void fail(int index, LlmRequest q, Instant arrived, Throwable err) {
    Throwable e = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
    String why = e == null ? "no replica" : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    resolve(new Outcome(index, q, arrived, null, null, scheduler.now(), null, why));
  }

  private synchronized LlmServiceModel.Server server(String replicaId) {
    return servers.computeIfAbsent(replicaId, id -> model.server(scheduler));
  }

  private synchronized void resolve(Outcome o) {
    if (outcomes[o.index()] == null) resolved++;
    outcomes[o.index()] = o;
  }

  /** When the trace's time 0 was. */
  public Instant startedAt() {
    return start;
  }

  public LlmTrace trace() {
    return trace;
  }

  /** True once every request was answered or failed. */
  public synchronized boolean finished() {
    return resolved == outcomes.length;
  }

  /** Requests not answered or failed yet. */
  public synchronized int pending() {
    return outcomes.length - resolved;
  }

  /** Outcomes so far, in trace order (requests still pending are left out). */
  public synchronized List<Outcome> outcomes() {
    List<Outcome> out = new ArrayList<>(resolved);
    for (Outcome o : outcomes) if (o != null) out.add(o);
    return out;
  }

  /** Distinct replicas that served requests. */
  public synchronized int replicasUsed() {
    return servers.size();
  }

  public Summary summary() {
    return summarize(trace.size(), outcomes());
  }

  /** Percentiles of these outcomes (e.g. those that arrived in one minute). */
  public static Summary summarize(int requests, List<Outcome> outcomes) {
    long[] lat = outcomes.stream().filter(Outcome::ok).mapToLong(o -> o.latency().toMillis()).sorted().toArray();
    long[] ttft = outcomes.stream().filter(Outcome::ok).mapToLong(o -> o.timeToFirstToken().toMillis()).sorted().toArray();
    int errors = (int) outcomes.stream().filter(o -> !o.ok()).count();
    return new Summary(requests, lat.length, errors, requests - lat.length - errors, percentile(lat, 0.50),
        percentile(lat, 0.95), percentile(lat, 0.99), percentile(ttft, 0.50), percentile(ttft, 0.95),
        percentile(ttft, 0.99));
  }

  /** Nearest-rank percentile of sorted values, 0 for none. */
  public static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) return 0;
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
  }

  /** {@link #percentile} of unsorted values. */
  public static long percentileOf(long[] values, double p) {
    long[] s = values.clone();
    Arrays.sort(s);
    return percentile(s, p);
  }
}
