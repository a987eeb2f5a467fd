package com.dumontcloud.sdk.tensordock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.Secret;
import com.dumontcloud.sdk.exception.AuthenticationException;
import com.dumontcloud.sdk.exception.CapacityUnavailableException;
import com.dumontcloud.sdk.exception.InvalidRequestException;
import com.dumontcloud.sdk.testkit.http.JsonTrees;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.InstanceState;
import com.dumontcloud.sdk.model.LaunchSpec;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.testkit.VirtualScheduler;
import com.dumontcloud.sdk.testkit.http.Fault;
import com.dumontcloud.sdk.testkit.tensordock.FakeTensorDockServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TensorDock v2 through the client against its fake: offer pricing, the exact create body, the whole lifecycle,
 * and errors (validation arrays, HTTP-200 error bodies, capacity wording, a bad token) through core's one table.
 */
class TensorDockFunctionalTest {
  private static final Template WEB = Template.builder("web", "nginx:1.27").port(80).healthPath("/").build();

  @TempDir Path home;
  private FakeTensorDockServer fake;
  private Dumont dumont;

  @BeforeEach
  void start() {
    fake = FakeTensorDockServer.start();
    fake.addHostnode("geforcertx4090-pcie-24gb", 2, List.of(20000, 20001, 20002), 0.35, 0.003, 0.002, 0.0001);
    dumont = client(fake.token());
  }

  private Dumont client(String token) {
    return Dumont.builder()
        .provider("tensordock", s -> s.secret("api-token", Secret.of(token)).baseUrl(fake.baseUrl()))
        .scheduler(VirtualScheduler.create()).environment(k -> null).systemProperties(k -> null)
        .offerCacheTtl(Duration.ZERO).maxAttempts(1).home(home).build();
  }

  @AfterEach
  void stop() {
    dumont.close();
    fake.close();
  }

  private Offer cheapest(int gpus) {
    return dumont.offers().search(OfferQuery.builder().minGpus(gpus).build()).offers().stream()
        .filter(o -> o.gpuCount() == gpus).findFirst().orElseThrow();
  }

  @Test
  void offers_oneperGpuCount_pricedFromEveryResource() {
    List<Offer> offers = dumont.offers().search(OfferQuery.all()).offers();
    assertThat(offers).extracting(Offer::gpuCount).contains(1, 2);
    Offer one = cheapest(1);
    assertThat(one.gpu().name()).containsIgnoringCase("4090");
    // GPUs x per-GPU + vCPUs x per-vCPU + RAM x per-GiB + disk x per-GiB: more than the GPU alone
    assertThat(one.pricePerHour().doubleValue()).isGreaterThan(0.35).isLessThan(0.35 + 1.0);
    assertThat(cheapest(2).pricePerHour().doubleValue()).isGreaterThan(one.pricePerHour().doubleValue());
  }

  @Test
  void launch_sendsTheWrappedBody_thenRunsStopsStartsAndDestroysIdempotently() {
    Instance i = dumont.instances().launch(LaunchSpec.fromTemplate(WEB).offer(cheapest(1)).build());
    var create = fake.api().calls("POST", "/instances").get(0);
    @SuppressWarnings("unchecked")
    Map<String, Object> body = (Map<String, Object>) JsonTrees.parse(create.body());
    @SuppressWarnings("unchecked")
    Map<String, Object> data = (Map<String, Object>) body.get("data");
    assertThat(data).containsEntry("type", "virtualmachine");
    @SuppressWarnings("unchecked")
    Map<String, Object> attrs = (Map<String, Object>) data.get("attributes");
    assertThat(String.valueOf(attrs.get("name"))).matches("dumont-[0-9a-f]{24}");
    assertThat(attrs).containsKeys("resources", "hostnode_id");
    assertThat(create.authorization()).isEqualTo("Bearer " + fake.token());

    fake.settle();
    Instance running = dumont.instances().waitUntilRunning(i.id(), Duration.ofMinutes(5), null);
    assertThat(running.state()).isEqualTo(InstanceState.RUNNING);
    dumont.instances().stop(i.id());
    fake.settle();
    assertThat(dumont.instances().get(i.id()).state()).isEqualTo(InstanceState.STOPPED);
    dumont.instances().start(i.id());
    fake.settle();
    assertThat(dumont.instances().get(i.id()).state()).isEqualTo(InstanceState.RUNNING);
    dumont.instances().destroy(i.id());
    dumont.provider("tensordock").terminate(i.id()); // already gone: success
  }

  @Test
  void errors_goThroughCoresTable_withEveryValidationMessage_andNoToken() {
    Offer o = cheapest(1);
    fake.api().failNext("POST", "/instances", Fault.json(400, List.of(
        Map.of("code", "too_small", "message", "RAM must be at least 4 GB", "path", List.of("ram")),
        Map.of("code", "invalid_type", "message", "image is required", "path", List.of("image")))));
    assertThatThrownBy(() -> dumont.instances().launch(LaunchSpec.fromTemplate(WEB).offer(o).build()))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("RAM must be at least 4 GB")
        .hasMessageContaining("image is required").hasMessageNotContaining(fake.token());

    fake.api().failNext("POST", "/instances", Fault.json(200, Map.of("status", 400,
        "error", "No available nodes found")));
    assertThatThrownBy(() -> dumont.instances().launch(LaunchSpec.fromTemplate(WEB).offer(o).build()))
        .isInstanceOf(CapacityUnavailableException.class).hasMessageNotContaining(fake.token());

    try (Dumont bad = client("wrong-token")) {
      assertThatThrownBy(() -> bad.provider("tensordock").list(Map.of()))
          .isInstanceOf(AuthenticationException.class).hasMessageNotContaining("wrong-token");
    }
  }
}
