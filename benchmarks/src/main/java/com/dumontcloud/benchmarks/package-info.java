/**
 * JMH benchmarks of the SDK (not published). Each benchmark class carries its own baseline, measured in the same
 * run, so results are read as ratios: {@link com.dumontcloud.benchmarks.OfferPipelineBenchmark} (offer decode,
 * normalise, filter and rank against a raw JSON parse), {@link com.dumontcloud.benchmarks.TransportBenchmark}
 * (the resilient transport against a raw OkHttp call on loopback) and
 * {@link com.dumontcloud.benchmarks.EngineReconcileBenchmark} (one engine reconcile tick against one provider
 * listing of the same fleet). How to run them and the latest figures: {@code benchmarks/README.md}.
 */
package com.dumontcloud.benchmarks;
