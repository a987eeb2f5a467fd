package com.dumontcloud.sdk.spi;

import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.OfferQuery;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A thin adapter over one cloud's API. The core wraps it with retries, circuit breaking, caching, audit
 * and waiters, so implementations translate and normalise only.
 *
 * <p>Errors are thrown as {@link com.dumontcloud.sdk.exception.DumontException} subclasses. A malformed
 * body is a {@link com.dumontcloud.sdk.exception.ProviderProtocolException}.
 */
public interface CloudProvider extends AutoCloseable {
  ProviderMetadata metadata();

  default String id() {
    return metadata().id();
  }

  /**
   * Why this provider cannot rent anything with its current configuration (no API key, no credentials found), as
   * one line naming what to set; empty when it can, or cannot tell without calling the provider. Asked before
   * anything billable is created, so a missing key fails at once rather than after a search. Never calls the
   * provider and never includes a secret.
   */
  default Optional<String> credentialsProblem() {
    return Optional.empty();
  }

  /**
   * Offers matching the query. Providers filter server-side where they can; the core re-applies every
   * filter locally and ranks, so a provider may return a superset.
   */
  List<Offer> searchOffers(OfferQuery query);

  /**
   * Rent an offer. Must not be retried blindly: when the outcome is ambiguous (timeout after sending),
   * implementations resolve it with {@link #findByIdempotencyKey(String)} before failing.
   */
  Instance launch(ProviderLaunchRequest request);

  /** The instance; {@link com.dumontcloud.sdk.exception.NotFoundException} when it is gone. */
  Instance get(String instanceId);

  /** Instances carrying all the given labels (all instances when empty), one call where the API allows. */
  List<Instance> list(Map<String, String> labels);

  /** The instance created with this idempotency key (label {@code dumont-key}), if any. */
  default Optional<Instance> findByIdempotencyKey(String key) {
    return list(Map.of(com.dumontcloud.sdk.model.Labels.KEY, key)).stream().findFirst();
  }

  void start(String instanceId);

  void stop(String instanceId);

  /** Destroy; an instance that is already gone is success (idempotent). */
  void terminate(String instanceId);

  /** Replace the instance's labels. */
  default void setLabels(String instanceId, Map<String, String> labels) {
    throw new com.dumontcloud.sdk.exception.UnsupportedCapabilityException(id(), "labels");
  }

  /** An optional capability interface ({@link SpotMarket}, {@link Volumes}, ...). */
  default <T> Optional<T> capability(Class<T> type) {
    return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
  }

  @Override
  default void close() {}
}
