package com.dumontcloud.sdk.testkit.replay;

import com.dumontcloud.sdk.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How long one model-server replica takes to answer LLM requests, on a {@link Scheduler}'s time (virtual in
 * replays): a continuous-batching server in the style of vLLM, reduced to five constants. This is a <b>model</b>,
 * not a measurement; its default constants are round numbers for a 7B model in 16-bit weights on one 24 GB GPU
 * (Qwen 2.5 7B on an RTX 4090-class card: one sequence decodes at about memory bandwidth ÷ weight size).
 *
 * <ul>
 *   <li><b>Batch.</b> A replica runs at most {@code maxBatch} sequences at once (vLLM's {@code max_num_seqs});
 *       further requests wait in its own FIFO queue.
 *   <li><b>Overhead.</b> Each admitted request first spends a fixed {@code overhead} (tokenisation, scheduling,
 *       network), not shared.
 *   <li><b>Prefill</b> is compute-bound: the replica processes prompt tokens at {@code prefill} tokens/s in total,
 *       shared equally by the requests prefilling at the same time (processor sharing). The first output token is
 *       produced when a request's prefill ends.
 *   <li><b>Decode</b> is memory-bandwidth-bound: with n sequences in the batch (any phase), each decoding sequence
 *       generates {@code decode / (1 + contention·(n−1))} tokens/s, so one sequence alone gets {@code decode}
 *       tokens/s and the replica's total approaches {@code decode / contention} tokens/s as the batch grows.
 *       A request generating k tokens decodes k−1 after its first.
 * </ul>
 *
 * <p>Time to first token = wait in the endpoint's queue + wait in the replica's queue + overhead + prefill; latency
 * adds the decode. Rates change whenever a request joins or leaves a phase, so requests finish later when more run
 * at once. Defaults: overhead 150 ms, prefill 5000 tokens/s, decode 50 tokens/s per sequence, contention α = 0.02
 * (at most 2500 tokens/s per replica; 1400 at a full batch), batch 64. A request with 1000 prompt and 100 output
 * tokens takes 0.15 + 0.2 + 99/50 = 2.33 s alone; in a batch of 8 its decode takes 99·(1 + 0.02·7)/50 = 2.26 s
 * instead of 1.98 s, and its prefill is shared with the others that prefill at the same time.
 */
public final class LlmServiceModel {
  public static final Duration DEFAULT_OVERHEAD = Duration.ofMillis(150);
  public static final double DEFAULT_PREFILL_TOKENS_PER_SECOND = 5000;
  public static final double DEFAULT_DECODE_TOKENS_PER_SECOND = 50;
  public static final double DEFAULT_CONTENTION = 0.02;
  public static final int DEFAULT_MAX_BATCH = 64;
  private static final double EPS = 1e-6; // tokens

  private final Duration overhead;
  private final double prefill;
  private final double decode;
  private final double contention;
  private final int maxBatch;

  private LlmServiceModel(Builder b) {
    this.overhead = b.overhead;
    this.prefill = b.prefill;
    this.decode = b.decode;
    this.contention = b.contention;
    this.maxBatch = b.maxBatch;
  }

  /** The default constants (see the class comment). */
  public static LlmServiceModel defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Duration overhead() { return overhead; }
  /** Prompt tokens per second a replica prefills, shared by the requests prefilling at once. */
  public double prefillTokensPerSecond() { return prefill; }
  /** Output tokens per second of one sequence decoding alone. */
  public double decodeTokensPerSecond() { return decode; }
  /** α: how much each further sequence in the batch slows every decoding sequence. */
  public double contention() { return contention; }
  public int maxBatch() { return maxBatch; }

  /** Decode rate of each sequence with {@code batch} sequences on the replica: decode / (1 + α·(batch−1)). */
  public double decodeRate(int batch) {
    return decode / (1 + contention * (Math.max(1, batch) - 1));
  }

  /** Arrival to last token for a request alone on an idle replica. */
  public Duration isolatedServiceTime(int inputTokens, int outputTokens) {
    return serviceTimeAt(inputTokens, outputTokens, 1);
  }

  /**
   * Steady-state estimate with {@code batch} sequences on the replica the whole time (prefill not shared): overhead +
   * in / prefill + (out − 1) / decodeRate(batch). For sizing; a replay evaluates the exact sharing instead.
   */
  public Duration serviceTimeAt(int inputTokens, int outputTokens, int batch) {
    double s = overhead.toNanos() / 1e9 + inputTokens / prefill + Math.max(0, outputTokens - 1) / decodeRate(batch);
    return Duration.ofNanos((long) Math.ceil(s * 1e9));
  }

  /** A new idle replica whose time is {@code scheduler}'s. */
  public Server server(Scheduler scheduler) {
    return new Server(scheduler);
  }

  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", "continuous batching: overhead + shared prefill + decode slowed by the batch");
    m.put("overhead_ms", overhead.toMillis());
    m.put("prefill_tokens_per_s", prefill);
    m.put("decode_tokens_per_s", decode);
    m.put("decode_contention", contention);
    m.put("max_batch", maxBatch);
    return m;
  }

  @Override
  public String toString() {
    return "LlmServiceModel[overhead=" + overhead.toMillis() + " ms, prefill=" + prefill + " tok/s, decode=" + decode
        + " tok/s/seq, contention=" + contention + ", maxBatch=" + maxBatch + "]";
  }

  private enum Phase { QUEUED, OVERHEAD, PREFILL, DECODE, DONE }

  /** One request on a {@link Server}: its times so far (null until reached). */
  public static final class Sequence {
    private final int inputTokens;
    private final int outputTokens;
    private final Instant submittedAt;
    private final Consumer<Sequence> onDone;
    private Phase phase = Phase.QUEUED;
    private Instant startedAt;
    private Instant overheadEnd;
    private Instant firstTokenAt;
    private Instant doneAt;
    private double remaining;

    private Sequence(int inputTokens, int outputTokens, Instant submittedAt, Consumer<Sequence> onDone) {
      this.inputTokens = inputTokens;
      this.outputTokens = outputTokens;
      this.submittedAt = submittedAt;
      this.onDone = onDone;
    }

    public int inputTokens() { return inputTokens; }
    public int outputTokens() { return outputTokens; }
    public Instant submittedAt() { return submittedAt; }
    /** Admitted to the batch (after any wait in the replica's queue). */
    public synchronized Instant startedAt() { return startedAt; }
    /** End of prefill: the first output token. */
    public synchronized Instant firstTokenAt() { return firstTokenAt; }
    /** Last output token. */
    public synchronized Instant doneAt() { return doneAt; }
  }

  /**
   * One replica's batch on virtual (or real) time. {@link #submit} a request; its callback runs on the scheduler when
   * its last token is out. Thread-safe; callbacks run outside the server's lock.
   */
  public final class Server {
    private final Scheduler scheduler;
    private final ArrayDeque<Sequence> queue = new ArrayDeque<>();
    private final List<Sequence> batch = new ArrayList<>();
    private Instant last;
    private long generation;
    private long served;

    private Server(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      this.last = scheduler.now();
    }

    /** Start serving a request now (or queue it behind a full batch); {@code onDone} gets it when it is done. */
    public Sequence submit(int inputTokens, int outputTokens, Consumer<Sequence> onDone) {
      if (inputTokens < 0 || outputTokens < 0) throw new IllegalArgumentException("token counts must be >= 0");
      Objects.requireNonNull(onDone, "onDone");
      List<Sequence> done;
      Sequence s;
      synchronized (this) {
        Instant now = scheduler.now();
        advance(now);
        s = new Sequence(inputTokens, outputTokens, now, onDone);
        queue.addLast(s);
        done = settle(now);
        reschedule(now);
      }
      finish(done);
      return s;
    }

    /** Sequences in the batch now. */
    public synchronized int active() {
      return batch.size();
    }

    /** Requests waiting in this replica's queue for a place in the batch. */
    public synchronized int waiting() {
      return queue.size();
    }

    /** Requests finished so far. */
    public synchronized long served() {
      return served;
    }

    private void wake(long gen) {
      List<Sequence> done;
      synchronized (this) {
        if (gen != generation) return; // superseded by a later change
        Instant now = scheduler.now();
        advance(now);
        done = settle(now);
        reschedule(now);
      }
      finish(done);
    }

    /** Progress every sequence at the rates in force since the last event (nothing changed phase in between). */
    private void advance(Instant now) {
      double dt = Duration.between(last, now).toNanos() / 1e9;
      last = now;
      if (dt <= 0) return;
      int prefilling = 0;
      for (Sequence s : batch) if (s.phase == Phase.PREFILL) prefilling++;
      double pr = prefilling == 0 ? 0 : prefill / prefilling;
      double dr = decodeRate(batch.size());
      for (Sequence s : batch) {
        if (s.phase == Phase.PREFILL) s.remaining -= pr * dt;
        else if (s.phase == Phase.DECODE) s.remaining -= dr * dt;
      }
    }

    /** Move sequences whose phase ended to the next one, admit from the queue; the finished ones. */
    private List<Sequence> settle(Instant now) {
      List<Sequence> done = new ArrayList<>();
      boolean changed = true;
      while (changed) {
        changed = false;
        while (batch.size() < maxBatch && !queue.isEmpty()) {
          Sequence s = queue.removeFirst();
          synchronized (s) {
            s.phase = Phase.OVERHEAD;
            s.startedAt = now;
            s.overheadEnd = now.plus(overhead);
          }
          batch.add(s);
          changed = true;
        }
        for (var it = batch.iterator(); it.hasNext(); ) {
          Sequence s = it.next();
          synchronized (s) {
            if (s.phase == Phase.OVERHEAD && !now.isBefore(s.overheadEnd)) {
              s.phase = Phase.PREFILL;
              s.remaining = s.inputTokens;
            }
            if (s.phase == Phase.PREFILL && s.remaining <= EPS) {
              s.firstTokenAt = now;
              s.phase = Phase.DECODE;
              s.remaining = Math.max(0, s.outputTokens - 1);
            }
            if (s.phase == Phase.DECODE && s.remaining <= EPS) {
              s.phase = Phase.DONE;
              s.doneAt = now;
              it.remove();
              done.add(s);
              served++;
              changed = true;
            }
          }
        }
      }
      return done;
    }

    /** One wake-up at the earliest phase end under the current rates (rounded up to the microsecond). */
    private void reschedule(Instant now) {
      generation++;
      if (batch.isEmpty()) return;
      int prefilling = 0;
      for (Sequence s : batch) if (s.phase == Phase.PREFILL) prefilling++;
      double pr = prefilling == 0 ? 0 : prefill / prefilling;
      double dr = decodeRate(batch.size());
      double next = Double.MAX_VALUE;
      for (Sequence s : batch) {
        double in = switch (s.phase) {
          case OVERHEAD -> Duration.between(now, s.overheadEnd).toNanos() / 1e9;
          case PREFILL -> s.remaining / pr;
          case DECODE -> s.remaining / dr;
          default -> Double.MAX_VALUE;
        };
        next = Math.min(next, in);
      }
      long micros = Math.max(1, (long) Math.ceil(next * 1e6));
      long gen = generation;
      scheduler.schedule(() -> wake(gen), Duration.ofNanos(micros * 1000));
    }

    private static void finish(List<Sequence> done) {
      for (Sequence s : done) s.onDone.accept(s);
    }
  }

  /** Builder; every constant has the default of the class comment. */
  public static final class Builder {
    private Duration overhead = DEFAULT_OVERHEAD;
    private double prefill = DEFAULT_PREFILL_TOKENS_PER_SECOND;
    private double decode = DEFAULT_DECODE_TOKENS_PER_SECOND;
    private double contention = DEFAULT_CONTENTION;
    private int maxBatch = DEFAULT_MAX_BATCH;

    private Builder() {}

    public Builder overhead(Duration d) {
      if (d == null || d.isNegative()) throw new IllegalArgumentException("overhead must be >= 0, got " + d);
      overhead = d;
      return this;
    }

    public Builder prefillTokensPerSecond(double v) {
      if (!(v > 0) || Double.isInfinite(v)) throw new IllegalArgumentException("prefill tokens/s must be > 0, got " + v);
      prefill = v;
      return this;
    }

    public Builder decodeTokensPerSecond(double v) {
      if (!(v > 0) || Double.isInfinite(v)) throw new IllegalArgumentException("decode tokens/s must be > 0, got " + v);
      decode = v;
      return this;
    }

    public Builder contention(double v) {
      if (!(v >= 0) || Double.isInfinite(v)) throw new IllegalArgumentException("contention must be >= 0, got " + v);
      contention = v;
      return this;
    }

    public Builder maxBatch(int n) {
      if (n < 1) throw new IllegalArgumentException("maxBatch must be >= 1, got " + n);
      maxBatch = n;
      return this;
    }

    public LlmServiceModel build() {
      return new LlmServiceModel(this);
    }
  }
}
