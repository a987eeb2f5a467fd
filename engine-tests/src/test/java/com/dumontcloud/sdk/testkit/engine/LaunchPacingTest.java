package com.dumontcloud.sdk.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.engine.EngineEvent;
import com.dumontcloud.sdk.engine.SpotPolicy;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A provider that rate-limits creates (Vast's one per 4.5 s) gets them one at a time once it has refused one,
 * instead of every waiting slot sending its create on every tick, and every deployment still comes up.
 */
class LaunchPacingTest {
  static final int DEPLOYMENTS = 12;

  private static boolean allHealthy(Rig r) {
    return IntStream.range(0, DEPLOYMENTS).allMatch(i -> r.healthy("svc-" + i));
  }

  @Test
  void createsAtARateLimitedProvider_goOutOneAtATime_andEveryDeploymentComesUp() {
    Rig rig = new Rig();
    rig.cloud.rateLimit("launch", 1, Duration.ofMillis(4500));
    rig.start();
    for (int i = 0; i < DEPLOYMENTS; i++) {
      rig.engine.apply(Rig.spec("svc-" + i).spotPolicy(SpotPolicy.ON_DEMAND).build());
    }
    assertThat(rig.until(LaunchPacingTest::allHealthy, Duration.ofMinutes(10))).as("%s", rig.events).isTrue();

    long refused = rig.cloud.rateLimitedByOperation().getOrDefault("launch", 0L);
    long creates = rig.cloud.apiCallsByOperation().getOrDefault("launch", 0L);
    // unpaced, each of the 11 waiting slots retried every 5 s tick: 66 refusals for 12 creates
    assertThat(refused).as("creates refused with 429").isLessThanOrEqualTo(1);
    assertThat(creates).as("create calls").isLessThanOrEqualTo(DEPLOYMENTS + 1);
    assertThat(rig.events(EngineEvent.Launched.class)).hasSize(DEPLOYMENTS);
    // a rate-limited create is not a failed attempt: no failover failures, no escalating backoff
    assertThat(rig.events(EngineEvent.FailoverFailed.class)).isEmpty();
  }

  @Test
  void refusedOfferSearches_areNotNoCapacity_andArePacedToo() {
    Rig rig = new Rig();
    rig.cloud.rateLimit("search_offers", 1, Duration.ofSeconds(6));
    rig.start();
    for (int i = 0; i < 8; i++) rig.engine.apply(Rig.spec("svc-" + i).spotPolicy(SpotPolicy.AUTO).build());
    assertThat(rig.until(r -> IntStream.range(0, 8).allMatch(i -> r.healthy("svc-" + i)), Duration.ofMinutes(10)))
        .as("%s", rig.events).isTrue();
    // a refused search did not send an AUTO deployment to on-demand as if spot had run out
    assertThat(rig.events(EngineEvent.CapacitySwitched.class)).isEmpty();
    assertThat(rig.events(EngineEvent.Launched.class)).allMatch(l -> l.pricingModel().equals("spot"));
    // unpaced, every waiting slot searched on every tick: dozens of refusals
    assertThat(rig.cloud.rateLimitedByOperation().getOrDefault("search_offers", 0L)).as("searches refused")
        .isLessThanOrEqualTo(4);
  }

  @Test
  void afterTheWindowWithoutRefusals_createsAreNoLongerPaced() {
    Rig rig = new Rig();
    rig.cloud.rateLimit("launch", 1, Duration.ofMillis(4500));
    rig.start();
    rig.engine.apply(Rig.spec("svc-0").spotPolicy(SpotPolicy.ON_DEMAND).build());
    rig.engine.apply(Rig.spec("svc-1").spotPolicy(SpotPolicy.ON_DEMAND).build());
    assertThat(rig.until(r -> r.healthy("svc-0") && r.healthy("svc-1"), Duration.ofMinutes(5))).isTrue();
    assertThat(rig.cloud.rateLimitedByOperation().getOrDefault("launch", 0L)).isEqualTo(1);
    rig.advance(Duration.ofMinutes(11)); // longer than the pacing window, no refusal meanwhile
    rig.cloud.rateLimit("launch", 0, Duration.ZERO); // the provider lifts its limit
    long before = rig.cloud.apiCallsByOperation().getOrDefault("launch", 0L);
    for (int i = 2; i < 6; i++) rig.engine.apply(Rig.spec("svc-" + i).spotPolicy(SpotPolicy.ON_DEMAND).build());
    rig.advance(Duration.ofSeconds(6)); // one tick: unpaced again, all four creates go out in it
    assertThat(rig.cloud.apiCallsByOperation().getOrDefault("launch", 0L) - before).isEqualTo(4);
  }
}
