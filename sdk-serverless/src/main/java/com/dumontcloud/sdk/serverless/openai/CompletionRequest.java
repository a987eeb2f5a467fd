package com.dumontcloud.sdk.serverless.openai;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code POST /v1/completions} (vLLM) body: common fields plus pass-through {@code extra}. */
public record CompletionRequest(String model, String prompt, Integer maxTokens, Double temperature,
    Map<String, Object> extra) {
  public CompletionRequest {
    extra = extra == null ? Map.of() : Map.copyOf(extra);
  }

  public static CompletionRequest of(String model, String prompt) {
    return new CompletionRequest(model, prompt, null, null, null);
  }

  public Map<String, Object> toJson(boolean stream) {
    Map<String, Object> m = new LinkedHashMap<>(extra);
    if (model != null) m.put("model", model);
    m.put("prompt", prompt);
    if (maxTokens != null) m.put("max_tokens", maxTokens);
    if (temperature != null) m.put("temperature", temperature);
    if (stream) m.put("stream", true);
    return m;
  }
}
