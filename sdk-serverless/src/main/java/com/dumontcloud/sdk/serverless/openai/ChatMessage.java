package com.dumontcloud.sdk.serverless.openai;

import java.util.Map;

/** One chat message. */
public record ChatMessage(String role, String content) {
  public static ChatMessage user(String content) {
    return new ChatMessage("user", content);
  }

  public static ChatMessage system(String content) {
    return new ChatMessage("system", content);
  }

  Map<String, Object> toJson() {
    return Map.of("role", role, "content", content);
  }
}
