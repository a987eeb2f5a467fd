/**
 * The orchestration engine: deployments that survive spot interruptions. An {@link
 * com.dumontcloud.sdk.engine.Orchestrator} reconciles declared {@link com.dumontcloud.sdk.engine.DeploymentSpec}s
 * against what providers report, level-triggered, on a {@link com.dumontcloud.sdk.time.Scheduler} (real or
 * virtual time), with crash-safe state in a {@link com.dumontcloud.sdk.engine.store.StateStore}.
 */
package com.dumontcloud.sdk.engine;
