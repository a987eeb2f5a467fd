/**
 * Signed webhooks: {@link com.dumontcloud.sdk.webhook.WebhookListener} is an
 * {@link com.dumontcloud.sdk.engine.EngineListener} that POSTs chosen engine events (their stable JSON form,
 * {@link com.dumontcloud.sdk.engine.EngineEvent#toJson()}) to URLs, signed with HMAC-SHA256 over
 * {@code timestamp + "." + body} ({@link com.dumontcloud.sdk.webhook.WebhookSignature}, whose {@code verify} is the
 * receiver's side), with retries on the scheduler and a bounded delivery log
 * ({@link com.dumontcloud.sdk.webhook.WebhookDelivery}).
 */
package com.dumontcloud.sdk.webhook;
