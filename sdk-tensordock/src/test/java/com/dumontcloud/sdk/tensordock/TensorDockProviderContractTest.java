package com.dumontcloud.sdk.tensordock;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.spi.CloudProvider;
import com.dumontcloud.sdk.testkit.ProviderContractTest;
import com.dumontcloud.sdk.testkit.VirtualScheduler;
import com.dumontcloud.sdk.testkit.tensordock.FakeTensorDockServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The provider contract, passed by the TensorDock provider against {@link FakeTensorDockServer}, API v2 and v0. */
class TensorDockProviderContractTest {
  /** Shared set-up; {@link #client} picks the API generation. */
  abstract static class Base extends ProviderContractTest {
    @TempDir Path home;
    FakeTensorDockServer fake;
    private Dumont dumont;
    private CloudProvider provider;

    abstract Dumont client(FakeTensorDockServer fake, Path home);

    @BeforeEach
    void start() {
      fake = FakeTensorDockServer.start();
      dumont = client(fake, home);
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

  @Nested
  class V2 extends Base {
    @Override
    Dumont client(FakeTensorDockServer fake, Path home) {
      return TensorDockClients.v2(fake, VirtualScheduler.create(), home, 3);
    }
  }

  /** v0: spot bids are the configured fraction of the on-demand price, so the suite's minimum bid is one. */
  @Nested
  class V0 extends Base {
    @Override
    Dumont client(FakeTensorDockServer fake, Path home) {
      fake.spotFloor(DEFAULT_OFFER.minBidPerHour() - 0.001);
      return TensorDockClients.v0(fake, VirtualScheduler.create(), home, 3, Map.of("spot-bid-fraction",
          String.valueOf(DEFAULT_OFFER.minBidPerHour() / DEFAULT_OFFER.pricePerHour())));
    }

    @Override
    protected void interrupt(String instanceId) {
      fake.outbid(instanceId);
    }
  }
}
