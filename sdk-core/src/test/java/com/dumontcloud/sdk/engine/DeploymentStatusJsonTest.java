package com.dumontcloud.sdk.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.catalog.TemplateCatalog;
import com.dumontcloud.sdk.pricing.CurrencyView;
import com.dumontcloud.sdk.pricing.FxRates;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeploymentStatusJsonTest {
  private final DeploymentSpec spec = DeploymentSpec.builder("web", TemplateCatalog.find("budget").orElseThrow())
      .build();
  private final DeploymentStatus status = new DeploymentStatus("web", spec, "healthy",
      List.of(new DeploymentStatus.SlotStatus("r0", "replica", "healthy", 1, "sim-1", "h1", "US", "spot", 0.123456)),
      1, 1.23456789, 2.5, 0, 0, null);

  @Test
  void toMap_asIs_keepsTheUnroundedUsdFigures() {
    Map<String, Object> m = status.toMap();

    assertThat(m).containsEntry("spend", 1.23456789).containsEntry("on_demand_equivalent", 2.5)
        .doesNotContainKeys("currency", "fx");
    assertThat(status.toMap(CurrencyView.usd())).isEqualTo(m);
  }

  @Test
  @SuppressWarnings("unchecked")
  void toMap_eur_convertsEveryAmountInPlaceRoundedOnce_specUntouched() {
    Map<String, Object> m = status.toMap(CurrencyView.of(FxRates.staticDefault(), "EUR"));

    assertThat(m).containsEntry("spend", 1.0531).containsEntry("on_demand_equivalent", 2.1325) // x 0.853
        .doesNotContainKeys("currency", "fx"); // the answer holding the tree says it once
    assertThat(((List<Map<String, Object>>) m.get("slots")).get(0)).containsEntry("price_per_hour", 0.1053)
        .doesNotContainKey("currency");
    assertThat(m.get("spec")).isEqualTo(status.toMap().get("spec"));
  }
}
