package com.dumontcloud.sdk.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.engine.EngineEvent;
import com.dumontcloud.sdk.engine.ServingEndpoint;
import com.dumontcloud.sdk.engine.SpotPolicy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The published serving list follows the replicas through a loss and a relaunch in slot order, and a steady fleet
 * publishes nothing new: the steady tick compares each slot's endpoint with what that slot published last time
 * (its position, URL, role, instance) instead of the list, so a replica that drops out must still shift the others.
 */
class ServingEndpointsTest {
  Rig rig;

  @AfterEach
  void tearDown() {
    if (rig != null && rig.engine != null) rig.engine.close();
  }

  private List<ServingEndpoint> endpoints() {
    return rig.engine.servingEndpoints("svc");
  }

  private List<String> slots() {
    return endpoints().stream().map(ServingEndpoint::slot).toList();
  }

  @Test
  void aLostReplicaLeavesTheListInOrder_itsReplacementReturnsToItsPlace_andASteadyFleetPublishesNothing() {
    rig = new Rig();
    rig.start();
    rig.engine.apply(Rig.spec("svc").replicas(3).spotPolicy(SpotPolicy.SPOT).build());
    assertThat(rig.until(r -> endpoints().size() == 3, Duration.ofMinutes(5))).isTrue();
    List<ServingEndpoint> three = endpoints();
    assertThat(slots()).containsExactly("r0", "r1", "r2");

    int changes = rig.events(EngineEvent.ServingEndpointsChanged.class).size();
    rig.advance(Duration.ofMinutes(2)); // steady ticks
    assertThat(rig.events(EngineEvent.ServingEndpointsChanged.class)).hasSize(changes);
    assertThat(endpoints()).isEqualTo(three);

    String lost = rig.instanceOf("svc", "r0");
    rig.cloud.interrupt(lost);
    assertThat(rig.until(r -> !slots().contains("r0"), Duration.ofMinutes(2))).isTrue();
    assertThat(endpoints()).containsExactly(three.get(1), three.get(2)); // r1 and r2 moved up, unchanged

    assertThat(rig.until(r -> endpoints().size() == 3, Duration.ofMinutes(10))).isTrue();
    List<ServingEndpoint> back = endpoints();
    assertThat(slots()).containsExactly("r0", "r1", "r2");
    assertThat(back.get(0).instanceId()).isNotEqualTo(lost).isEqualTo(rig.instanceOf("svc", "r0"));
    assertThat(back.subList(1, 3)).isEqualTo(three.subList(1, 3));
    EngineEvent.ServingEndpointsChanged last = rig.events(EngineEvent.ServingEndpointsChanged.class).get(
        rig.events(EngineEvent.ServingEndpointsChanged.class).size() - 1);
    assertThat(last.endpoints()).isEqualTo(back);

    changes = rig.events(EngineEvent.ServingEndpointsChanged.class).size();
    rig.advance(Duration.ofMinutes(2));
    assertThat(rig.events(EngineEvent.ServingEndpointsChanged.class)).hasSize(changes);
    assertThat(endpoints()).isEqualTo(back);
  }
}
