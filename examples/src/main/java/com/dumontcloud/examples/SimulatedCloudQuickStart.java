package com.dumontcloud.examples;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.model.CostAnalysis;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.LaunchSpec;
import com.dumontcloud.sdk.model.OfferPage;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.testkit.SimulatedCloud;
import com.dumontcloud.sdk.testkit.VirtualScheduler;
import java.time.Duration;
import java.util.List;

/**
 * Search, launch, wait, cost and destroy on the simulated cloud in virtual time: the same code runs
 * against Vast.ai by replacing the provider. Runs in well under a second.
 */
public final class SimulatedCloudQuickStart {
  private SimulatedCloudQuickStart() {}

  public static void main(String[] args) {
    VirtualScheduler time = VirtualScheduler.create();
    SimulatedCloud sim = SimulatedCloud.builder().scheduler(time).seed(42).build();
    try (Dumont dumont = Dumont.builder().scheduler(time).providerFactories(List.of(sim.factory()))
        .provider("sim").build()) {
      OfferPage page = dumont.offers().search(OfferQuery.builder().gpuName("RTX 4090").maxPricePerHour(0.5)
          .pricingModel(PricingModel.ON_DEMAND).limit(5).build());
      System.out.println(page.filteredCount() + " offers; best: " + page.best().orElseThrow().id());
      Instance i = dumont.instances().launch(LaunchSpec.fromTemplate("budget").offer(page.best().orElseThrow()).build());
      i = dumont.instances().waitUntilRunning(i.id(), Duration.ofMinutes(10),
          p -> System.out.println("  " + p.id() + " " + p.state().wireName()));
      time.advanceBy(Duration.ofHours(2));
      CostAnalysis cost = dumont.costs().analyze(i.id());
      System.out.printf("%s ran %.2f h for $%s%n", i.id(), cost.uptimeHours(), cost.totalCost().rounded(4));
      dumont.instances().destroy(i.id());
    }
  }
}
