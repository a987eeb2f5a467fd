package com.dumontcloud.sdk.serverless;

import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.PricingModel;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How an endpoint gets, watches and releases its replicas. Two implementations: {@link EngineReplicaManager}
 * (the default: each replica slot is an engine deployment, and a lost replica is replaced by the engine's
 * failover) and {@link DirectReplicaManager} (plain launches; the endpoint runtime replaces lost replicas itself).
 */
public interface ReplicaManager extends AutoCloseable {
  /**
   * What serves a replica slot now.
   *
   * @param instance the slot's current instance as the provider reports it (another id than the one the runtime
   *     tracks after a failover), or null when there is none (gone, or a replacement is still being rented)
   * @param managedReplacement true when the manager replaces a lost instance itself (the runtime then keeps the
   *     slot, stops routing to it and follows its next instance); false when the runtime must replace it
   */
  record Observation(Instance instance, boolean managedReplacement) {}

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
   * @throws com.dumontcloud.sdk.exception.QuotaExceededException when a team quota refuses the launch (the runtime
   *     then backs off before it tries again, and {@link Endpoints#launchRefusal} says why)
   * @throws com.dumontcloud.sdk.exception.BudgetExceededException when a budget refuses it (the same)
   */
  Instance launch(String endpointId, String replicaSlot, EndpointSpec spec, PricingModel pricing, Placement placement);

  /** The replica's instance as the provider reports it now; empty when the provider no longer knows it. */
  Optional<Instance> observe(String providerId, String instanceId);

  /** Terminate; idempotent. */
  void terminate(String providerId, String instanceId);

  /**
   * The replica slot as it is now. Default: the tracked instance, {@link #observe(String, String)}, replaced by
   * the runtime when lost.
   */
  default Observation observe(String endpointId, String slot, String providerId, String instanceId) {
    return new Observation(observe(providerId, instanceId).orElse(null), false);
  }

  /** Give up a replica slot for good (scale-down, endpoint deleted); idempotent. Default: terminate the instance. */
  default void release(String endpointId, String slot, String providerId, String instanceId) {
    terminate(providerId, instanceId);
  }

  /**
   * Keep a replica as a stopped warm worker: stop its instance (the disk, image and model weights stay; the provider
   * bills storage only) so that {@link #resume} can start it again, the slot's record kept where the manager keeps
   * it (the engine's state store, labels) so that a later process finds it through {@link #adopt}. Default: this
   * manager cannot, the replica is released and false returned.
   *
   * @return true when the instance is being stopped and kept; false when it was released instead
   */
  default boolean park(String endpointId, String slot, String providerId, String instanceId) {
    release(endpointId, slot, providerId, instanceId);
    return false;
  }

  /**
   * Start a parked warm worker again; it is then observed like any launching replica. A start the provider queues
   * (Vast {@code resources_unavailable}) is not an error here: the instance shows it (not running, a status message
   * naming it) and the endpoint falls back to a fresh rental.
   *
   * @throws UnsupportedOperationException when this manager does not {@link #park}
   */
  default void resume(String endpointId, String slot, String providerId, String instanceId) {
    throw new UnsupportedOperationException("this replica manager keeps no warm workers");
  }

  /** Instances labelled as replicas of this endpoint (to adopt after a restart); stopped ones are its warm workers. */
  List<Instance> adopt(String endpointId);

  /** The cheapest offer a replica would get now, for the endpoint's quoted price. */
  Optional<Offer> quote(EndpointSpec spec, PricingModel pricing);

  /** Stop background work (replicas keep running); idempotent. */
  @Override
  default void close() {}
}
