package com.dumontcloud.sdk.spi.support;

import com.dumontcloud.sdk.Secret;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One logical HTTP call made by a provider through {@link HttpTransport}. Stable for our own provider
 * modules; third-party provider authors may use it but it can change before 1.0.
 */
public final class HttpCall {
  /** How the transport may retry the call. */
  public enum Kind {
    /** Safe to retry (GET, list, show). */
    READ,
    /** Idempotent write (stop, start, delete, label): retried. */
    IDEMPOTENT_WRITE,
    /**
     * Creates a paid resource: never resent once it may have reached the server. Only failures that
     * prove the request was not processed (connection refused, 429) are retried.
     */
    CREATE
  }

  private final String providerId;
  private final String operation;
  private final String method;
  private final String url;
  private final Map<String, String> headers;
  private final String jsonBody;
  private final Secret bearer;
  private final Kind kind;
  private final Duration deadline;

  private HttpCall(Builder b) {
    this.providerId = Objects.requireNonNull(b.providerId, "providerId");
    this.operation = Objects.requireNonNull(b.operation, "operation");
    this.method = Objects.requireNonNull(b.method, "method");
    this.url = Objects.requireNonNull(b.url, "url");
    this.headers = Map.copyOf(b.headers);
    this.jsonBody = b.jsonBody;
    this.bearer = b.bearer;
    this.kind = b.kind != null ? b.kind : ("GET".equals(b.method) ? Kind.READ : Kind.IDEMPOTENT_WRITE);
    this.deadline = b.deadline;
  }

  public static Builder builder(String providerId, String operation) {
    Builder b = new Builder();
    b.providerId = providerId;
    b.operation = operation;
    return b;
  }

  public String providerId() { return providerId; }
  public String operation() { return operation; }
  public String method() { return method; }
  public String url() { return url; }
  public Map<String, String> headers() { return headers; }
  /** JSON request body, or null. */
  public String jsonBody() { return jsonBody; }
  /** Credential sent as {@code Authorization: Bearer}, or null. */
  public Secret bearer() { return bearer; }
  public Kind kind() { return kind; }
  /** Whole-call deadline across attempts, or null for the client default. */
  public Duration deadline() { return deadline; }

  @Override
  public String toString() {
    return "HttpCall[" + providerId + " " + operation + " " + method + " " + Redaction.redactUrl(url) + "]";
  }

  /** Builder. */
  public static final class Builder {
    private String providerId;
    private String operation;
    private String method = "GET";
    private String url;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String jsonBody;
    private Secret bearer;
    private Kind kind;
    private Duration deadline;

    private Builder() {}

    public Builder get(String u) { method = "GET"; url = u; return this; }
    public Builder post(String u, String json) { method = "POST"; url = u; jsonBody = json; return this; }
    public Builder put(String u, String json) { method = "PUT"; url = u; jsonBody = json; return this; }
    public Builder delete(String u) { method = "DELETE"; url = u; return this; }
    public Builder method(String m, String u, String json) { method = m; url = u; jsonBody = json; return this; }
    public Builder header(String name, String value) { headers.put(name, value); return this; }
    public Builder bearer(Secret s) { bearer = s; return this; }
    public Builder kind(Kind k) { kind = k; return this; }
    public Builder deadline(Duration d) { deadline = d; return this; }

    public HttpCall build() {
      return new HttpCall(this);
    }
  }
}
