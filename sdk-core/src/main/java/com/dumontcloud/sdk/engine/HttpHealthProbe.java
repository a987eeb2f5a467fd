package com.dumontcloud.sdk.engine;

import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.PortMapping;
import com.dumontcloud.sdk.model.Template;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** Default probe: GET http://host:port/healthPath with a deadline. */
final class HttpHealthProbe implements HealthProbe {
  private final Duration deadline;
  private final HttpClient client;

  HttpHealthProbe(Duration deadline) {
    this.deadline = deadline;
    this.client = HttpClient.newBuilder().connectTimeout(deadline).build();
  }

  @Override
  public boolean healthy(Instance instance, Template template) {
    Optional<PortMapping> p = instance.port(template.port());
    if (p.isEmpty()) return false;
    String host = p.get().hostIp() != null ? p.get().hostIp() : instance.publicIp();
    if (host == null) return false;
    try {
      HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + host + ":" + p.get().hostPort()
          + template.healthPath())).timeout(deadline).GET().build();
      int code = client.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
      return code >= 200 && code < 300;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception e) {
      return false;
    }
  }
}
