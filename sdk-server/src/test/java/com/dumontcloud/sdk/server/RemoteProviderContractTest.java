package com.dumontcloud.sdk.server;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.spi.CloudProvider;
import com.dumontcloud.sdk.testkit.ProviderContractTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Dumont.remote(uri, key)}'s provider meets the same provider contract as the embedded ones: the suite runs
 * against the simulated cloud behind a server on loopback, through the REST API.
 */
class RemoteProviderContractTest extends ProviderContractTest {
  @TempDir Path dir;
  ServerHarness h;
  Dumont remote;
  private final Set<String> unavailable = new HashSet<>();

  @BeforeEach
  void start() {
    h = new ServerHarness(dir);
    remote = Dumont.remote(h.server.uri(), h.key);
  }

  @AfterEach
  void stop() {
    remote.close();
    h.close();
  }

  @Override
  protected CloudProvider provider() {
    return remote.provider("sim");
  }

  @Override
  protected void makeOfferAvailable(OfferSpec spec) {
    h.sim.addHost("US", "US", spec.gpuName(), spec.gpuRamGib(), spec.gpuCount(), spec.pricePerHour() / spec.gpuCount(),
        spec.minBidPerHour() / spec.gpuCount());
  }

  @Override
  protected void settle() {
    h.vs.advanceBy(Duration.ofMinutes(5));
  }

  @Override
  protected void interrupt(String instanceId) {
    h.sim.interrupt(instanceId);
  }

  @Override
  protected void makeOfferUnavailable(String offerId) {
    Offer o = h.sim.searchOffers(OfferQuery.all()).stream().filter(x -> x.id().equals(offerId)).findFirst()
        .orElseThrow();
    unavailable.add("host:" + o.hostId());
    h.sim.faults(h.sim.faults().withStockouts(unavailable));
  }

  @Override
  protected String unknownInstanceId() {
    return "sim-987654321";
  }
}
