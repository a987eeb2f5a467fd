package com.dumontcloud.sdk.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.model.Location;
import org.junit.jupiter.api.Test;

class CountriesTest {
  @Test
  void namesAndCodesMapToOneCoarseRegion() {
    assertThat(Countries.code("United States")).isEqualTo("US");
    assertThat(Countries.code("de")).isEqualTo("DE");
    assertThat(Countries.code("Atlantis")).isNull();
    assertThat(Countries.region("DE")).isEqualTo("EU");
    assertThat(Countries.region("RU")).isEqualTo("EU");
    assertThat(Countries.region("JP")).isEqualTo("ASIA");
    assertThat(Countries.region("ZZ")).isNull();
    assertThat(Countries.location("Germany", "Frankfurt")).isEqualTo(Location.of("DE", "EU", "Frankfurt"));
    assertThat(Countries.location(null, "Somewhere")).isEqualTo(Location.of(null, null, "Somewhere"));
  }
}
