package com.dumontcloud.sdk.webhook;

import com.dumontcloud.sdk.engine.EngineEvent;
import com.dumontcloud.sdk.engine.EngineListener;
import com.dumontcloud.sdk.spi.support.Redaction;
import com.dumontcloud.sdk.time.Scheduler;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.Executor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers engine events to webhooks: for each event whose type a hook wants, a {@code POST} of the event's stable
 * JSON form ({@link EngineEvent#toJson()}) with the headers {@code Content-Type: application/json},
 * {@value WebhookSignature#TIMESTAMP_HEADER}, {@value WebhookSignature#SIGNATURE_HEADER} (see
 * {@link WebhookSignature}), {@code X-Dumont-Event} (the type) and {@code X-Dumont-Delivery} (an id that stays the
 * same across attempts).
 *
 * <ul>
 *   <li>Off the engine thread: {@link #onEvent} only queues; sending happens on the listener's executor (one named
 *       daemon thread {@code sdk-webhook-N} unless one is given).
 *   <li>Each attempt has a timeout (default 10 s, the whole call: connect, send, wait, read).
 *   <li>Retries: resilience4j {@link Retry} decides (default 3 attempts, exponential backoff from 1 s, doubling);
 *       the waits are scheduled on the {@link Scheduler}, so a virtual scheduler makes them instant in tests.
 *       Connection failures, timeouts, 408, 429 and 5xx are retried; another 4xx fails at once (the receiver
 *       refused it: a wrong secret, a bad URL).
 *   <li>The delivery log keeps the last {@code logCapacity} deliveries (default 1000): event, URL (redacted),
 *       attempts, status, outcome, error. A delivery that gives up is logged once at WARN, without the secret.
 * </ul>
 */
public final class WebhookListener implements EngineListener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebhookListener.class);
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final List<WebhookEndpoint> endpoints;
  private final Scheduler scheduler;
  private final Executor executor;
  private final ExecutorService ownExecutor;
  private final OkHttpClient http;
  private final Retry retry;
  private final int logCapacity;
  private final Map<String, WebhookDelivery> deliveries = new LinkedHashMap<>();
  private volatile boolean closed;

  private WebhookListener(Builder b) {
    this.endpoints = List.copyOf(b.endpoints);
    this.scheduler = Objects.requireNonNull(b.scheduler, "scheduler");
    if (b.executor != null) {
      this.executor = b.executor;
      this.ownExecutor = null;
    } else {
      this.ownExecutor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sdk-webhook-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
      this.executor = ownExecutor;
    }
    this.http = new OkHttpClient.Builder().callTimeout(b.timeout.toMillis(), TimeUnit.MILLISECONDS)
        .retryOnConnectionFailure(false).followRedirects(false).build();
    this.retry = Retry.of("dumont-webhook", RetryConfig.custom()
        .maxAttempts(b.maxAttempts)
        .intervalFunction(IntervalFunction.ofExponentialBackoff(b.initialBackoff, 2.0))
        .retryOnException(t -> t instanceof AttemptFailed f && f.retryable)
        .build());
    this.logCapacity = b.logCapacity;
  }

  public static Builder builder(Scheduler scheduler) {
    Builder b = new Builder();
    b.scheduler = scheduler;
    return b;
  }

  /** The hooks this listener delivers to. */
  public List<WebhookEndpoint> endpoints() {
    return endpoints;
  }

  @Override
  public void onEvent(EngineEvent event) {
    if (closed) return;
    String body = null;
    for (WebhookEndpoint e : endpoints) {
      if (!e.wants(event.type())) continue;
      if (body == null) body = event.toJson();
      Delivery d = new Delivery(e, event, body, retry.asyncContext());
      update(d, WebhookDelivery.Outcome.PENDING, null, null);
      submit(d);
    }
  }

  private void submit(Delivery d) {
    try {
      executor.execute(() -> attempt(d));
    } catch (RejectedExecutionException stopped) {
      update(d, WebhookDelivery.Outcome.FAILED, null, "the listener was closed before delivery");
    }
  }

  private void attempt(Delivery d) {
    if (closed) {
      update(d, WebhookDelivery.Outcome.FAILED, null, "the listener was closed before delivery");
      return;
    }
    d.attempts++;
    long ts = scheduler.now().getEpochSecond();
    Request req = new Request.Builder().url(d.endpoint.url())
        .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(ts))
        .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(d.endpoint.secret(), ts, d.body))
        .header("X-Dumont-Event", d.event.type())
        .header("X-Dumont-Delivery", d.id)
        .header("User-Agent", "dumont-sdk-java/0.1.0 webhook")
        .post(RequestBody.create(d.body, JSON)).build();
    AttemptFailed failure;
    try (Response resp = http.newCall(req).execute()) {
      int status = resp.code();
      if (status >= 200 && status < 300) {
        d.retry.onComplete();
        update(d, WebhookDelivery.Outcome.DELIVERED, status, null);
        return;
      }
      boolean retryable = status == 408 || status == 429 || status >= 500;
      failure = new AttemptFailed(status, "HTTP " + status, retryable);
    } catch (InterruptedIOException e) {
      failure = new AttemptFailed(null, "timed out", true);
    } catch (IOException | RuntimeException e) {
      failure = new AttemptFailed(null, Redaction.scrub(String.valueOf(e.getMessage()),
          List.of(d.endpoint.secret().reveal())), true);
    }
    long delayMs = d.retry.onError(failure);
    if (delayMs < 0) {
      update(d, WebhookDelivery.Outcome.FAILED, failure.status, failure.getMessage());
      log.warn("[url={}, event={}, delivery={}, attempts={}] webhook delivery failed: {}", d.safeUrl, d.event.type(),
          d.id, d.attempts, failure.getMessage());
      return;
    }
    update(d, WebhookDelivery.Outcome.PENDING, failure.status, failure.getMessage());
    log.debug("[url={}, event={}, attempt={}, delayMs={}] webhook retry after {}", d.safeUrl, d.event.type(),
        d.attempts, delayMs, failure.getMessage());
    scheduler.schedule(() -> submit(d), Duration.ofMillis(delayMs));
  }

  private synchronized void update(Delivery d, WebhookDelivery.Outcome outcome, Integer status, String error) {
    Instant now = scheduler.now();
    deliveries.remove(d.id);
    deliveries.put(d.id, new WebhookDelivery(d.id, d.event.type(), d.event.deploymentId(), d.safeUrl, d.attempts,
        status, outcome, error, d.createdAt, now));
    while (deliveries.size() > logCapacity) deliveries.remove(deliveries.keySet().iterator().next());
  }

  /** The delivery log, oldest first. */
  public synchronized List<WebhookDelivery> deliveries() {
    return List.copyOf(deliveries.values());
  }

  /**
   * The deliveries that match every non-null argument, oldest first.
   *
   * @param eventType an event type, or null
   * @param url a hook URL (as configured; compared redacted), or null
   * @param outcome an outcome, or null
   */
  public synchronized List<WebhookDelivery> deliveries(String eventType, String url, WebhookDelivery.Outcome outcome) {
    String safe = url == null ? null : Redaction.redactUrl(url);
    List<WebhookDelivery> out = new ArrayList<>();
    for (WebhookDelivery d : deliveries.values()) {
      if (eventType != null && !eventType.equals(d.eventType())) continue;
      if (safe != null && !safe.equals(d.url())) continue;
      if (outcome != null && outcome != d.outcome()) continue;
      out.add(d);
    }
    return out;
  }

  /** Stop delivering: queued deliveries fail as "closed"; only what this listener created is shut down. */
  @Override
  public void close() {
    closed = true;
    if (ownExecutor != null) ownExecutor.shutdownNow();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  @Override
  public String toString() {
    return "WebhookListener" + endpoints;
  }

  /** One event on its way to one hook. */
  private static final class Delivery {
    final String id = UUID.randomUUID().toString();
    final WebhookEndpoint endpoint;
    final EngineEvent event;
    final String body;
    final Retry.AsyncContext<Object> retry;
    final String safeUrl;
    final Instant createdAt;
    volatile int attempts;

    Delivery(WebhookEndpoint endpoint, EngineEvent event, String body, Retry.AsyncContext<Object> retry) {
      this.endpoint = endpoint;
      this.event = event;
      this.body = body;
      this.retry = retry;
      this.safeUrl = Redaction.redactUrl(endpoint.url());
      this.createdAt = event.at();
    }
  }

  /** A failed attempt, as resilience4j sees it. */
  private static final class AttemptFailed extends RuntimeException {
    final Integer status;
    final boolean retryable;

    AttemptFailed(Integer status, String message, boolean retryable) {
      super(message, null, false, false);
      this.status = status;
      this.retryable = retryable;
    }
  }

  /** Builder of {@link WebhookListener}. */
  public static final class Builder {
    private final List<WebhookEndpoint> endpoints = new ArrayList<>();
    private Scheduler scheduler;
    private Executor executor;
    private Duration timeout = Duration.ofSeconds(10);
    private int maxAttempts = 3;
    private Duration initialBackoff = Duration.ofSeconds(1);
    private int logCapacity = 1000;

    private Builder() {}

    /** Add a hook. */
    public Builder addEndpoint(WebhookEndpoint e) { endpoints.add(Objects.requireNonNull(e, "endpoint")); return this; }
    /** The hooks (replaces). */
    public Builder endpoints(List<WebhookEndpoint> list) { endpoints.clear(); list.forEach(this::addEndpoint); return this; }
    /** Where deliveries are sent from (default: one named daemon thread; a caller's executor is never shut down). */
    public Builder executor(Executor e) { executor = Objects.requireNonNull(e, "executor"); return this; }
    /** Timeout of one attempt (default 10 s). */
    public Builder timeout(Duration d) { timeout = positive("timeout", d); return this; }
    /** Attempts per delivery including the first (default 3). */
    public Builder maxAttempts(int n) {
      if (n < 1) throw new IllegalArgumentException("webhook maxAttempts must be at least 1, got " + n);
      maxAttempts = n;
      return this;
    }
    /** Wait before the first retry (default 1 s; doubles per retry). */
    public Builder initialBackoff(Duration d) { initialBackoff = positive("initialBackoff", d); return this; }
    /** Deliveries the log keeps (default 1000). */
    public Builder logCapacity(int n) {
      if (n < 1) throw new IllegalArgumentException("webhook logCapacity must be at least 1, got " + n);
      logCapacity = n;
      return this;
    }

    public WebhookListener build() {
      if (endpoints.isEmpty()) throw new IllegalArgumentException("a webhook listener needs at least one endpoint");
      return new WebhookListener(this);
    }

    private static Duration positive(String name, Duration d) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("webhook " + name + " must be a positive duration, got " + d);
      }
      return d;
    }
  }
}
