package com.dumontcloud.sdk.serverless.openai;

import com.dumontcloud.sdk.spi.support.Json;
import java.util.List;
import java.util.Map;

/**
 * A chat or text completion answer: the first choice's text, finish reason and token usage, plus the raw
 * JSON tree for every other field.
 */
public record Completion(String id, String model, String text, String finishReason, long promptTokens,
    long completionTokens, Map<String, Object> raw) {

  /** Parse a chat ({@code message.content}) or text ({@code text}) completion. */
  public static Completion parse(Map<String, Object> json) {
    String text = null;
    String finish = null;
    if (json.get("choices") instanceof List<?> l && !l.isEmpty()) {
      Map<String, Object> c = Json.obj(l.get(0), "choice");
      finish = Json.str(c, "finish_reason");
      if (c.get("message") instanceof Map<?, ?> msg) text = (String) msg.get("content");
      else text = Json.str(c, "text");
    }
    long pt = 0;
    long ct = 0;
    if (json.get("usage") instanceof Map<?, ?>) {
      Map<String, Object> u = Json.obj(json.get("usage"), "usage");
      pt = u.get("prompt_tokens") == null ? 0 : Json.num(u, "prompt_tokens").longValue();
      ct = u.get("completion_tokens") == null ? 0 : Json.num(u, "completion_tokens").longValue();
    }
    return new Completion(Json.str(json, "id"), Json.str(json, "model"), text, finish, pt, ct, json);
  }
}
