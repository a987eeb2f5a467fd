package com.dumontcloud.cli.serve;

import com.dumontcloud.sdk.server.ServerLock;
import com.dumontcloud.sdk.spi.support.JsonCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The CLI's way to a running {@code dumont serve} for the same {@code $DUMONT_HOME}: found through the server's lock
 * and {@code server.json}, authenticated with {@code DUMONT_API_KEY} when set, else the server's per-run session token.
 * Errors come back as the server's one-line {@code detail}.
 */
public final class ServerClient {
  private final URI base;
  private final String token;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ServerClient(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  /** The server running for this state directory, if any ({@code DUMONT_NO_SERVER=1} ignores it). */
  public static Optional<ServerClient> find(Path home) {
    if ("1".equals(System.getenv("DUMONT_NO_SERVER"))) return Optional.empty();
    return ServerLock.running(home.resolve("server")).map(r -> {
      String key = System.getenv("DUMONT_API_KEY");
      return new ServerClient(r.uri(), key != null && !key.isBlank() ? key.strip() : r.sessionToken().orElse(null));
    });
  }

  public URI base() {
    return base;
  }

  public Object get(String path) {
    return send("GET", path, null);
  }

  public Object post(String path, Object body) {
    return send("POST", path, body);
  }

  public Object delete(String path) {
    return send("DELETE", path, null);
  }

  @SuppressWarnings("unchecked")
  public Map<String, Object> getObject(String path) {
    return (Map<String, Object>) get(path);
  }

  @SuppressWarnings("unchecked")
  public Map<String, Object> postObject(String path, Object body) {
    return (Map<String, Object>) post(path, body);
  }

  private HttpRequest.Builder request(String method, String path, Object body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(10))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(JsonCodec.standard().write(body)));
    if (token != null) b.header("Authorization", "Bearer " + token);
    return b;
  }

  private Object send(String method, String path, Object body) {
    HttpResponse<String> r;
    try {
      r = http.send(request(method, path, body).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("the dumont server at " + base + " did not answer (" + e.getMessage()
          + "); is it still running? (DUMONT_NO_SERVER=1 bypasses it)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
    Object tree = r.body().isBlank() ? Map.of() : JsonCodec.standard().parse(r.body());
    if (r.statusCode() >= 300) throw new IllegalStateException(detail(tree, r.statusCode()));
    return tree;
  }

  private String detail(Object tree, int status) {
    String d = tree instanceof Map<?, ?> m && m.get("detail") != null ? String.valueOf(m.get("detail")) : "HTTP " + status;
    if (status == 401) d += " (set DUMONT_API_KEY to a key of the server at " + base + ")";
    return d;
  }

  /** POST and hand each SSE {@code data:} payload (before {@code [DONE]}) to {@code sink}. */
  public void stream(String path, Object body, Consumer<String> sink) {
    HttpResponse<InputStream> r;
    try {
      r = http.send(request("POST", path, body).header("Accept", "text/event-stream").build(),
          HttpResponse.BodyHandlers.ofInputStream());
      if (r.statusCode() >= 300) {
        String text = new String(r.body().readAllBytes(), StandardCharsets.UTF_8);
        throw new IllegalStateException(detail(text.isBlank() ? Map.of() : JsonCodec.standard().parse(text),
            r.statusCode()));
      }
      try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          if (!line.startsWith("data:")) continue;
          String data = line.substring(5).trim();
          if (data.equals("[DONE]")) break;
          sink.accept(data);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("the dumont server at " + base + " did not answer (" + e.getMessage() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }
}
