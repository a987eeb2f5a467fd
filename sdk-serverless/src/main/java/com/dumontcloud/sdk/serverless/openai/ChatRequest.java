package com.dumontcloud.sdk.serverless.openai;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/chat/completions} body: the common fields, plus {@code extra} passed through as is
 * (e.g. vLLM's {@code top_k}, {@code guided_json}).
 */
public record ChatRequest(String model, List<ChatMessage> messages, Integer maxTokens, Double temperature,
    Map<String, Object> extra) {
  public ChatRequest {
    messages = List.copyOf(messages);
    extra = extra == null ? Map.of() : Map.copyOf(extra);
  }

  public static ChatRequest of(String model, String userPrompt) {
    return new ChatRequest(model, List.of(ChatMessage.user(userPrompt)), null, null, null);
  }

  public ChatRequest withMaxTokens(int n) {
    return new ChatRequest(model, messages, n, temperature, extra);
  }

  public Map<String, Object> toJson(boolean stream) {
    Map<String, Object> m = new LinkedHashMap<>(extra);
    if (model != null) m.put("model", model);
    m.put("messages", messages.stream().map(ChatMessage::toJson).toList());
    if (maxTokens != null) m.put("max_tokens", maxTokens);
    if (temperature != null) m.put("temperature", temperature);
    if (stream) m.put("stream", true);
    return m;
  }
}
