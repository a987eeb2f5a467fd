package com.dumontcloud.sdk.gcp;

import com.dumontcloud.sdk.spi.CloudProvider;
import com.dumontcloud.sdk.testkit.ProviderContractTest;
import com.dumontcloud.sdk.testkit.gcp.FakeGcpServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The provider contract, passed by the GCP provider against {@link FakeGcpServer} with a service-account key. */
class GcpProviderContractTest extends ProviderContractTest {
  @TempDir Path home;
  private GcpFixture gcp;

  @BeforeEach
  void start() {
    gcp = new GcpFixture(home).start(s -> s.set("zones", "us-central1-a"));
  }

  @AfterEach
  void stop() {
    gcp.close();
  }

  @Override
  protected CloudProvider provider() {
    return gcp.provider;
  }

  @Override
  protected void makeOfferAvailable(OfferSpec spec) {
    gcp.fake.addGpuMachineType("g9-standard-8", 8, 32, "nvidia-rtx-4090", "NVIDIA RTX 4090", spec.gpuCount(),
        spec.pricePerHour(), spec.minBidPerHour());
  }

  @Override
  protected void settle() {
    gcp.fake.settle();
  }

  @Override
  protected void interrupt(String instanceId) {
    gcp.fake.preempt(instanceId);
  }

  @Override
  protected void makeOfferUnavailable(String offerId) {
    gcp.fake.stockout(offerId.substring(0, offerId.indexOf('/')));
  }

  @Override
  protected String unknownInstanceId() {
    return "us-central1-a/dumont-000000000000000000000000";
  }
}
