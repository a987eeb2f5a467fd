package com.dumontcloud.sdk.serverless;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.catalog.TemplateCatalog;
import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.pricing.CurrencyView;
import com.dumontcloud.sdk.pricing.FxRates;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every amount of the endpoint forms follows the view; shown as is, the forms are what they were. */
class EndpointJsonCurrencyTest {
  private static final CurrencyView EUR = CurrencyView.of(FxRates.staticDefault(), "EUR");
  private final EndpointStats stats = EndpointStats.builder("ep-1").requests(3, 0)
      .cost(Money.usd("0.5"), Money.usd("0.05")).activeInstances(1).build();
  private final ReplicaInfo replica = new ReplicaInfo("r0", "sim", "sim-1", PricingModel.SPOT, "RTX 4090", "US", "h1",
      "ready", 0.123456, 0, Instant.parse("2026-01-05T10:00:00Z"), null);
  private final Endpoint endpoint = new Endpoint("ep-1",
      EndpointSpec.builder(TemplateCatalog.find("qwen2.5-0.5b").orElseThrow()).build(), EndpointStatus.RUNNING,
      Instant.parse("2026-01-05T10:00:00Z"), 1, List.of(replica), Money.usd("0.15"), "RTX 4090", stats);

  @Test
  void toJson_asIs_isTheUsdFormUnchanged() {
    assertThat(endpoint.toJson(CurrencyView.usd())).isEqualTo(endpoint.toJson());
    assertThat(endpoint.toJson()).containsEntry("price_per_hour", new BigDecimal("0.1500"));
    assertThat(replica.toJson()).containsEntry("price_per_hour", 0.123456);
    assertThat(stats.toJson()).containsEntry("total_cost_24h", new BigDecimal("0.5000"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void toJson_eur_convertsPriceMetricsAndReplicasInPlace_withoutSayingSoInside() {
    Map<String, Object> m = endpoint.toJson(EUR);

    assertThat(m).containsEntry("price_per_hour", new BigDecimal("0.1280")) // 0.12795, half-even
        .doesNotContainKeys("currency", "fx");
    Map<String, Object> metrics = (Map<String, Object>) m.get("metrics");
    assertThat(metrics).containsEntry("total_cost_24h", new BigDecimal("0.4265"))
        .containsEntry("storage_cost_24h", new BigDecimal("0.0426")); // 0.04265, half-even
    assertThat(((List<Map<String, Object>>) m.get("replicas")).get(0)).containsEntry("price_per_hour", 0.1053);
  }

  @Test
  void serverlessStats_eur_convertsTheTotalCost() {
    ServerlessStats s = ServerlessStats.of(List.of(stats));

    assertThat(s.toJson(EUR)).containsEntry("total_cost_24h", new BigDecimal("0.4265"));
    assertThat(s.toJson(CurrencyView.usd())).isEqualTo(s.toJson());
  }
}
