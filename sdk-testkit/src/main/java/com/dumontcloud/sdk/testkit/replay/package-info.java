/**
 * Trace replay for the simulated cloud: {@link com.dumontcloud.sdk.testkit.replay.SpotTrace} and
 * {@link com.dumontcloud.sdk.testkit.replay.SpotTraces} read spot-availability traces (SkyPilot's {@code spot-traces}
 * format; a value {@code > 0} = spot capacity available at that tick) or generate seeded synthetic ones;
 * {@link com.dumontcloud.sdk.testkit.replay.SpotReplay} drives a
 * {@link com.dumontcloud.sdk.testkit.SimulatedCloud}'s spot capacity per zone from them and runs the real engine once per
 * {@link com.dumontcloud.sdk.testkit.replay.ReplayPolicy} on virtual time;
 * {@link com.dumontcloud.sdk.testkit.replay.SpotReplayReport} holds the cost and availability of each policy next to
 * the oracle, as JSON and as a self-contained HTML page.
 */
package com.dumontcloud.sdk.testkit.replay;
