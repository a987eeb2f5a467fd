package com.dumontcloud.sdk.engine;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.exception.DumontException;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.spi.WorkloadHealth;
import java.util.Optional;

/**
 * The engine's default probe: a provider's own {@link WorkloadHealth} where it has one (the simulated cloud),
 * else an HTTP GET of the template's health path. Blocking (probed in parallel) unless every configured provider
 * answers from memory, so a run on virtual time stays deterministic.
 */
final class ProviderHealthProbe implements HealthProbe {
  private final Dumont dumont;
  private final HealthProbe http;
  private final boolean blocking;

  ProviderHealthProbe(Dumont dumont, HealthProbe http) {
    this.dumont = dumont;
    this.http = http;
    boolean anyHttp = false;
    for (String id : dumont.providerIds()) anyHttp |= own(id).isEmpty();
    this.blocking = anyHttp;
  }

  @Override
  public boolean healthy(Instance instance, Template template) {
    Optional<WorkloadHealth> own = own(instance.providerId());
    return own.isPresent() ? own.get().healthy(instance, template) : http.healthy(instance, template);
  }

  @Override
  public boolean blocking() {
    return blocking;
  }

  private Optional<WorkloadHealth> own(String providerId) {
    try {
      return dumont.provider(providerId).capability(WorkloadHealth.class);
    } catch (DumontException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
