package com.dumontcloud.sdk.testkit;

import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.spi.CloudProvider;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/** The simulated cloud meets the same provider contract as the real providers. */
class SimulatedCloudContractTest extends ProviderContractTest {
  private final VirtualScheduler time = VirtualScheduler.create();
  private final SimulatedCloud sim = SimulatedCloud.builder().scheduler(time).seed(5).build();
  private final Set<String> unavailable = new HashSet<>();

  @Override
  protected CloudProvider provider() {
    return sim;
  }

  @Override
  protected void makeOfferAvailable(OfferSpec spec) {
    sim.addHost("US", "US", spec.gpuName(), spec.gpuRamGib(), spec.gpuCount(), spec.pricePerHour() / spec.gpuCount(),
        spec.minBidPerHour() / spec.gpuCount());
  }

  @Override
  protected void settle() {
    time.advanceBy(Duration.ofMinutes(5));
  }

  @Override
  protected void interrupt(String instanceId) {
    sim.interrupt(instanceId);
  }

  @Override
  protected void makeOfferUnavailable(String offerId) {
    Offer o = sim.searchOffers(OfferQuery.all()).stream().filter(x -> x.id().equals(offerId)).findFirst().orElseThrow();
    unavailable.add("host:" + o.hostId());
    sim.faults(sim.faults().withStockouts(unavailable));
  }

  @Override
  protected String unknownInstanceId() {
    return "sim-987654321";
  }
}
