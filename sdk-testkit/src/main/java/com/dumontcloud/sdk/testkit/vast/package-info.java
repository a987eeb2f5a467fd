/**
 * A stateful fake of the Vast.ai REST API for tests: {@link com.dumontcloud.sdk.testkit.vast.FakeVastServer}
 * (a set of handlers on the generic {@link com.dumontcloud.sdk.testkit.http.FakeProviderServer}),
 * {@link com.dumontcloud.sdk.testkit.vast.FakeVastOffer} to build offers and
 * {@link com.dumontcloud.sdk.testkit.vast.Fault} for Vast's fault shapes (rate limits in its three body styles,
 * gateway errors, delays, malformed bodies, dropped connections), translated to generic faults. The fake hands out
 * loopback addresses only ({@code 127.0.0.1} and free loopback ports), so code under test never sends traffic off
 * the machine.
 */
package com.dumontcloud.sdk.testkit.vast;
