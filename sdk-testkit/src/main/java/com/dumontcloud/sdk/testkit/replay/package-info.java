/**
 * Trace replay on virtual time: recorded or synthetic workloads and the models that turn them into load on the
 * simulated cloud. {@link com.dumontcloud.sdk.testkit.replay.LlmTrace} holds LLM request arrivals with token counts
 * (the Azure LLM inference trace format, or a seeded synthetic bursty trace),
 * {@link com.dumontcloud.sdk.testkit.replay.LlmServiceModel} says how long a replica takes to serve them (prefill and
 * decode rates, slower with concurrency), and {@link com.dumontcloud.sdk.testkit.replay.LlmReplay} drives a trace
 * through any router onto those modelled replicas and records every request's outcome.
 *
 * <p>Spot replay: {@link com.dumontcloud.sdk.testkit.replay.SpotTrace} and
 * {@link com.dumontcloud.sdk.testkit.replay.SpotTraces} read spot-availability traces (SkyPilot's {@code spot-traces}
 * format; a value {@code > 0} = spot capacity available at that tick) or generate seeded synthetic ones;
 * {@link com.dumontcloud.sdk.testkit.replay.SpotReplay} drives a
 * {@link com.dumontcloud.sdk.testkit.SimulatedCloud}'s spot capacity per zone from them and runs the real engine once per
 * {@link com.dumontcloud.sdk.testkit.replay.ReplayPolicy} on virtual time;
 * {@link com.dumontcloud.sdk.testkit.replay.SpotReplayReport} holds the cost and availability of each policy next to
 * the oracle, as JSON and as a self-contained HTML page.
 */
package com.dumontcloud.sdk.testkit.replay;
