package com.dumontcloud.sdk.internal.access;

import com.dumontcloud.sdk.access.AccessPolicy;
import com.dumontcloud.sdk.access.Permission;
import com.dumontcloud.sdk.access.Principal;
import com.dumontcloud.sdk.exception.InvalidSpecException;
import com.dumontcloud.sdk.exception.NotFoundException;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.Labels;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.spi.CloudProvider;
import com.dumontcloud.sdk.spi.ProviderLaunchRequest;
import com.dumontcloud.sdk.spi.ProviderMetadata;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A provider as one principal sees it: every operation is checked by the access policy before it reaches the
 * (audited) provider, launches carry the principal's {@code dumont-principal} and {@code dumont-team} labels, and
 * billable actions pass the team quota first.
 */
public final class BoundProvider implements CloudProvider {
  private final CloudProvider delegate;
  private final Principal principal;
  private final AccessPolicy policy;
  private final QuotaGate quotas;

  public BoundProvider(CloudProvider delegate, Principal principal, AccessPolicy policy, QuotaGate quotas) {
    this.delegate = Objects.requireNonNull(delegate);
    this.principal = Objects.requireNonNull(principal);
    this.policy = Objects.requireNonNull(policy);
    this.quotas = Objects.requireNonNull(quotas);
  }

  @Override
  public ProviderMetadata metadata() {
    return delegate.metadata();
  }

  @Override
  public Optional<String> credentialsProblem() {
    return delegate.credentialsProblem();
  }

  @Override
  public List<Offer> searchOffers(OfferQuery query) {
    policy.require(principal, Permission.GPU_VIEW, "search offers");
    return delegate.searchOffers(query);
  }

  @Override
  public Instance launch(ProviderLaunchRequest req) {
    policy.require(principal, Permission.GPU_PROVISION, "launch an instance");
    String team;
    try {
      team = principal.chargeTeam(req.labels().get(Labels.TEAM));
    } catch (IllegalArgumentException e) {
      throw new InvalidSpecException(e.getMessage());
    }
    Map<String, String> labels = new LinkedHashMap<>(req.labels());
    labels.put(Labels.PRINCIPAL, principal.subject());
    if (team != null) labels.put(Labels.TEAM, team);
    else labels.remove(Labels.TEAM);
    if (team != null) {
      quotas.beforeBillable(team, req.offer().gpuCount(), req.offer().pricePerHour().doubleValue(), "launch",
          principal);
    }
    return delegate.launch(new ProviderLaunchRequest(req.offer(), req.template(), labels, req.idempotencyKey(),
        req.pricingModel(), req.bidPerHour(), req.diskGib()));
  }

  @Override
  public Instance get(String instanceId) {
    policy.require(principal, Permission.GPU_VIEW, "see instance " + instanceId);
    return delegate.get(instanceId);
  }

  @Override
  public List<Instance> list(Map<String, String> labels) {
    policy.require(principal, Permission.GPU_VIEW, "list instances");
    return delegate.list(labels);
  }

  @Override
  public Optional<Instance> findByIdempotencyKey(String key) {
    policy.require(principal, Permission.GPU_VIEW, "list instances");
    return delegate.findByIdempotencyKey(key);
  }

  @Override
  public void start(String instanceId) {
    policy.require(principal, Permission.GPU_PROVISION, "start instance " + instanceId);
    Instance i = delegate.get(instanceId);
    String team = i.label(Labels.TEAM);
    if (team != null) {
      quotas.beforeBillable(team, i.gpuCount(), i.pricePerHour().doubleValue(), "start", principal);
    }
    delegate.start(instanceId);
  }

  @Override
  public void stop(String instanceId) {
    policy.require(principal, Permission.GPU_DELETE, delegate.get(instanceId).labels(), "stop instance " + instanceId);
    delegate.stop(instanceId);
  }

  @Override
  public void terminate(String instanceId) {
    Map<String, String> labels;
    try {
      labels = delegate.get(instanceId).labels();
    } catch (NotFoundException gone) {
      // already gone: terminate is idempotent, but only a principal that may delete anything learns nothing more
      policy.require(principal, Permission.GPU_DELETE, Map.of(), "destroy instance " + instanceId);
      delegate.terminate(instanceId);
      return;
    }
    policy.require(principal, Permission.GPU_DELETE, labels, "destroy instance " + instanceId);
    delegate.terminate(instanceId);
  }

  @Override
  public void setLabels(String instanceId, Map<String, String> labels) {
    Map<String, String> current = delegate.get(instanceId).labels();
    policy.require(principal, Permission.GPU_DELETE, current, "change the labels of instance " + instanceId);
    boolean ownership = !Objects.equals(labels.get(Labels.PRINCIPAL), current.get(Labels.PRINCIPAL))
        || !Objects.equals(labels.get(Labels.TEAM), current.get(Labels.TEAM));
    if (ownership) {
      policy.require(principal, Permission.TEAM_MANAGE, "change who owns instance " + instanceId
          + " (labels dumont-principal, dumont-team)");
    }
    delegate.setLabels(instanceId, labels);
  }

  @Override
  public <T> Optional<T> capability(Class<T> type) {
    policy.require(principal, Permission.GPU_PROVISION, "use the provider capability " + type.getSimpleName());
    return delegate.capability(type);
  }

  @Override
  public void close() {
    // the unbound client owns the provider
  }
}
