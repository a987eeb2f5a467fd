package com.dumontcloud.sdk.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /api/v1/events streams the engine's events live as Server-Sent Events. */
class EventStreamTest {
  @TempDir Path dir;

  @Test
  void engineEventsArriveLive() throws Exception {
    try (ServerHarness h = new ServerHarness(dir)) {
      HttpResponse<InputStream> resp = h.http.send(HttpRequest.newBuilder(h.uri("/api/v1/events"))
          .header("Authorization", "Bearer " + h.key).build(), HttpResponse.BodyHandlers.ofInputStream());
      assertThat(resp.statusCode()).isEqualTo(200);
      assertThat(resp.headers().firstValue("content-type")).hasValue("text/event-stream");
      BufferedReader in = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8));
      assertThat(in.readLine()).isEqualTo(": connected");
      Future<String> applied = h.submit(() -> {
        String line;
        String event = null;
        while ((line = in.readLine()) != null) {
          if (line.startsWith("event: ")) event = line.substring(7);
          if (line.startsWith("data: ") && "launched".equals(event)) return line;
        }
        return null;
      });
      h.call("POST", "/api/v1/deployments", "{\"id\": \"web\", \"template\": \"budget\", \"replicas\": 1}");
      String data = h.advanceUntilDone(applied, Duration.ofMinutes(2));
      assertThat(data).contains("\"type\":\"launched\"").contains("\"deployment\":\"web\"");
      in.close();
    }
  }
}
