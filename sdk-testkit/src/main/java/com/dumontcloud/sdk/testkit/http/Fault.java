package com.dumontcloud.sdk.testkit.http;

import java.time.Duration;
import java.util.Objects;

/**
 * A fault a {@link FakeProviderServer} injects into the requests a rule matches
 * ({@link FakeProviderServer#fail(String, String, int, Fault)}). Two families:
 *
 * <ul>
 *   <li><b>Not processed</b>: {@link #respond}, {@link #status}, {@link #json} and {@link #dropConnection()} answer
 *       instead of the route, so the fake's state does not change (a gateway or rate limiter said no).
 *   <li><b>Processed</b>: {@link #latency}, {@link #replaceAnswer} and {@link #dropAfterProcessing()} let the route
 *       run, then delay, replace or drop its answer, which is what a lost answer looks like to a client: the
 *       resource exists, the caller just does not know.
 * </ul>
 *
 * <p>Faults of the first family apply after the auth check unless {@link #beforeAuth()} says otherwise (a proxy
 * that answers before the application sees the key). Immutable.
 */
public final class Fault {
  private final Response answer;
  private final boolean processed;
  private final Duration latency;
  private final boolean drop;
  private final boolean beforeAuth;

  private Fault(Response answer, boolean processed, Duration latency, boolean drop, boolean beforeAuth) {
    this.answer = answer;
    this.processed = processed;
    this.latency = latency;
    this.drop = drop;
    this.beforeAuth = beforeAuth;
  }

  /** Answer {@code response} instead of the route; the request is not processed. */
  public static Fault respond(Response response) {
    return new Fault(Objects.requireNonNull(response, "response"), false, Duration.ZERO, false, false);
  }

  /** An HTTP status with a body and no {@code Content-Type} (e.g. a gateway's 502 page); not processed. */
  public static Fault status(int status, String body) {
    return respond(Response.of(status, body));
  }

  /** An HTTP status with a JSON body; not processed. */
  public static Fault json(int status, Object tree) {
    return respond(Response.json(status, tree));
  }

  /** The connection is dropped once the request is read, without processing it. */
  public static Fault dropConnection() {
    return new Fault(Response.dropConnection(), false, Duration.ZERO, true, false);
  }

  /** The request is processed; its answer's headers are sent only after {@code latency}. */
  public static Fault latency(Duration latency) {
    Objects.requireNonNull(latency, "latency");
    if (latency.isNegative()) throw new IllegalArgumentException("latency " + latency + " is negative");
    return new Fault(null, true, latency, false, false);
  }

  /** The request is processed, but {@code response} is sent instead of its answer (e.g. a truncated body). */
  public static Fault replaceAnswer(Response response) {
    return new Fault(Objects.requireNonNull(response, "response"), true, Duration.ZERO, false, false);
  }

  /** The request is processed, then the connection is dropped before any answer. */
  public static Fault dropAfterProcessing() {
    return new Fault(null, true, Duration.ZERO, true, false);
  }

  /** A copy that answers before the auth check (only for faults that are not processed). */
  public Fault beforeAuth() {
    if (processed) throw new IllegalStateException(this + " lets the request be processed; it cannot precede auth");
    return new Fault(answer, false, latency, drop, true);
  }

  /** True when the route runs (the fault changes only the answer). */
  public boolean processed() {
    return processed;
  }

  boolean isBeforeAuth() {
    return beforeAuth;
  }

  /** The answer sent instead of the route's (not processed), or after it ran ({@link #replaceAnswer}). */
  Response apply(Response routed) {
    if (!processed) return answer;
    Response r = answer != null ? answer : routed;
    if (!latency.isZero()) r = r.withDelay(r.delay().plus(latency));
    return drop ? r.dropped() : r;
  }

  @Override
  public String toString() {
    if (!processed) return "Fault[" + (drop ? "drop connection" : "respond " + answer.status())
        + (beforeAuth ? ", before auth" : "") + "]";
    if (drop) return "Fault[drop after processing]";
    return answer != null ? "Fault[replace answer with " + answer.status() + "]" : "Fault[latency " + latency + "]";
  }
}
