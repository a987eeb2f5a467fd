package com.dumontcloud.sdk.tensordock;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.Secret;
import com.dumontcloud.sdk.spi.CloudProvider;
import com.dumontcloud.sdk.testkit.ProviderContractTest;
import com.dumontcloud.sdk.testkit.VirtualScheduler;
import com.dumontcloud.sdk.testkit.tensordock.FakeTensorDockServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The provider contract, passed by the TensorDock provider against {@link FakeTensorDockServer}. */
class TensorDockProviderContractTest extends ProviderContractTest {
  @TempDir Path home;
  private FakeTensorDockServer fake;
  private Dumont dumont;
  private CloudProvider provider;

  @BeforeEach
  void start() {
    fake = FakeTensorDockServer.start();
    dumont = Dumont.builder()
        .provider("tensordock", s -> s.secret("api-token", Secret.of(fake.token())).baseUrl(fake.baseUrl()))
        .scheduler(VirtualScheduler.create())
        .environment(k -> null)
        .systemProperties(k -> null)
        .offerCacheTtl(Duration.ZERO)
        .home(home)
        .build();
    provider = dumont.provider("tensordock");
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
    fake.addHostnode("geforcertx4090-pcie-24gb", spec.gpuCount(), List.of(20000, 20001, 20002),
        spec.pricePerHour() / spec.gpuCount(), 0, 0, 0);
  }

  @Override
  protected void settle() {
    fake.settle();
  }

  @Override
  protected String unknownInstanceId() {
    return "00000000-0000-4000-8000-000000000000";
  }

  @Override
  protected void makeOfferUnavailable(String offerId) {
    fake.exhaust(offerId.substring(0, offerId.indexOf(':')));
  }
}
