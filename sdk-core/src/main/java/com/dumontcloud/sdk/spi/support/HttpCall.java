package com.dumontcloud.sdk.spi.support;

import com.dumontcloud.sdk.Secret;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One logical HTTP call made by a provider through {@link HttpTransport}: a JSON body or a form body (with
 * credential fields scrubbed from every log line, exception and {@link #toString()}). Stable for provider authors.
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
  private final Map<String, String> form;
  private final java.util.Set<String> secretFields;

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
    this.form = b.form == null ? null : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.form));
    this.secretFields = java.util.Set.copyOf(b.secretFields);
    if (form != null && jsonBody != null) throw new IllegalStateException("a call has a JSON body or a form, not both");
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

  /** Form fields ({@code application/x-www-form-urlencoded}), in order, or null. */
  public Map<String, String> form() { return form; }

  /** The form encoded for the wire, or null. */
  public String formBody() {
    if (form == null) return null;
    java.util.StringJoiner j = new java.util.StringJoiner("&");
    form.forEach((k, v) -> j.add(enc(k) + "=" + enc(v == null ? "" : v)));
    return j.toString();
  }

  /**
   * Raw values of credential form fields: those named in {@link Builder#secretFields} and those whose name looks like
   * a credential ({@link Redaction#isSensitiveName}). The transport scrubs them from every log line and exception.
   */
  public java.util.List<String> secretValues() {
    if (form == null) return java.util.List.of();
    java.util.List<String> out = new java.util.ArrayList<>();
    form.forEach((k, v) -> {
      if (v != null && (secretFields.contains(k) || Redaction.isSensitiveName(k))) {
        out.add(v);
        String e = enc(v);
        if (!e.equals(v)) out.add(e);
      }
    });
    return java.util.List.copyOf(out);
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    String f = "";
    if (form != null) {
      java.util.StringJoiner j = new java.util.StringJoiner(", ", " form{", "}");
      form.forEach((k, v) -> j.add(k + "=" + (secretFields.contains(k) || Redaction.isSensitiveName(k)
          ? Redaction.MASK : Redaction.redact(v))));
      f = j.toString();
    }
    return "HttpCall[" + providerId + " " + operation + " " + method + " " + Redaction.redactUrl(url) + f + "]";
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
    private Map<String, String> form;
    private final java.util.Set<String> secretFields = new java.util.HashSet<>();

    private Builder() {}

    /** Send {@code fields} as an {@code application/x-www-form-urlencoded} body (method POST unless set otherwise). */
    public Builder form(String u, Map<String, String> fields) {
      if ("GET".equals(method)) method = "POST";
      url = u;
      form = new LinkedHashMap<>(Objects.requireNonNull(fields, "fields"));
      jsonBody = null;
      return this;
    }

    /** Form fields holding credentials: masked in {@link HttpCall#toString()}, scrubbed from logs and exceptions. */
    public Builder secretFields(String... names) {
      secretFields.addAll(java.util.List.of(names));
      return this;
    }

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
