package com.dumontcloud.sdk.serverless;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.InstanceState;
import com.dumontcloud.sdk.model.PortMapping;
import java.time.Duration;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

class HealthCheckTest {
  private static Instance replica(int port) {
    return Instance.builder().id("sim-1").providerId("sim").state(InstanceState.RUNNING).publicIp("127.0.0.1")
        .ports(List.of(new PortMapping(8000, "tcp", "127.0.0.1", port))).build();
  }

  @Test
  void http_probesTheHealthPathThroughThePortMapping_onAFreshConnection() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(new MockResponse().setResponseCode(200));
      server.enqueue(new MockResponse().setResponseCode(503));
      server.start();
      HealthCheck h = HealthCheck.http(new OkHttpClient(), Duration.ofSeconds(2));
      EndpointSpec spec = SimHarness.spec().build();
      assertThat(h.healthy(replica(server.getPort()), spec)).isTrue();
      assertThat(h.healthy(replica(server.getPort()), spec)).isFalse();
      RecordedRequest first = server.takeRequest();
      assertThat(first.getPath()).isEqualTo("/health");
      assertThat(first.getHeader("Connection")).isEqualTo("close");
    }
  }

  @Test
  void http_unreachableOrUnmapped_isUnhealthy() {
    HealthCheck h = HealthCheck.http(new OkHttpClient(), Duration.ofSeconds(2));
    EndpointSpec spec = SimHarness.spec().build();
    assertThat(h.healthy(replica(1), spec)).isFalse();
    assertThat(h.healthy(Instance.builder().id("x").providerId("sim").build(), spec)).isFalse();
  }
}
