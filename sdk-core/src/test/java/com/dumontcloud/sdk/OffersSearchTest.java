package com.dumontcloud.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.exception.ProviderErrorDetails;
import com.dumontcloud.sdk.exception.ProviderServerException;
import com.dumontcloud.sdk.model.GpuModel;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.OfferPage;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.spi.CloudProvider;
import com.dumontcloud.sdk.spi.CloudProviderFactory;
import com.dumontcloud.sdk.spi.ProviderContext;
import com.dumontcloud.sdk.spi.ProviderLaunchRequest;
import com.dumontcloud.sdk.spi.ProviderMetadata;
import com.dumontcloud.sdk.time.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OffersSearchTest {
  /** A provider whose search behaviour is a lambda. */
  record Fake(String id, java.util.function.Supplier<List<Offer>> search, AtomicInteger calls)
      implements CloudProvider, CloudProviderFactory {
    @Override public ProviderMetadata metadata() { return new ProviderMetadata(id, id, null, null, List.of(), Set.of()); }
    @Override public CloudProvider create(ProviderContext c) { return this; }
    @Override public List<Offer> searchOffers(OfferQuery q) { calls.incrementAndGet(); return search.get(); }
    @Override public Instance launch(ProviderLaunchRequest r) { throw new UnsupportedOperationException(); }
    @Override public Instance get(String id) { throw new UnsupportedOperationException(); }
    @Override public List<Instance> list(Map<String, String> l) { return List.of(); }
    @Override public void start(String id) {}
    @Override public void stop(String id) {}
    @Override public void terminate(String id) {}
  }

  /** Manual clock scheduler for the cache ticker. */
  static final class ManualScheduler implements Scheduler {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    @Override public Clock clock() { return Clock.fixed(now, ZoneOffset.UTC); }
    @Override public Instant now() { return now; }
    @Override public Cancellable schedule(Runnable t, Duration d) { return () -> {}; }
    @Override public Cancellable scheduleAtFixedRate(Runnable t, Duration i, Duration p) { return () -> {}; }
    @Override public void sleep(Duration d) { now = now.plus(d); }
  }

  static Offer offer(String provider, String id, double price) {
    return Offer.builder().providerId(provider).id(id).gpu(new GpuModel("RTX 4090", 24, 1, true)).gpuCount(1)
        .gpuRamGib(24).pricePerHour(Money.usd(price)).build();
  }

  @Test
  void search_oneProviderFails_returnsPartialPageWithError() {
    Fake ok = new Fake("a", () -> List.of(offer("a", "1", 0.5), offer("a", "2", 0.3)), new AtomicInteger());
    Fake bad = new Fake("b", () -> {
      throw new ProviderServerException(ProviderErrorDetails.of("b", "search_offers", "boom"));
    }, new AtomicInteger());
    try (Dumont d = Dumont.builder().providerFactories(List.of(ok, bad)).provider("a").provider("b").build()) {
      OfferPage page = d.offers().search(OfferQuery.all());
      assertThat(page.offers()).extracting(Offer::id).containsExactlyInAnyOrder("1", "2");
      assertThat(page.partial()).isTrue();
      assertThat(page.errors()).singleElement().satisfies(e -> {
        assertThat(e.providerId()).isEqualTo("b");
        assertThat(e.errorType()).isEqualTo("ProviderServerException");
      });
    }
  }

  @Test
  void search_slowProvider_isCutAtItsDeadline() {
    CountDownLatch never = new CountDownLatch(1);
    Fake ok = new Fake("a", () -> List.of(offer("a", "1", 0.5)), new AtomicInteger());
    Fake slow = new Fake("slow", () -> {
      try {
        never.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return List.of();
    }, new AtomicInteger());
    try (Dumont d = Dumont.builder().providerFactories(List.of(ok, slow)).provider("a").provider("slow")
        .providerDeadline(Duration.ofMillis(200)).build()) {
      OfferPage page = d.offers().search(OfferQuery.all());
      assertThat(page.offers()).hasSize(1);
      assertThat(page.errors()).singleElement().satisfies(e -> assertThat(e.errorType()).isEqualTo("CallTimeoutException"));
    } finally {
      never.countDown();
    }
  }

  @Test
  void search_isCached_untilTtlPassesOnTheInjectedClock() {
    AtomicInteger calls = new AtomicInteger();
    Fake a = new Fake("a", () -> List.of(offer("a", "1", 0.5)), calls);
    ManualScheduler clock = new ManualScheduler();
    try (Dumont d = Dumont.builder().scheduler(clock).providerFactories(List.of(a)).provider("a")
        .offerCacheTtl(Duration.ofSeconds(30)).build()) {
      d.offers().search(OfferQuery.all());
      d.offers().search(OfferQuery.all());
      assertThat(calls).hasValue(1);
      clock.now = clock.now.plusSeconds(31);
      d.offers().search(OfferQuery.all());
      assertThat(calls).hasValue(2);
    }
  }
}
