package com.dumontcloud.sdk.vast;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.Secret;
import com.dumontcloud.sdk.spi.CloudProvider;
import com.dumontcloud.sdk.testkit.ProviderContractTest;
import com.dumontcloud.sdk.testkit.vast.FakeVastOffer;
import com.dumontcloud.sdk.testkit.vast.FakeVastServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The provider contract, passed by the Vast provider against {@link FakeVastServer}. */
class VastProviderContractTest extends ProviderContractTest {
  private FakeVastServer fake;
  private Dumont dumont;
  private CloudProvider provider;

  @BeforeEach
  void start() {
    fake = FakeVastServer.start();
    dumont = Dumont.builder()
        .provider("vast", s -> s.apiKey(Secret.of(fake.apiKey())).baseUrl(fake.baseUrl()))
        .scheduler(new ManualScheduler())
        .environment(k -> null)
        .systemProperties(k -> null)
        .offerCacheTtl(Duration.ZERO)
        .home(Path.of("target", "dumont-home"))
        .build();
    provider = dumont.provider("vast");
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
    fake.addOffer(FakeVastOffer.builder()
        .gpuName(spec.gpuName())
        .numGpus(spec.gpuCount())
        .gpuRamMb((int) Math.round(spec.gpuRamGib() * 1024) - 12)
        .dphTotal(spec.pricePerHour())
        .minBid(spec.minBidPerHour()));
  }

  @Override
  protected void settle() {
    fake.settle();
  }

  @Override
  protected void interrupt(String instanceId) {
    fake.outbid(Long.parseLong(instanceId));
  }

  @Override
  protected void makeOfferUnavailable(String offerId) {
    fake.removeOffer(Long.parseLong(offerId));
  }
}
