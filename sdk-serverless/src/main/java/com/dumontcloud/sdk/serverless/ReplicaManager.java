package com.dumontcloud.sdk.serverless;

import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.PricingModel;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How an endpoint gets, watches and releases its replicas. Kept small so the engine's orchestrator
 * (with its own failover) can stand in for {@link DirectReplicaManager} later.
 */
public interface ReplicaManager {
  /**
   * Where to put the next replica: hosts and regions already used by the endpoint (to spread over failure
   * domains) and hosts to avoid (recently preempted).
   */
  record Placement(Set<String> usedHosts, Map<String, Integer> regionLoad, Set<String> avoidHosts) {
    public static Placement none() {
      return new Placement(Set.of(), Map.of(), Set.of());
    }
  }

  /**
   * Launch one replica.
   *
   * @param pricing SPOT or ON_DEMAND, or null for the cheapest of either
   * @throws com.dumontcloud.sdk.exception.CapacityUnavailableException when no offer fits
   */
  Instance launch(String endpointId, String replicaSlot, EndpointSpec spec, PricingModel pricing, Placement placement);

  /** The replica's instance as the provider reports it now; empty when the provider no longer knows it. */
  Optional<Instance> observe(String providerId, String instanceId);

  /** Terminate; idempotent. */
  void terminate(String providerId, String instanceId);

  /** Instances labelled as replicas of this endpoint (to adopt after a restart). */
  List<Instance> adopt(String endpointId);

  /** The cheapest offer a replica would get now, for the endpoint's quoted price. */
  Optional<Offer> quote(EndpointSpec spec, PricingModel pricing);
}
