package com.dumontcloud.examples.readme;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.Secret;
import com.dumontcloud.sdk.model.CostAnalysis;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.LaunchSpec;
import com.dumontcloud.sdk.model.OfferPage;
import com.dumontcloud.sdk.query.OfferQueries;
import java.time.Duration;

/** README "Embedding": search two providers, launch the best offer, wait, cost, destroy. */
public final class ReadmeClient {
  private ReadmeClient() {}

  public static void main(String[] args) {
    // README:begin
    try (Dumont dumont = Dumont.builder()
            .provider("vast", s -> s.apiKey(Secret.fromEnv("VAST_API_KEY")))
            .provider("sim")                                  // any provider found by ServiceLoader
            .build()) {
      OfferPage page = dumont.offers().search(OfferQueries.parse("gpu_name=RTX_4090 dph<0.5"));
      Instance i = dumont.instances().launch(
          LaunchSpec.fromTemplate("qwen2.5-0.5b").offer(page.best().orElseThrow()).build());
      i = dumont.instances().waitUntilRunning(i.id(), Duration.ofMinutes(10),
          p -> System.out.println(p.state()));
      CostAnalysis cost = dumont.costs().analyze(i.id());
      System.out.println(cost.totalCost() + " so far, " + cost.estimatedMonthlyCost() + "/month");
      dumont.instances().destroy(i.id());
    }
    // README:end
  }
}
