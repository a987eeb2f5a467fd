package com.dumontcloud.sdk.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.engine.Slot.Role;
import com.dumontcloud.sdk.model.Location;
import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.model.Template;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlacementRankerTest {
  static final Instant NOW = Instant.parse("2026-01-01T01:00:00Z");

  static Offer offer(String id, String host, String region, double price) {
    return Offer.builder().providerId("p").id(id).hostId(host).location(Location.of("US", region, null))
        .pricingModel(PricingModel.SPOT).pricePerHour(Money.usd(price)).build();
  }

  static DeploymentState deployment() {
    DeploymentState d = new DeploymentState();
    d.spec = DeploymentSpec.builder("svc", Template.builder("t", "img").port(8000).healthPath("/health").build())
        .build();
    d.slots.add(new Slot("r0", Role.REPLICA));
    d.slots.add(new Slot("r1", Role.REPLICA));
    d.slots.add(new Slot("w0", Role.WARM));
    return d;
  }

  static List<String> ids(List<Offer> offers) {
    return offers.stream().map(Offer::id).toList();
  }

  final List<Offer> offers = List.of(offer("a", "h1", "US", 0.1), offer("b", "h2", "EU", 0.2),
      offer("c", "h3", "US", 0.3), offer("d", "h4", "ASIA", 0.4));

  @Test
  void replica_noCoolDowns_spreadsAwayFromHostsInUse_keepsPriceOrderWithin() {
    DeploymentState d = deployment();
    d.slot("r1").hostId = "h1";
    d.slot("r1").region = "US";
    assertThat(ids(PlacementRanker.rank(d, d.slot("r0"), offers, NOW))).containsExactly("b", "c", "d", "a");
  }

  @Test
  void replica_hostAndRegionCoolingDown_thoseComeLast_hostLastOfAll() {
    DeploymentState d = deployment();
    d.coolDowns.add(new DeploymentState.CoolDown("h1", "US", NOW.plus(Duration.ofMinutes(10))));
    assertThat(ids(PlacementRanker.rank(d, d.slot("r0"), offers, NOW))).containsExactly("b", "d", "c", "a");
  }

  @Test
  void replica_expiredCoolDown_ignoredAndDropped() {
    DeploymentState d = deployment();
    d.coolDowns.add(new DeploymentState.CoolDown("h1", "US", NOW));
    assertThat(ids(PlacementRanker.rank(d, d.slot("r0"), offers, NOW))).containsExactly("a", "b", "c", "d");
    assertThat(d.coolDowns).isEmpty();
  }

  @Test
  void warm_neverOnAReplicasHost_prefersAnotherRegion() {
    DeploymentState d = deployment();
    d.slot("r0").hostId = "h1";
    d.slot("r0").region = "US";
    assertThat(ids(PlacementRanker.rank(d, d.slot("w0"), offers, NOW))).containsExactly("b", "d", "c");
  }
}
