/**
 * A stateful fake of the Vast.ai REST API for tests: {@link com.dumontcloud.sdk.testkit.vast.FakeVastServer}
 * (MockWebServer dispatcher), {@link com.dumontcloud.sdk.testkit.vast.FakeVastOffer} to build offers and
 * {@link com.dumontcloud.sdk.testkit.vast.Fault} to inject rate limits, gateway errors, delays, malformed bodies
 * and dropped connections. The fake hands out loopback addresses only ({@code 127.0.0.1} and free loopback
 * ports), so code under test never sends traffic off the machine.
 */
package com.dumontcloud.sdk.testkit.vast;
