package com.dumontcloud.sdk.internal.http;

import com.dumontcloud.sdk.exception.AttemptTimeoutException;
import com.dumontcloud.sdk.exception.CallTimeoutException;
import com.dumontcloud.sdk.exception.CircuitOpenException;
import com.dumontcloud.sdk.exception.ConfigurationException;
import com.dumontcloud.sdk.exception.DumontClientException;
import com.dumontcloud.sdk.exception.DumontException;
import com.dumontcloud.sdk.exception.ProviderErrorDetails;
import com.dumontcloud.sdk.exception.ProviderProtocolException;
import com.dumontcloud.sdk.spi.support.ErrorClassifier;
import com.dumontcloud.sdk.spi.support.ErrorRefiner;
import com.dumontcloud.sdk.spi.support.HttpCall;
import com.dumontcloud.sdk.spi.support.HttpResult;
import com.dumontcloud.sdk.spi.support.HttpTransport;
import com.dumontcloud.sdk.spi.support.ProviderError;
import com.dumontcloud.sdk.spi.support.Redaction;
import com.dumontcloud.sdk.time.Scheduler;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.internal.CircuitBreakerStateMachine;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP transport (DESIGN.md 3.4): one shared OkHttp client, resilience4j {@link Retry} around a
 * per-provider {@link CircuitBreaker} around a single attempt.
 *
 * <ul>
 *   <li>Which failures are retried is decided by {@link Retryability} (configured as the Retry's exception
 *       predicate); how long to wait by {@link Backoff} (the Retry's interval function): exponential backoff with
 *       jitter, or the server's {@code Retry-After}. The attempt limit is the Retry's {@code maxAttempts}.
 *   <li>The retry is driven through resilience4j's {@link Retry.AsyncContext}, the library's API for callers that
 *       do their own waiting: the library decides whether and how long, and the wait goes through the injected
 *       {@link Scheduler}, so a virtual scheduler makes backoff instant and measurable. (The synchronous
 *       decorators sleep with {@code Thread.sleep} through a static, JVM-global hook.)
 *   <li>Every call has a deadline ({@link HttpCall#deadline()} or {@link TransportSettings#callTimeout()}): each
 *       attempt is bounded by the time left, and a wait that would pass the deadline is not taken; the last error
 *       is thrown instead (a timed-out attempt becomes {@link CallTimeoutException}).
 *   <li>The breaker runs on the scheduler's clock, so open → half-open follows virtual time; an open breaker is
 *       reported as {@link CircuitOpenException} and never retried.
 *   <li>CREATE calls are sent with a one-shot body on a client view that does not retry on connection failure,
 *       so OkHttp itself never resends them either.
 *   <li>Status + the provider's {@link ErrorRefiner} refinement → exception is {@link ErrorMapping}; bodies in exceptions are redacted and truncated, and the raw
 *       values of the call's credentials are scrubbed from every message and log line.
 * </ul>
 */
public final class OkHttpTransport implements HttpTransport {
  private static final Logger log = LoggerFactory.getLogger(OkHttpTransport.class);
  static final String USER_AGENT = "dumont-sdk-java/0.1.0";
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final MediaType FORM = MediaType.get("application/x-www-form-urlencoded");
  private static final int HALF_OPEN_PROBES = 1;

  private final OkHttpClient client;
  private final OkHttpClient createClient;
  private final Scheduler scheduler;
  private final TransportSettings settings;
  private final RetryConfig retryableConfig;
  private final RetryConfig createConfig;
  private final CircuitBreakerConfig breakerConfig;
  private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
  private final Map<String, Retry> retries = new ConcurrentHashMap<>();

  public OkHttpTransport(OkHttpClient client, Scheduler scheduler, TransportSettings settings) {
    this(client, scheduler, settings, null);
  }

  /** @param random jitter source (uniform in [0, 1)); null for a thread-local random */
  OkHttpTransport(OkHttpClient client, Scheduler scheduler, TransportSettings settings, DoubleSupplier random) {
    this.client = Objects.requireNonNull(client, "client");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.settings = Objects.requireNonNull(settings, "settings");
    // Shares the pool and dispatcher. Together with the one-shot body this keeps OkHttp from resending a create
    // on its own (route retries, 408, 503 with Retry-After: 0, 307/308 redirects).
    this.createClient = client.newBuilder().retryOnConnectionFailure(false).build();
    Backoff backoff = random == null
        ? new Backoff(settings.initialBackoff(), settings.maxBackoff())
        : new Backoff(settings.initialBackoff(), settings.maxBackoff(), random);
    this.retryableConfig = retryConfig(backoff, HttpCall.Kind.READ);
    this.createConfig = retryConfig(backoff, HttpCall.Kind.CREATE);
    this.breakerConfig = CircuitBreakerConfig.custom()
        .failureRateThreshold(settings.failureRateThreshold())
        .slidingWindow(settings.minimumCalls(), settings.minimumCalls(),
            CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .waitDurationInOpenState(settings.openDuration())
        .permittedNumberOfCallsInHalfOpenState(HALF_OPEN_PROBES)
        .recordException(Retryability::countsAgainstProvider)
        .currentTimestampFunction(Clock::millis, TimeUnit.MILLISECONDS)
        .build();
  }

  private RetryConfig retryConfig(Backoff backoff, HttpCall.Kind kind) {
    return RetryConfig.custom()
        .maxAttempts(settings.maxAttempts())
        .intervalBiFunction(backoff)
        .retryOnException(t -> Retryability.shouldRetry(t, kind))
        .build();
  }

  @Override
  @SuppressWarnings("deprecation")
  public HttpResult execute(HttpCall call, ErrorClassifier classifier) {
    return run(call, classifier == null ? ErrorClassifier.DEFAULT : classifier, ErrorRefiner.NONE);
  }

  @Override
  @SuppressWarnings("deprecation")
  public HttpResult execute(HttpCall call, ErrorRefiner refiner) {
    return run(call, ErrorClassifier.DEFAULT, refiner == null ? ErrorRefiner.NONE : refiner);
  }

  @SuppressWarnings("deprecation")
  private HttpResult run(HttpCall call, ErrorClassifier classifier, ErrorRefiner refiner) {
    Objects.requireNonNull(call, "call");
    Exchange x = new Exchange(call, classifier, refiner);
    CircuitBreaker breaker = breaker(call.providerId());
    Retry.AsyncContext<Object> retry = retry(call).asyncContext();
    DumontException last = null;
    for (int attempt = 1; ; attempt++) {
      int n = attempt;
      try {
        HttpResult result = breaker.executeSupplier(() -> x.attempt(n));
        retry.onComplete();
        return result;
      } catch (CallNotPermittedException e) {
        CircuitOpenException open = new CircuitOpenException(call.providerId(), call.operation(), e);
        if (last != null) open.addSuppressed(last);
        throw open;
      } catch (DumontException e) {
        last = e;
      }
      long delayMs = retry.onError(last);
      if (delayMs < 0) throw last;
      Duration left = Duration.between(scheduler.now(), x.deadline);
      if (delayMs >= left.toMillis()) throw x.deadlineReached(last, n);
      if (log.isDebugEnabled()) {
        log.debug("[provider={}, op={}, attempt={}, delayMs={}] retrying after {}", call.providerId(),
            call.operation(), n, delayMs, x.summary(last));
      }
      x.sleep(Duration.ofMillis(delayMs), last);
    }
  }

  /** The circuit breaker of a provider (one per provider id, created on first use). */
  CircuitBreaker breaker(String providerId) {
    return breakers.computeIfAbsent(providerId, id -> {
      CircuitBreaker cb = new CircuitBreakerStateMachine("dumont-http-" + id, breakerConfig, scheduler.clock());
      cb.getEventPublisher().onStateTransition(e -> log.debug("[provider={}, from={}, to={}] circuit breaker state",
          id, e.getStateTransition().getFromState(), e.getStateTransition().getToState()));
      return cb;
    });
  }

  private Retry retry(HttpCall call) {
    boolean create = call.kind() == HttpCall.Kind.CREATE;
    String name = "dumont-http-" + call.providerId() + (create ? "-create" : "");
    return retries.computeIfAbsent(name, k -> Retry.of(k, create ? createConfig : retryableConfig));
  }

  /** One logical call: the request (built once, so every attempt sends the same headers), deadline, secrets. */
  @SuppressWarnings("deprecation")
  private final class Exchange {
    private final HttpCall call;
    private final ErrorClassifier classifier;
    private final ErrorRefiner refiner;
    private final List<String> secrets;
    private final String safeUrl;
    private final Duration budget;
    private final Instant deadline;
    private final Request request;
    private final OkHttpClient http;

    Exchange(HttpCall call, ErrorClassifier classifier, ErrorRefiner refiner) {
      this.call = call;
      this.classifier = classifier;
      this.refiner = refiner;
      this.secrets = secretsOf(call);
      this.safeUrl = Redaction.redact(Redaction.redactUrl(call.url()), secrets);
      this.budget = call.deadline() != null && call.deadline().compareTo(Duration.ZERO) > 0
          ? call.deadline() : settings.callTimeout();
      this.deadline = scheduler.now().plus(budget);
      this.request = buildRequest();
      this.http = call.kind() == HttpCall.Kind.CREATE ? createClient : client;
    }

    private Request buildRequest() {
      Request.Builder rb = new Request.Builder();
      try {
        rb.url(call.url());
      } catch (IllegalArgumentException e) {
        // OkHttp's message quotes the raw URL (maybe with a key in it): neither it nor the cause is kept.
        throw new ConfigurationException("[provider=" + call.providerId() + " op=" + call.operation()
            + "] invalid URL " + safeUrl + "; check the provider's base-url setting");
      }
      call.headers().forEach(rb::header);
      rb.header("User-Agent", USER_AGENT);
      if (call.bearer() != null) rb.header("Authorization", "Bearer " + call.bearer().reveal());
      String method = call.method().toUpperCase(Locale.ROOT);
      RequestBody body = null;
      if (call.jsonBody() != null) {
        body = call.kind() == HttpCall.Kind.CREATE
            ? oneShot(call.jsonBody(), JSON) : RequestBody.create(call.jsonBody(), JSON);
      } else if (call.form() != null) {
        body = call.kind() == HttpCall.Kind.CREATE
            ? oneShot(call.formBody(), FORM) : RequestBody.create(call.formBody(), FORM);
      } else if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
        body = RequestBody.create(new byte[0], null);
      }
      return rb.method(method, body).build();
    }

    HttpResult attempt(int n) {
      if (log.isTraceEnabled()) {
        log.trace("[provider={}, op={}, attempt={}] {} {}", call.providerId(), call.operation(), n,
            request.method(), safeUrl);
      }
      Call okCall = http.newCall(request);
      long leftMs = Duration.between(scheduler.now(), deadline).toMillis();
      okCall.timeout().timeout(Math.max(1, Math.min(settings.attemptTimeout().toMillis(), leftMs)),
          TimeUnit.MILLISECONDS);
      try (Response resp = okCall.execute()) {
        ResponseBody rbody = resp.body();
        String text = rbody == null ? "" : rbody.string();
        int status = resp.code();
        ProviderErrorDetails d = new ProviderErrorDetails(call.providerId(), call.operation(), status, null,
            ErrorMapping.describe(status), Redaction.excerpt(text, secrets), requestId(resp), n, false, null);
        DumontException classified = classify(status, text, d);
        if (classified != null) throw classified;
        Optional<ProviderError> refined;
        try {
          if (resp.isSuccessful()) {
            refined = refiner.refineSuccess(status, text);
            if (refined.isEmpty()) return new HttpResult(status, resp.headers().toMultimap(), text, n);
          } else if (refiner.returnsAnswer(status, text)) {
            return new HttpResult(status, resp.headers().toMultimap(), text, n);
          } else {
            refined = refiner.refine(status, text);
          }
        } catch (RuntimeException e) {
          throw refinerFailed(status, d, e);
        }
        throw ErrorMapping.map(d, refined.map(this::scrubbed).orElse(null), resp.header("Retry-After"),
            scheduler.now());
      } catch (IOException e) {
        throw ErrorMapping.ioFailure(call.providerId(), call.operation(), safeUrl, e, n, secrets);
      }
    }

    /** The legacy classifier; a classifier tripping over a malformed body is a protocol error, not a crash. */
    private DumontException classify(int status, String body, ProviderErrorDetails d) {
      try {
        return classifier.classify(status, body, d);
      } catch (DumontException e) {
        return e;
      } catch (RuntimeException e) {
        return refinerFailed(status, d, e);
      }
    }

    private ProviderProtocolException refinerFailed(int status, ProviderErrorDetails d, RuntimeException e) {
      return new ProviderProtocolException(new ProviderErrorDetails(d.providerId(), d.operation(), status, null,
          "unexpected response body (the error classifier failed: " + e.getClass().getSimpleName() + ")",
          d.bodyExcerpt(), d.requestId(), d.attempts(), false, null), e);
    }

    /** The provider's message may quote the request: remove the call's credentials from it. */
    private ProviderError scrubbed(ProviderError e) {
      if (e.message() == null && e.hint() == null) return e;
      return e.toBuilder().message(Redaction.scrub(e.message(), secrets)).hint(Redaction.scrub(e.hint(), secrets)).build();
    }

    DumontException deadlineReached(DumontException last, int attempts) {
      if (last instanceof AttemptTimeoutException) {
        return new CallTimeoutException("[provider=" + call.providerId() + " op=" + call.operation() + " attempts="
            + attempts + "] call deadline of " + budget.toMillis() + " ms reached calling " + safeUrl, last,
            call.providerId(), attempts);
      }
      return last;
    }

    void sleep(Duration d, DumontException last) {
      try {
        scheduler.sleep(d);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        DumontClientException interrupted = new DumontClientException("[provider=" + call.providerId() + " op="
            + call.operation() + "] interrupted while waiting to retry", e, call.providerId(), last.attempts(), false);
        interrupted.addSuppressed(last);
        throw interrupted;
      }
    }

    String summary(DumontException e) {
      return e.getClass().getSimpleName() + ": " + Redaction.scrub(e.getMessage(), secrets);
    }
  }

  private static String requestId(Response resp) {
    for (String h : List.of("X-Request-Id", "Request-Id", "X-Amzn-RequestId", "X-Goog-Request-Id")) {
      String v = resp.header(h);
      if (v != null && !v.isBlank()) return v;
    }
    return null;
  }

  /** Raw credential values of a call: bearer, sensitive header values, key-like query parameter values. */
  static List<String> secretsOf(HttpCall call) {
    List<String> out = new ArrayList<>();
    if (call.bearer() != null) out.add(call.bearer().reveal());
    out.addAll(call.secretValues());
    call.headers().forEach((name, value) -> {
      if (Redaction.isSensitiveName(name) && value != null) {
        out.add(value);
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) out.add(value.substring(7).trim());
      }
    });
    HttpUrl url = HttpUrl.parse(call.url());
    if (url != null) {
      for (String name : url.queryParameterNames()) {
        if (Redaction.isSensitiveName(name)) {
          for (String v : url.queryParameterValues(name)) {
            if (v != null) out.add(v);
          }
        }
      }
    }
    return List.copyOf(out);
  }

  /** A JSON body OkHttp may write only once, so it never replays a create on its own. */
  private static RequestBody oneShot(String text, MediaType type) {
    RequestBody delegate = RequestBody.create(text, type);
    return new RequestBody() {
      @Override public MediaType contentType() { return delegate.contentType(); }
      @Override public long contentLength() throws IOException { return delegate.contentLength(); }
      @Override public void writeTo(BufferedSink sink) throws IOException { delegate.writeTo(sink); }
      @Override public boolean isOneShot() { return true; }
    };
  }
}
