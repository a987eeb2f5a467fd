/**
 * A generic loopback fake of a provider's REST API for provider authors:
 * {@link com.dumontcloud.sdk.testkit.http.FakeProviderServer} (routing table, call log, auth check, faults,
 * latency), {@link com.dumontcloud.sdk.testkit.http.Request} and {@link com.dumontcloud.sdk.testkit.http.Response}
 * for handlers, {@link com.dumontcloud.sdk.testkit.http.Fault} for injected failures and
 * {@link com.dumontcloud.sdk.testkit.http.JsonTrees} for JSON with the SDK's own codec. Everything binds to
 * {@code 127.0.0.1}.
 */
package com.dumontcloud.sdk.testkit.http;
