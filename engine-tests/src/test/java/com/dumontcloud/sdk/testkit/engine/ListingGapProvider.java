package com.dumontcloud.sdk.testkit.engine;

import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.spi.CloudProvider;
import com.dumontcloud.sdk.spi.CloudProviderFactory;
import com.dumontcloud.sdk.spi.ProviderContext;
import com.dumontcloud.sdk.spi.ProviderLaunchRequest;
import com.dumontcloud.sdk.spi.ProviderMetadata;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * A provider that delegates to another and can misbehave on purpose: omit instances from the next listing(s)
 * (an eventually consistent API, a lagging mirror), or hold each launch until released. Everything else passes
 * through, so the engine sees the delegate's real state.
 */
final class ListingGapProvider implements CloudProvider {
  private final CloudProvider delegate;
  private final Map<String, Integer> omit = new ConcurrentHashMap<>();
  private volatile UnaryOperator<ProviderLaunchRequest> beforeLaunch = r -> r;

  ListingGapProvider(CloudProvider delegate) {
    this.delegate = delegate;
  }

  /** A factory handing out this wrapper over the factory's provider. */
  static CloudProviderFactory factory(CloudProviderFactory inner, ListingGapProvider[] out) {
    return new CloudProviderFactory() {
      @Override
      public ProviderMetadata metadata() {
        return inner.metadata();
      }

      @Override
      public int priority() {
        return inner.priority() + 1;
      }

      @Override
      public CloudProvider create(ProviderContext context) {
        out[0] = new ListingGapProvider(inner.create(context));
        return out[0];
      }
    };
  }

  /** Leave {@code instanceId} out of the next {@code listings} listings. */
  void omitFromListings(String instanceId, int listings) {
    omit.put(instanceId, listings);
  }

  /** Run {@code hook} before each launch (for example, to hold it). */
  void beforeLaunch(UnaryOperator<ProviderLaunchRequest> hook) {
    beforeLaunch = hook;
  }

  @Override
  public ProviderMetadata metadata() {
    return delegate.metadata();
  }

  @Override
  public List<Offer> searchOffers(OfferQuery query) {
    return delegate.searchOffers(query);
  }

  @Override
  public Instance launch(ProviderLaunchRequest request) {
    return delegate.launch(beforeLaunch.apply(request));
  }

  @Override
  public Instance get(String instanceId) {
    return delegate.get(instanceId);
  }

  @Override
  public List<Instance> list(Map<String, String> labels) {
    List<Instance> all = delegate.list(labels);
    Set<String> skip = Set.copyOf(omit.keySet());
    omit.replaceAll((k, v) -> v - 1);
    omit.values().removeIf(v -> v <= 0);
    return all.stream().filter(i -> !skip.contains(i.id())).toList();
  }

  @Override
  public void start(String instanceId) {
    delegate.start(instanceId);
  }

  @Override
  public void stop(String instanceId) {
    delegate.stop(instanceId);
  }

  @Override
  public void terminate(String instanceId) {
    delegate.terminate(instanceId);
  }

  @Override
  public void setLabels(String instanceId, Map<String, String> labels) {
    delegate.setLabels(instanceId, labels);
  }

  @Override
  public <T> Optional<T> capability(Class<T> type) {
    return delegate.capability(type);
  }
}
