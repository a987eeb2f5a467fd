package com.dumontcloud.sdk.gcp;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.spi.CloudProvider;
import com.dumontcloud.sdk.testkit.ProviderContractTest;
import com.dumontcloud.sdk.testkit.VirtualScheduler;
import com.dumontcloud.sdk.testkit.gcp.FakeGcpServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The provider contract, passed by the GCP provider against {@link FakeGcpServer} with a service-account key. */
class GcpProviderContractTest extends ProviderContractTest {
  @TempDir Path home;
  private FakeGcpServer fake;
  private Dumont dumont;
  private CloudProvider provider;

  @BeforeEach
  void start() {
    VirtualScheduler scheduler = VirtualScheduler.create();
    fake = FakeGcpServer.start().clock(scheduler::now);
    Path key = fake.newServiceAccountKey(home);
    dumont = Dumont.builder()
        .provider("gcp", s -> s.baseUrl(fake.baseUrl()).set("credentials-file", key.toString())
            .set("billing-base-url", fake.billingUrl()).set("zones", "us-central1-a"))
        .scheduler(scheduler)
        .environment(k -> null)
        .systemProperties(k -> null)
        .offerCacheTtl(Duration.ZERO)
        .home(home)
        .build();
    provider = dumont.provider("gcp");
  }

  @AfterEach
  void stop() {
    dumont.close();
    fake.close();
  }

  @Override
  protected CloudProvider provider() {
    return provider;
  }

  @Override
  protected void makeOfferAvailable(OfferSpec spec) {
    fake.addGpuMachineType("g9-standard-8", 8, 32, "nvidia-rtx-4090", "NVIDIA RTX 4090", spec.gpuCount(),
        spec.pricePerHour(), spec.minBidPerHour());
  }

  @Override
  protected void settle() {
    fake.settle();
  }

  @Override
  protected void interrupt(String instanceId) {
    fake.preempt(instanceId);
  }

  @Override
  protected void makeOfferUnavailable(String offerId) {
    fake.stockout(offerId.substring(0, offerId.indexOf('/')));
  }

  @Override
  protected String unknownInstanceId() {
    return "us-central1-a/dumont-000000000000000000000000";
  }
}
