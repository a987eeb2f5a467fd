package com.dumontcloud.sdk.serverless;

import com.dumontcloud.sdk.model.Instance;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** Decides whether a RUNNING replica's workload is ready to serve. */
@FunctionalInterface
public interface HealthCheck {
  boolean healthy(Instance instance, EndpointSpec spec);

  /** HTTP GET of the template's health path on the replica's port mapping; healthy on 2xx. */
  static HealthCheck http(OkHttpClient client, Duration timeout) {
    OkHttpClient c = client.newBuilder().callTimeout(timeout).retryOnConnectionFailure(false).build();
    return (instance, spec) -> {
      Optional<String> base = baseUrl(instance, spec);
      if (base.isEmpty()) return false;
      Request req = new Request.Builder().url(base.get() + spec.template().healthPath()).header("Connection", "close")
          .get().build();
      try (Response r = c.newCall(req).execute()) {
        return r.isSuccessful();
      } catch (IOException e) {
        return false;
      }
    };
  }

  /** {@code http://host:port} of the replica's published template port, if it has one. */
  static Optional<String> baseUrl(Instance instance, EndpointSpec spec) {
    return instance.port(spec.template().port()).map(p -> {
      String host = p.hostIp() != null && !p.hostIp().isBlank() && !"0.0.0.0".equals(p.hostIp()) ? p.hostIp()
          : instance.publicIp();
      return host == null ? null : "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + p.hostPort();
    });
  }
}
