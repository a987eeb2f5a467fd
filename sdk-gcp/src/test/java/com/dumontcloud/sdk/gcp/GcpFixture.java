package com.dumontcloud.sdk.gcp;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.ProviderSettings;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.Labels;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.spi.CloudProvider;
import com.dumontcloud.sdk.spi.ProviderLaunchRequest;
import com.dumontcloud.sdk.testkit.VirtualScheduler;
import com.dumontcloud.sdk.testkit.gcp.FakeGcpServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** A GCP provider on a {@link FakeGcpServer}, sharing one virtual scheduler; closed with the test. */
final class GcpFixture implements AutoCloseable {
  final VirtualScheduler scheduler = VirtualScheduler.create();
  final FakeGcpServer fake = FakeGcpServer.start().clock(scheduler::now);
  final Path home;
  private Dumont dumont;
  CloudProvider provider;

  GcpFixture(Path home) {
    this.home = home;
  }

  /** Service-account key auth, Billing Catalog on the fake, plus {@code extra} settings. */
  GcpFixture start(Consumer<ProviderSettings> extra) {
    Path key = fake.newServiceAccountKey(home);
    return startRaw(s -> {
      s.baseUrl(fake.baseUrl()).set("credentials-file", key.toString()).set("billing-base-url", fake.billingUrl());
      extra.accept(s);
    });
  }

  GcpFixture start() {
    return start(s -> { });
  }

  GcpFixture startRaw(Consumer<ProviderSettings> settings) {
    dumont = Dumont.builder().provider("gcp", settings::accept).scheduler(scheduler).environment(k -> null)
        .systemProperties(k -> null).offerCacheTtl(Duration.ZERO).home(home).build();
    provider = dumont.provider("gcp");
    return this;
  }

  Offer offer(String zone, String machineType, PricingModel pricing) {
    return provider.searchOffers(OfferQuery.builder().pricingModel(pricing).build()).stream()
        .filter(o -> o.id().startsWith(zone + "/" + machineType)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + pricing + " offer " + zone + "/" + machineType));
  }

  Instance launch(Offer offer, PricingModel pricing, String key, Map<String, String> extraLabels) {
    Map<String, String> labels = new LinkedHashMap<>(extraLabels);
    labels.put(Labels.KEY, key);
    Template t = Template.builder("web", "nginx:1.27-alpine").port(80).build();
    return provider.launch(new ProviderLaunchRequest(offer, t, labels, key, pricing, null, 20));
  }

  @Override
  public void close() {
    if (dumont != null) dumont.close();
    fake.close();
  }
}
