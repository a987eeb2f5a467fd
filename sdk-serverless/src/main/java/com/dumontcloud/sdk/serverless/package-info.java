/**
 * Serverless model endpoints: 0..N autoscaling on spot capacity, scale to zero, a request router for OpenAI-compatible servers and 24 h stats.
 */
package com.dumontcloud.sdk.serverless;
