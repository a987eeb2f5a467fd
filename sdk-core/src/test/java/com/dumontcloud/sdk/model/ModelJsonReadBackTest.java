package com.dumontcloud.sdk.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.catalog.GpuCatalog;
import com.dumontcloud.sdk.spi.support.JsonCodec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The remote client reads the server's offer and instance forms back: written, serialised, parsed, read = same. */
class ModelJsonReadBackTest {
  @SuppressWarnings("unchecked")
  private static Map<String, Object> wire(Map<String, Object> m) {
    return (Map<String, Object>) JsonCodec.standard().parse(JsonCodec.standard().write(m));
  }

  @Test
  void offerRoundTrips() {
    Offer o = Offer.builder().id("o-1").providerId("sim").gpu(GpuCatalog.resolve("RTX 4090")).gpuCount(2).gpuRamGib(24)
        .pricePerHour(Money.usd(0.4321)).pricingModel(PricingModel.SPOT).minBid(Money.usd(0.2345)).vcpus(16.0)
        .ramGib(64.0).diskGib(200.0).location(Location.of("US", "US", "Oregon")).reliability(0.99).netUpMbps(500.0)
        .netDownMbps(900.0).cudaVersion(12.4).hostId("h1").machineId("m1").verified(true).build();
    Offer back = ModelJson.offerFromJson(wire(ModelJson.offer(o)));
    assertThat(ModelJson.offer(back)).isEqualTo(ModelJson.offer(o));
  }

  @Test
  void instanceRoundTrips() {
    Instance i = Instance.builder().id("sim-1").providerId("sim").state(InstanceState.RUNNING).rawStatus("running")
        .gpu(GpuCatalog.resolve("RTX 3080")).gpuCount(1).gpuRamGib(10).pricePerHour(Money.usd(0.1497))
        .pricingModel(PricingModel.ON_DEMAND).location(Location.of("DE", "EU", null)).hostId("h2").publicIp("10.0.0.2")
        .sshHost("10.0.0.2").sshPort(22).ports(List.of(new PortMapping(8000, "tcp", "10.0.0.2", 40001)))
        .image("vllm/vllm-openai:v0.9.2").templateName("budget").offerId("o-2").labels(Map.of("a", "b"))
        .createdAt(Instant.parse("2026-12-02T03:00:00Z")).startedAt(Instant.parse("2026-12-02T03:01:00Z")).build();
    Instance back = ModelJson.instanceFromJson(wire(ModelJson.instance(i)));
    assertThat(ModelJson.instance(back)).isEqualTo(ModelJson.instance(i));
  }
}
