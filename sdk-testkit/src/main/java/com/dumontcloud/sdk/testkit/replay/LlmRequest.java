package com.dumontcloud.sdk.testkit.replay;

/**
 * One LLM request of a trace.
 *
 * @param atMs arrival, milliseconds after the trace's start (its first request arrives at 0)
 * @param inputTokens prompt tokens (the Azure trace's {@code ContextTokens})
 * @param outputTokens generated tokens (the Azure trace's {@code GeneratedTokens})
 */
public record LlmRequest(long atMs, int inputTokens, int outputTokens) {
  public LlmRequest {
    if (atMs < 0) throw new IllegalArgumentException("atMs must be >= 0, got " + atMs);
    if (inputTokens < 0) throw new IllegalArgumentException("inputTokens must be >= 0, got " + inputTokens);
    if (outputTokens < 0) throw new IllegalArgumentException("outputTokens must be >= 0, got " + outputTokens);
  }
}
