package com.dumontcloud.sdk.serverless;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.catalog.GpuCatalog;
import com.dumontcloud.sdk.exception.CapacityUnavailableException;
import com.dumontcloud.sdk.exception.DumontException;
import com.dumontcloud.sdk.exception.NotFoundException;
import com.dumontcloud.sdk.exception.ProviderErrorDetails;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.InstanceState;
import com.dumontcloud.sdk.model.Labels;
import com.dumontcloud.sdk.model.LaunchSpec;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.PricingModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Replicas launched and terminated directly through {@link Dumont}, labelled with the endpoint's
 * {@link EndpointSpec#labels()} (its owner's {@code dumont-principal} and {@code dumont-team} among them: a client
 * bound to a principal, {@code dumont.as(principal)}, then vets each launch against that team's quota) and
 * {@code dumont-deployment} (endpoint id), {@code dumont-replica} (slot) and {@code dumont-owner}. Offers are
 * searched straight from the providers (no cache, so a stockout is seen at once), filtered to single-GPU offers that
 * meet the spec, and ranked to spread replicas: unused hosts first, then least-loaded regions, then price.
 */
public final class DirectReplicaManager implements ReplicaManager {
  private final Dumont dumont;
  private final String owner;

  public DirectReplicaManager(Dumont dumont, String owner) {
    this.dumont = dumont;
    this.owner = owner;
  }

  @Override
  public boolean park(String endpointId, String slot, String providerId, String instanceId) {
    dumont.provider(providerId).stop(instanceId);
    return true;
  }

  @Override
  public void resume(String endpointId, String slot, String providerId, String instanceId) {
    dumont.provider(providerId).start(instanceId);
  }

  @Override
  public Instance launch(String endpointId, String slot, EndpointSpec spec, PricingModel pricing, Placement placement) {
    List<Offer> offers = ranked(spec, pricing, placement);
    CapacityUnavailableException last = null;
    for (Offer o : offers.subList(0, Math.min(3, offers.size()))) {
      LaunchSpec ls = LaunchSpec.fromTemplate(spec.template()).offer(o).pricingModel(o.pricingModel())
          .labels(spec.labels()).label(Labels.DEPLOYMENT, endpointId).label(Labels.REPLICA, slot)
          .label(Labels.OWNER, owner).build();
      try {
        return dumont.instances().launch(ls);
      } catch (CapacityUnavailableException e) {
        last = e;
      }
    }
    if (last != null) throw last;
    throw noCapacity(endpointId, spec, pricing);
  }

  /**
   * Matching offers ranked to spread replicas: hosts to avoid last (only when others exist), then unused hosts
   * first, then least-loaded regions, then price.
   */
  List<Offer> ranked(EndpointSpec spec, PricingModel pricing, Placement placement) {
    List<Offer> offers = candidates(spec, pricing);
    List<Offer> preferred = offers.stream().filter(o -> !placement.avoidHosts().contains(o.hostId())).toList();
    if (!preferred.isEmpty()) offers = preferred;
    return offers.stream().sorted(spread(placement)).toList();
  }

  static Comparator<Offer> spread(Placement placement) {
    return Comparator
        .comparing((Offer o) -> placement.usedHosts().contains(o.hostId()) ? 1 : 0)
        .thenComparing(o -> placement.regionLoad().getOrDefault(o.location().region(), 0))
        .thenComparing(Offer::pricePerHour)
        .thenComparing(Offer::id);
  }

  CapacityUnavailableException noCapacity(String endpointId, EndpointSpec spec, PricingModel pricing) {
    return new CapacityUnavailableException(ProviderErrorDetails.of(providers(spec).toString(), "launch",
        "no " + (pricing == null ? "" : pricing == PricingModel.SPOT ? "spot " : "on-demand ") + "offer fits endpoint "
            + endpointId + " (" + describe(spec) + ")"));
  }

  private static String describe(EndpointSpec spec) {
    return "gpu=" + (spec.gpuName() == null ? "any" : spec.gpuName()) + ", gpu_ram>=" + spec.minGpuRamGib()
        + " GiB" + (spec.maxPricePerHour() == null ? "" : ", dph<=" + spec.maxPricePerHour().rounded(2))
        + (spec.regions().isEmpty() ? "" : ", regions=" + spec.regions());
  }

  List<String> providers(EndpointSpec spec) {
    return spec.providerId() != null ? List.of(spec.providerId()) : dumont.providerIds();
  }

  /** Matching single-GPU offers of every provider, cheapest first. */
  List<Offer> candidates(EndpointSpec spec, PricingModel pricing) {
    OfferQuery q = pricing == null ? OfferQuery.all() : OfferQuery.builder().pricingModel(pricing).build();
    String gpu = spec.gpuName() == null ? null : GpuCatalog.resolve(spec.gpuName()).name();
    List<Offer> out = new ArrayList<>();
    for (String p : providers(spec)) {
      List<Offer> found;
      try {
        found = dumont.provider(p).searchOffers(q);
      } catch (DumontException e) {
        continue;
      }
      for (Offer o : found) {
        if (pricing != null && o.pricingModel() != pricing) continue;
        if (o.gpu().isCpuOnly() || o.gpuCount() != 1) continue;
        if (o.gpuRamGib() < spec.minGpuRamGib()) continue;
        if (gpu != null && !norm(o.gpu().name()).equals(norm(gpu))) continue;
        if (spec.maxPricePerHour() != null && o.pricePerHour().compareTo(spec.maxPricePerHour()) > 0) continue;
        if (!spec.regions().isEmpty() && spec.regions().stream().noneMatch(r -> r.equalsIgnoreCase(o.location().region()))) {
          continue;
        }
        out.add(o);
      }
    }
    out.sort(Comparator.comparing(Offer::pricePerHour).thenComparing(Offer::id));
    return out;
  }

  private static String norm(String gpuName) {
    return gpuName.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }

  @Override
  public Optional<Instance> observe(String providerId, String instanceId) {
    try {
      return Optional.of(dumont.provider(providerId).get(instanceId));
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  @Override
  public void terminate(String providerId, String instanceId) {
    try {
      dumont.provider(providerId).terminate(instanceId);
    } catch (NotFoundException e) {
      // already gone
    }
  }

  @Override
  public List<Instance> adopt(String endpointId) {
    List<Instance> out = new ArrayList<>();
    for (String p : dumont.providerIds()) {
      for (Instance i : dumont.provider(p).list(Map.of(Labels.DEPLOYMENT, endpointId, Labels.OWNER, owner))) {
        if (i.state() != InstanceState.TERMINATED) out.add(i);
      }
    }
    return out;
  }

  @Override
  public Optional<Offer> quote(EndpointSpec spec, PricingModel pricing) {
    return candidates(spec, pricing).stream().findFirst();
  }
}
