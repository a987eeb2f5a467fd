package com.dumontcloud.sdk.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dumontcloud.sdk.catalog.GpuCatalog;
import com.dumontcloud.sdk.exception.CapacityUnavailableException;
import com.dumontcloud.sdk.exception.DumontException;
import com.dumontcloud.sdk.exception.NotFoundException;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.InstanceState;
import com.dumontcloud.sdk.model.Labels;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.model.TemplateCategory;
import com.dumontcloud.sdk.spi.AccountBalance;
import com.dumontcloud.sdk.spi.Capability;
import com.dumontcloud.sdk.spi.CloudProvider;
import com.dumontcloud.sdk.spi.ProviderLaunchRequest;
import com.dumontcloud.sdk.spi.ProviderMetadata;
import com.dumontcloud.sdk.spi.SpotMarket;
import com.dumontcloud.sdk.spi.Volumes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link CloudProvider} meets, as one abstract JUnit 5 suite. A provider module extends it,
 * supplies the provider under test (usually talking to its fake HTTP server) and implements the hooks that let
 * the suite shape the cloud: {@link #makeOfferAvailable(OfferSpec)}, {@link #settle()} and, where the cloud can do
 * it, {@link #interrupt(String)} and {@link #makeOfferUnavailable(String)}.
 *
 * <pre>{@code
 * class VastProviderContractTest extends ProviderContractTest {
 *   FakeVastServer vast = FakeVastServer.start();
 *   protected CloudProvider provider() { ... }
 *   protected void makeOfferAvailable(OfferSpec s) { vast.addOffer(...); }
 *   protected void settle() { vast.settle(); }
 * }
 * }</pre>
 *
 * <p>Every instance a test launches is terminated afterwards. Optional behaviour (stop/start, labels, spot) is
 * checked only when {@link ProviderMetadata#capabilities()} declares it; hooks a cloud cannot implement abort the
 * tests that need them (reported as skipped, not failed).
 */
public abstract class ProviderContractTest {
  /**
   * An offer the suite asks the cloud to make available.
   *
   * @param gpuName GPU name as users write it ("RTX 4090")
   * @param gpuCount GPUs in the offer
   * @param gpuRamGib memory per GPU, GiB
   * @param pricePerHour on-demand total price per hour (distinctive, so the suite can recognise the offer)
   * @param minBidPerHour minimum interruptible bid per hour
   */
  public record OfferSpec(String gpuName, int gpuCount, double gpuRamGib, double pricePerHour, double minBidPerHour) {}

  /** The offer every test uses unless it says otherwise. */
  protected static final OfferSpec DEFAULT_OFFER = new OfferSpec("RTX 4090", 1, 24, 0.4321, 0.2345);

  private final List<String> launched = new ArrayList<>();

  /** The provider under test (the same object for the whole test method). */
  protected abstract CloudProvider provider();

  /** Make an offer matching {@code spec} rentable (on-demand, and at {@code minBidPerHour} when spot exists). */
  protected abstract void makeOfferAvailable(OfferSpec spec);

  /** Let time pass until every pending transition completes: boots reach running, stops stopped, starts running. */
  protected abstract void settle();

  /** Interrupt a spot instance (outbid, preemption). Default: not supported, the test is skipped. */
  protected void interrupt(String instanceId) {
    Assumptions.abort("the cloud of " + provider().id() + " cannot interrupt an instance on demand");
  }

  /** Make an offer disappear (someone else rented it). Default: not supported, the test is skipped. */
  protected void makeOfferUnavailable(String offerId) {
    Assumptions.abort("the cloud of " + provider().id() + " cannot withdraw an offer on demand");
  }

  /** An instance id that is well formed for this provider but does not exist. */
  protected String unknownInstanceId() {
    return "987654321";
  }

  /** The template launched (a small image serving HTTP on one port). */
  protected Template template() {
    return Template.builder("contract-test", "nginx:1.27-alpine").displayName("Contract test")
        .description("provider contract test workload").category(TemplateCategory.GENERAL).port(80).healthPath("/")
        .env(Map.of("CONTRACT", "1")).build();
  }

  @AfterEach
  void terminateLaunched() {
    for (String id : launched) {
      try {
        provider().terminate(id);
      } catch (DumontException ignored) {
        // best effort: the cloud is a fake that the subclass throws away anyway
      }
    }
    launched.clear();
  }

  // ------------------------------------------------------------------ helpers for the tests

  /** The offer made available for {@code spec}, found by a search (on-demand or spot). */
  protected Offer availableOffer(OfferSpec spec, PricingModel pricing) {
    makeOfferAvailable(spec);
    OfferQuery q = OfferQuery.builder().pricingModel(pricing).build();
    List<Offer> offers = provider().searchOffers(q);
    String gpu = GpuCatalog.resolve(spec.gpuName()).name();
    return offers.stream()
        .filter(o -> o.gpu().name().equals(gpu) && o.gpuCount() == spec.gpuCount())
        .filter(o -> pricing == PricingModel.SPOT
            ? o.minBid() != null && Math.abs(o.minBid().doubleValue() - spec.minBidPerHour()) < 1e-3
            : Math.abs(o.pricePerHour().doubleValue() - spec.pricePerHour()) < 1e-3)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + pricing + " offer like " + spec + " among " + offers.size()
            + " offers: " + offers.stream().map(o -> o.gpu().name() + "x" + o.gpuCount() + "@" + o.pricePerHour()
                + "/bid " + o.minBid()).toList()));
  }

  /** Launch with a fresh idempotency key and the given extra labels; the instance is terminated after the test. */
  protected Instance launch(Offer offer, PricingModel pricing, String key, Map<String, String> extraLabels) {
    Map<String, String> labels = new LinkedHashMap<>(extraLabels);
    labels.put(Labels.KEY, key);
    labels.put(Labels.TEMPLATE, template().name());
    ProviderLaunchRequest req = new ProviderLaunchRequest(offer, template(), labels, key, pricing,
        pricing == PricingModel.SPOT ? offer.minBid() : null, 20);
    Instance i = provider().launch(req);
    launched.add(i.id());
    return i;
  }

  protected Instance launch(Offer offer) {
    return launch(offer, PricingModel.ON_DEMAND, newKey(), Map.of());
  }

  protected static String newKey() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  private boolean supports(Capability c) {
    return provider().metadata().capabilities().contains(c);
  }

  // ------------------------------------------------------------------ the contract

  @Test
  void metadata_describesProvider_capabilitiesMatchInterfaces() {
    ProviderMetadata m = provider().metadata();
    notBlank(m.id(), "metadata id");
    assertEquals(m.id().toLowerCase(java.util.Locale.ROOT), m.id(), "metadata id is lower case");
    notBlank(m.displayName(), "metadata display name");
    assertEquals(m.id(), provider().id());
    assertEquals(supports(Capability.SPOT_MARKET), provider().capability(SpotMarket.class).isPresent(), "SpotMarket");
    assertEquals(supports(Capability.VOLUMES), provider().capability(Volumes.class).isPresent(), "Volumes");
    assertEquals(supports(Capability.ACCOUNT_BALANCE), provider().capability(AccountBalance.class).isPresent(),
        "AccountBalance");
    assertEquals(supports(Capability.SSH_ACCESS),
        provider().capability(com.dumontcloud.sdk.spi.SshAccess.class).isPresent(), "SshAccess");
    assertEquals(supports(Capability.UTILISATION),
        provider().capability(com.dumontcloud.sdk.spi.Utilisation.class).isPresent(), "Utilisation");
    assertEquals(supports(Capability.LOGS),
        provider().capability(com.dumontcloud.sdk.spi.InstanceLogs.class).isPresent(), "InstanceLogs");
  }

  @Test
  void searchOffers_offerMadeAvailable_isReturnedNormalised() {
    Offer o = availableOffer(DEFAULT_OFFER, PricingModel.ON_DEMAND);
    assertEquals(provider().id(), o.providerId());
    notBlank(o.id(), "offer id");
    assertEquals(PricingModel.ON_DEMAND, o.pricingModel());
    assertEquals(DEFAULT_OFFER.gpuRamGib(), o.gpuRamGib(), 0.5, "GPU RAM in GiB");
    assertEquals("USD", o.pricePerHour().currency());
    assertEquals(DEFAULT_OFFER.pricePerHour(), o.pricePerHour().doubleValue(), 1e-3, "price per hour");
    if (o.reliability() != null) {
      assertTrue(o.reliability() >= 0 && o.reliability() <= 1, "reliability in [0,1], got " + o.reliability());
    }
  }

  @Test
  void searchOffers_spotQuery_returnsInterruptibleOffersWithMinBid() {
    Assumptions.assumeTrue(supports(Capability.SPOT_MARKET), "no spot market");
    Offer o = availableOffer(DEFAULT_OFFER, PricingModel.SPOT);
    assertEquals(PricingModel.SPOT, o.pricingModel());
    assertTrue(o.interruptible(), "a spot offer is interruptible");
    assertNotNull(o.minBid(), "a spot offer has a minimum bid");
    assertTrue(o.pricePerHour().doubleValue() < DEFAULT_OFFER.pricePerHour(), "spot is cheaper than on-demand");
  }

  @Test
  void launch_onDemand_instanceBootsToRunning() {
    Offer offer = availableOffer(DEFAULT_OFFER, PricingModel.ON_DEMAND);
    Instance i = launch(offer);
    notBlank(i.id(), "instance id");
    assertEquals(provider().id(), i.providerId());
    assertTrue(List.of(InstanceState.PENDING, InstanceState.PROVISIONING, InstanceState.STARTING,
        InstanceState.RUNNING).contains(i.state()), "state after launch, got " + i.state());
    settle();
    Instance running = provider().get(i.id());
    assertEquals(InstanceState.RUNNING, running.state());
    notBlank(running.rawStatus(), "raw status");
    assertTrue(running.pricePerHour().doubleValue() > 0, "price per hour above 0");
    assertEquals(PricingModel.ON_DEMAND, running.pricingModel());
    assertEquals(DEFAULT_OFFER.gpuCount(), running.gpuCount());
  }

  @Test
  void launch_labels_visibleOnGetAndList() {
    Offer offer = availableOffer(DEFAULT_OFFER, PricingModel.ON_DEMAND);
    String key = newKey();
    String run = "run-" + key.substring(0, 8);
    Instance i = launch(offer, PricingModel.ON_DEMAND, key, Map.of("contract-run", run));
    settle();
    Instance got = provider().get(i.id());
    assertEquals(key, got.labels().get(Labels.KEY));
    assertEquals(run, got.labels().get("contract-run"));
    assertEquals(List.of(i.id()), ids(provider().list(Map.of("contract-run", run))));
    assertEquals(List.of(), provider().list(Map.of("contract-run", "someone-else")));
    assertTrue(ids(provider().list(Map.of())).contains(i.id()), "an unfiltered list holds the instance");
  }

  @Test
  void findByIdempotencyKey_afterLaunch_findsTheInstance() {
    Offer offer = availableOffer(DEFAULT_OFFER, PricingModel.ON_DEMAND);
    String key = newKey();
    Instance i = launch(offer, PricingModel.ON_DEMAND, key, Map.of());
    assertEquals(Optional.of(i.id()), provider().findByIdempotencyKey(key).map(Instance::id));
    assertEquals(Optional.empty(), provider().findByIdempotencyKey(newKey()));
  }

  @Test
  void launch_retriedWithSameIdempotencyKey_rentsOneInstance() {
    Offer offer = availableOffer(DEFAULT_OFFER, PricingModel.ON_DEMAND);
    String key = newKey();
    Instance first = launch(offer, PricingModel.ON_DEMAND, key, Map.of());
    Instance again = launch(offer, PricingModel.ON_DEMAND, key, Map.of());
    assertEquals(first.id(), again.id());
    assertEquals(1, provider().list(Map.of(Labels.KEY, key)).size());
  }

  @Test
  void get_unknownInstance_throwsNotFound() {
    assertThrows(NotFoundException.class, () -> provider().get(unknownInstanceId()));
  }

  @Test
  void stopThenStart_roundTripsThroughStoppedToRunning() {
    Assumptions.assumeTrue(supports(Capability.STOP_START), "no stop/start");
    Offer offer = availableOffer(DEFAULT_OFFER, PricingModel.ON_DEMAND);
    Instance i = launch(offer);
    settle();
    provider().stop(i.id());
    InstanceState stopping = provider().get(i.id()).state();
    assertTrue(stopping == InstanceState.STOPPING || stopping == InstanceState.STOPPED, "after stop, got " + stopping);
    settle();
    assertEquals(InstanceState.STOPPED, provider().get(i.id()).state());
    provider().start(i.id());
    settle();
    assertEquals(InstanceState.RUNNING, provider().get(i.id()).state());
  }

  @Test
  void terminate_twice_isIdempotentAndInstanceIsGone() {
    Offer offer = availableOffer(DEFAULT_OFFER, PricingModel.ON_DEMAND);
    String key = newKey();
    Instance i = launch(offer, PricingModel.ON_DEMAND, key, Map.of());
    settle();
    provider().terminate(i.id());
    provider().terminate(i.id());
    settle();
    Optional<Instance> after;
    try {
      after = Optional.of(provider().get(i.id()));
    } catch (NotFoundException e) {
      after = Optional.empty();
    }
    after.ifPresent(x -> assertEquals(InstanceState.TERMINATED, x.state()));
    for (Instance x : provider().list(Map.of(Labels.KEY, key))) assertEquals(InstanceState.TERMINATED, x.state());
  }

  @Test
  void launch_offerNoLongerAvailable_throwsCapacityUnavailable() {
    Offer offer = availableOffer(DEFAULT_OFFER, PricingModel.ON_DEMAND);
    makeOfferUnavailable(offer.id());
    String key = newKey();
    assertThrows(CapacityUnavailableException.class, () -> launch(offer, PricingModel.ON_DEMAND, key, Map.of()));
    assertEquals(Optional.empty(), provider().findByIdempotencyKey(key));
  }

  @Test
  void interruption_spotInstance_isInterruptedAndSignalled() {
    Assumptions.assumeTrue(supports(Capability.SPOT_MARKET), "no spot market");
    Offer offer = availableOffer(DEFAULT_OFFER, PricingModel.SPOT);
    Instance i = launch(offer, PricingModel.SPOT, newKey(), Map.of());
    settle();
    assertEquals(PricingModel.SPOT, provider().get(i.id()).pricingModel());
    interrupt(i.id());
    Instance after = provider().get(i.id());
    assertEquals(InstanceState.INTERRUPTED, after.state());
    notBlank(after.statusMessage(), "status message of an interrupted instance");
    SpotMarket spot = provider().capability(SpotMarket.class).orElseThrow();
    assertEquals(List.of(i.id()), spot.interruptions(List.of(i.id()), Instant.EPOCH).stream()
        .map(SpotMarket.Interruption::instanceId).toList());
  }

  @Test
  void setLabels_replacesTheLabels() {
    Assumptions.assumeTrue(supports(Capability.LABELS), "no labels");
    Offer offer = availableOffer(DEFAULT_OFFER, PricingModel.ON_DEMAND);
    String key = newKey();
    Instance i = launch(offer, PricingModel.ON_DEMAND, key, Map.of("stage", "one"));
    provider().setLabels(i.id(), Map.of(Labels.KEY, key, "stage", "two"));
    Map<String, String> labels = provider().get(i.id()).labels();
    assertEquals("two", labels.get("stage"));
    assertEquals(key, labels.get(Labels.KEY));
    assertEquals(List.of(), provider().list(Map.of("stage", "one")));
  }

  private static void notBlank(String s, String what) {
    assertFalse(s == null || s.isBlank(), what + " must not be blank, got " + (s == null ? "nothing" : "'" + s + "'"));
  }

  private static List<String> ids(List<Instance> instances) {
    return instances.stream().map(Instance::id).toList();
  }
}
