/**
 * Trace replay on virtual time: recorded or synthetic workloads and the models that turn them into load on the
 * simulated cloud. {@link com.dumontcloud.sdk.testkit.replay.LlmTrace} holds LLM request arrivals with token counts
 * (the Azure LLM inference trace format, or a seeded synthetic bursty trace),
 * {@link com.dumontcloud.sdk.testkit.replay.LlmServiceModel} says how long a replica takes to serve them (prefill and
 * decode rates, slower with concurrency), and {@link com.dumontcloud.sdk.testkit.replay.LlmReplay} drives a trace
 * through any router onto those modelled replicas and records every request's outcome.
 */
package com.dumontcloud.sdk.testkit.replay;
