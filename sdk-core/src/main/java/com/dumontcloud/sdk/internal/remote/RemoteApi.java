package com.dumontcloud.sdk.internal.remote;

import com.dumontcloud.sdk.exception.AuthenticationException;
import com.dumontcloud.sdk.exception.CapacityUnavailableException;
import com.dumontcloud.sdk.exception.ConnectionException;
import com.dumontcloud.sdk.exception.InvalidRequestException;
import com.dumontcloud.sdk.exception.NotFoundException;
import com.dumontcloud.sdk.exception.ProviderErrorDetails;
import com.dumontcloud.sdk.exception.ProviderServerException;
import com.dumontcloud.sdk.exception.RateLimitedException;
import com.dumontcloud.sdk.internal.json.MoshiJsonCodec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** JSON over HTTP to a dumont server, with its {@code {"detail"}} errors mapped onto the SDK's exceptions. */
public final class RemoteApi {
  private final URI base;
  private final String apiKey;
  private final HttpClient http;

  public RemoteApi(URI base, String apiKey) {
    String b = base.toString();
    this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
    this.apiKey = apiKey;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  public URI base() {
    return base;
  }

  @SuppressWarnings("unchecked")
  public Map<String, Object> call(String provider, String operation, String method, String path, Object body) {
    HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(2))
        .header("Content-Type", "application/json").header("Accept", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(MoshiJsonCodec.get().write(body)));
    if (apiKey != null) rb.header("Authorization", "Bearer " + apiKey);
    HttpResponse<String> r;
    try {
      r = http.send(rb.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new ConnectionException("dumont server " + base + " did not answer: " + e.getMessage(), e, provider, 1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectionException("interrupted while calling " + base, e, provider, 1);
    }
    Object tree;
    try {
      tree = r.body().isBlank() ? Map.of() : MoshiJsonCodec.get().parse(r.body());
    } catch (RuntimeException e) {
      tree = Map.of("detail", "HTTP " + r.statusCode() + " with a body that is not JSON");
    }
    int s = r.statusCode();
    if (s < 300 && tree instanceof Map<?, ?> m) return (Map<String, Object>) m;
    String detail = tree instanceof Map<?, ?> m && m.get("detail") != null ? String.valueOf(m.get("detail"))
        : "HTTP " + s;
    ProviderErrorDetails d = ProviderErrorDetails.of(provider, operation, detail + " (dumont server " + base + ")");
    throw switch (s) {
      case 400, 413 -> new InvalidRequestException(d);
      case 401, 403 -> new AuthenticationException(d);
      case 404 -> new NotFoundException(d);
      case 409 -> new CapacityUnavailableException(d);
      case 429 -> new RateLimitedException(d);
      default -> new ProviderServerException(d);
    };
  }
}
