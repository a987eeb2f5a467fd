package com.dumontcloud.sdk.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official OpenAI Java SDK with base_url set to an endpoint's URL, its API key the server's key. */
class OpenAiClientTest {
  @TempDir Path dir;
  ServerHarness h;

  @BeforeEach
  void start() {
    h = new ServerHarness(dir);
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void chatCompletionAndStreamingThroughTheEndpointUrl() throws Exception {
    Map<String, Object> ep = h.call("POST", "/api/v1/serverless/endpoints",
        "{\"template\": \"qwen2.5-0.5b\", \"min_instances\": 0, \"max_instances\": 2}").json();
    OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl((String) ep.get("url")).apiKey(h.key)
        .timeout(Duration.ofSeconds(60)).maxRetries(0).build();
    try {
      ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("Qwen/Qwen2.5-0.5B-Instruct")
          .addUserMessage("Say hello").build();
      Future<ChatCompletion> first = h.submit(() -> client.chat().completions().create(params));
      ChatCompletion c = h.advanceUntilDone((String) ep.get("id"), first, Duration.ofMinutes(3)); // scale from zero
      assertThat(c.choices()).isNotEmpty();
      assertThat(c.choices().get(0).message().content()).isPresent();

      StringBuilder text = new StringBuilder();
      try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(params)) {
        s.stream().forEach(chunk -> chunk.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
      }
      assertThat(text).isNotEmpty();
    } finally {
      client.close();
    }
  }
}
