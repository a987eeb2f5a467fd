package com.dumontcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.spi.support.Json;
import com.dumontcloud.sdk.testkit.tensordock.FakeTensorDockServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The CLI against the TensorDock fake: {@code offers search --provider tensordock} and every {@code instances}
 * command. The endpoint and token are set as {@code dumont.tensordock.base-url} / {@code .api-token} system
 * properties: the same resolution chain as {@code DUMONT_TENSORDOCK_BASE_URL} / {@code DUMONT_TENSORDOCK_API_TOKEN},
 * which an in-process test cannot set.
 */
class CliTensorDockTest extends CliTestBase {
  private FakeTensorDockServer fake;

  @BeforeEach
  void startFake() {
    fake = FakeTensorDockServer.start();
    fake.addHostnode("geforcertx4090-pcie-24gb", 2, List.of(20000, 20001, 20002), 0.35, 0.003, 0.002, 0.0001);
    System.setProperty("dumont.tensordock.base-url", fake.baseUrl());
    System.setProperty("dumont.tensordock.api-token", fake.token());
  }

  @AfterEach
  void stopFake() {
    System.clearProperty("dumont.tensordock.base-url");
    System.clearProperty("dumont.tensordock.api-token");
    fake.close();
  }

  @Test
  void offersSearch_andEveryInstancesCommand_againstTheFake() {
    assertThat(run("offers", "search", "--provider", "tensordock", "--json", "gpu_name=RTX_4090")).isZero();
    List<Object> offers = Json.arr(json().get("offers"), "offers");
    assertThat(offers).isNotEmpty();
    String offerId = Json.str(Json.obj(offers.get(0), "offer"), "id");
    assertThat(offerId).contains("geforcertx4090-pcie-24gb");
    assertThat(stdout()).doesNotContain(fake.token());

    assertThat(run("instances", "launch", "--provider", "tensordock", "--template", "budget", "--offer", offerId,
        "--json")).as(stderr()).isZero();
    String id = Json.str(json(), "instance_id");
    assertThat(fake.instanceIds()).containsExactly(id);
    fake.settle();

    assertThat(run("instances", "list", "--provider", "tensordock")).as(stderr()).isZero();
    assertThat(stdout()).contains(id).contains("running");
    assertThat(run("instances", "show", "--provider", "tensordock", "--json", id)).as(stderr()).isZero();
    assertThat(Json.str(json(), "status")).isEqualTo("running");
    assertThat(run("instances", "cost", "--provider", "tensordock", id)).as(stderr()).isZero();
    assertThat(run("instances", "stop", "--provider", "tensordock", id)).as(stderr()).isZero();
    assertThat(stdout()).contains("stopping " + id);
    fake.settle();
    assertThat(fake.status(id)).isEqualTo("stopped");
    assertThat(run("instances", "start", "--provider", "tensordock", id)).as(stderr()).isZero();
    fake.settle();
    assertThat(fake.status(id)).isEqualTo("running");
    assertThat(run("instances", "destroy", "--provider", "tensordock", id)).as(stderr()).isZero();
    assertThat(fake.instanceIds()).isEmpty();
    // TensorDock forgets a deleted VM: a second destroy finds nothing, which is success (idempotent), said so
    assertThat(run("instances", "destroy", "--provider", "tensordock", id)).as(stderr()).isZero();
    assertThat(stdout()).contains("not found on tensordock").contains("already destroyed");
  }

  @Test
  void errors_areOneLine_withoutTheToken() {
    System.setProperty("dumont.tensordock.api-token", "wrong-token-777");
    assertThat(run("instances", "list", "--provider", "tensordock")).isNotZero();
    assertThat(stderr()).startsWith("error: ").doesNotContain("wrong-token-777").doesNotContain("\tat ");
  }

  @Test
  @SuppressWarnings("unchecked")
  void providers_listsTensorDockWithItsKeys() {
    assertThat(run("providers", "--json")).isZero();
    List<Object> all = (List<Object>) com.dumontcloud.sdk.internal.json.MoshiJsonCodec.get().parse(stdout());
    Map<String, Object> td = all.stream().map(o -> (Map<String, Object>) o)
        .filter(m -> "tensordock".equals(m.get("id"))).findFirst().orElseThrow();
    List<Object> keys = (List<Object>) td.get("config_keys");
    assertThat(keys).extracting(k -> ((Map<String, Object>) k).get("key")).contains("api-version", "api-token",
        "api-key", "base-url", "image", "ssh-public-key", "spot-bid-fraction");
    assertThat(keys).filteredOn(k -> "base-url".equals(((Map<String, Object>) k).get("key")))
        .singleElement().satisfies(k -> assertThat(((Map<String, Object>) k)).containsEntry("env",
            "DUMONT_TENSORDOCK_BASE_URL").containsEntry("set", true));
    assertThat(stdout()).doesNotContain(fake.token());
    assertThat(run("providers")).isZero();
    assertThat(stdout()).contains("tensordock").contains("ssh_access");
  }
}
