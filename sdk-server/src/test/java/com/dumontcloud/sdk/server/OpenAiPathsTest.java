package com.dumontcloud.sdk.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.server.ServerHarness.Answer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The other OpenAI-compatible paths of an endpoint URL reach the replica through the router. */
class OpenAiPathsTest {
  @TempDir Path dir;

  @Test
  void completionsEmbeddingsImagesAndTranscriptions() throws Exception {
    try (ServerHarness h = new ServerHarness(dir)) {
      String id = (String) h.call("POST", "/api/v1/serverless/endpoints",
          "{\"template\": \"qwen2.5-0.5b\", \"min_instances\": 0, \"max_instances\": 1}").json().get("id");
      String v1 = "/endpoints/" + id + "/v1";
      Future<Answer> first = h.submit(() -> h.call("POST", v1 + "/completions",
          "{\"model\": \"qwen\", \"prompt\": \"Say hello\"}"));
      Answer c = h.advanceUntilDone(id, first, Duration.ofMinutes(3));
      assertThat(c.status()).as(c.body()).isEqualTo(200);
      assertThat(c.body()).contains("choices");
      Answer e = h.call("POST", v1 + "/embeddings", "{\"model\": \"qwen\", \"input\": [\"a\", \"b\"]}");
      assertThat(e.status()).as(e.body()).isEqualTo(200);
      assertThat(e.body()).contains("embedding");
      Answer img = h.call("POST", v1 + "/images/generations", "{\"model\": \"sdxl\", \"prompt\": \"a cat\", \"n\": 1}");
      assertThat(img.status()).as(img.body()).isEqualTo(200);
      assertThat(h.call("GET", v1 + "/models", null).body()).contains("Qwen/Qwen2.5-0.5B-Instruct");
      assertThat(h.call("POST", v1 + "/moderations", "{}").status()).isEqualTo(404);

      String boundary = "dumontboundary";
      String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper-1\r\n--"
          + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n"
          + "Content-Type: application/octet-stream\r\n\r\nRIFF....WAVE\r\n--" + boundary + "--\r\n";
      HttpResponse<String> t = h.http.send(HttpRequest.newBuilder(h.uri(v1 + "/audio/transcriptions"))
          .header("Authorization", "Bearer " + h.key).header("Content-Type", "multipart/form-data; boundary=" + boundary)
          .POST(HttpRequest.BodyPublishers.ofString(multipart, StandardCharsets.ISO_8859_1)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(t.statusCode()).as(t.body()).isEqualTo(200);
      assertThat(t.body()).contains("\"text\"");
    }
  }
}
