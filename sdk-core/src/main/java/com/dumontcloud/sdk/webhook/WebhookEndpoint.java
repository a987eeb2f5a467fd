package com.dumontcloud.sdk.webhook;

import com.dumontcloud.sdk.Secret;
import com.dumontcloud.sdk.spi.support.Redaction;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One hook: where events go, the secret they are signed with, and which event types (by
 * {@link com.dumontcloud.sdk.engine.EngineEvent#type()}, e.g. {@code failover_completed}; none listed: every type).
 * {@link #toString()} never shows the secret.
 */
public final class WebhookEndpoint {
  private final String url;
  private final Secret secret;
  private final Set<String> events;

  private WebhookEndpoint(Builder b) {
    if (b.url == null || !(b.url.startsWith("http://") || b.url.startsWith("https://"))) {
      throw new IllegalArgumentException("webhook url must be an http(s) URL, got '" + Redaction.redactUrl(b.url) + "'");
    }
    if (b.secret == null || b.secret.reveal().isBlank()) {
      throw new IllegalArgumentException("webhook " + Redaction.redactUrl(b.url) + " needs a secret to sign with "
          + "(at least 16 characters, e.g. from 'openssl rand -hex 32')");
    }
    if (b.secret.reveal().length() < 16) {
      throw new IllegalArgumentException("the secret of webhook " + Redaction.redactUrl(b.url)
          + " is too short: use at least 16 characters (e.g. 'openssl rand -hex 32')");
    }
    this.url = b.url;
    this.secret = b.secret;
    this.events = Set.copyOf(b.events);
  }

  public static Builder builder(String url) {
    Builder b = new Builder();
    b.url = url == null ? null : url.trim();
    return b;
  }

  public String url() { return url; }
  public Secret secret() { return secret; }
  /** Event types delivered; empty means every type. */
  public Set<String> events() { return events; }

  /** True when events of this type go to this hook. */
  public boolean wants(String type) {
    return events.isEmpty() || events.contains(type);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WebhookEndpoint w && url.equals(w.url) && secret.equals(w.secret) && events.equals(w.events);
  }

  @Override
  public int hashCode() {
    return Objects.hash(url, secret, events);
  }

  @Override
  public String toString() {
    return "WebhookEndpoint[" + Redaction.redactUrl(url) + " events=" + (events.isEmpty() ? "all" : events)
        + " secret=" + Redaction.MASK + "]";
  }

  /** Builder of {@link WebhookEndpoint}. */
  public static final class Builder {
    private String url;
    private Secret secret;
    private final Set<String> events = new LinkedHashSet<>();

    private Builder() {}

    /** The signing secret, shared with the receiver. */
    public Builder secret(Secret s) { secret = Objects.requireNonNull(s, "secret"); return this; }

    /** The event types to deliver (replaces; none: every type). */
    public Builder events(Iterable<String> types) {
      events.clear();
      for (String t : types) events.add(t.trim().toLowerCase(Locale.ROOT));
      return this;
    }

    public WebhookEndpoint build() {
      return new WebhookEndpoint(this);
    }
  }
}
