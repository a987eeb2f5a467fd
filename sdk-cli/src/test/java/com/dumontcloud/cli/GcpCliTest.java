package com.dumontcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.spi.support.Json;
import com.dumontcloud.sdk.testkit.gcp.FakeGcpServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code offers search} and the {@code instances} commands with {@code --provider gcp} against the fake. */
class GcpCliTest extends CliTestBase {
  private static final List<String> KEYS = List.of("base-url", "billing-base-url", "access-token", "project", "zones");
  private FakeGcpServer fake;

  @BeforeEach
  void fake() {
    fake = FakeGcpServer.start().timings(Duration.ZERO, Duration.ZERO);
    System.setProperty("dumont.gcp.base-url", fake.baseUrl());
    System.setProperty("dumont.gcp.billing-base-url", fake.billingUrl());
    System.setProperty("dumont.gcp.access-token", fake.staticToken());
    System.setProperty("dumont.gcp.project", FakeGcpServer.PROJECT);
    System.setProperty("dumont.gcp.zones", "us-central1-a");
  }

  @AfterEach
  void close() {
    KEYS.forEach(k -> System.clearProperty("dumont.gcp." + k));
    fake.close();
  }

  @Test
  void providers_listsGcpWithItsConfigKeys() {
    assertThat(run("providers", "-o", "wide")).isZero();
    assertThat(stdout()).contains("gcp").contains("credentials-file").contains("project");
    assertThat(stdout()).doesNotContain(System.getProperty("dumont.gcp.access-token"));
  }

  @Test
  void offersSearch_andInstancesLaunchListDestroy_onGcp() {
    assertThat(run("offers", "search", "--provider", "gcp", "--json", "gpu_name=L4")).isZero();
    List<Object> offers = Json.arr(json().get("offers"), "offers");
    assertThat(offers).isNotEmpty();
    Map<String, Object> first = Json.obj(offers.get(0), "offer");
    assertThat(Json.str(first, "gpu_name")).isEqualTo("L4");
    assertThat(run("instances", "launch", "--provider", "gcp", "--template", "budget", "--offer",
        "us-central1-a/g2-standard-8", "--json")).as(stderr()).isZero();
    String id = Json.str(json(), "instance_id");
    assertThat(id).startsWith("us-central1-a/dumont-");
    assertThat(run("instances", "list", "--provider", "gcp", "--json")).isZero();
    assertThat(stdout()).contains(id);
    assertThat(run("instances", "destroy", "--provider", "gcp", id)).as(stderr()).isZero();
    assertThat(fake.instanceIds()).isEmpty();
  }
}
