package com.dumontcloud.sdk.webhook;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One delivery of one event to one hook, as the delivery log keeps it. Never holds a secret; the URL is redacted
 * (key-like query parameters masked).
 *
 * @param id the delivery id, sent as {@code X-Dumont-Delivery} (the same on every attempt: receivers de-duplicate by it)
 * @param eventType the event's type
 * @param deployment the event's deployment
 * @param url the hook's URL, redacted
 * @param attempts attempts made so far
 * @param status the HTTP status of the last answer, or null when none came (connection failure, timeout)
 * @param outcome where it stands
 * @param error the last error, or null
 * @param createdAt when the event was handed to the listener
 * @param updatedAt when this entry last changed
 */
public record WebhookDelivery(String id, String eventType, String deployment, String url, int attempts,
    Integer status, Outcome outcome, String error, Instant createdAt, Instant updatedAt) {
  /** Where a delivery stands. */
  public enum Outcome {
    /** Being sent, or waiting to be retried. */
    PENDING,
    /** A 2xx answer came. */
    DELIVERED,
    /** Every attempt failed, or the receiver answered a 4xx that retrying cannot fix. */
    FAILED
  }

  /** The JSON form: {@code id, event, deployment, url, attempts, status, outcome, error, created_at, updated_at}. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("event", eventType);
    m.put("deployment", deployment);
    m.put("url", url);
    m.put("attempts", attempts);
    m.put("status", status);
    m.put("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT));
    m.put("error", error);
    m.put("created_at", createdAt.toString());
    m.put("updated_at", updatedAt.toString());
    return m;
  }
}
