package com.dumontcloud.sdk.model;

/** What kind of workload a template serves. */
public enum TemplateCategory {
  /** General-purpose instance templates (seed 001: high_performance, budget, research). */
  GENERAL,
  LLM,
  SPEECH,
  IMAGE,
  EMBEDDINGS
}
