package com.dumontcloud.sdk.internal.remote;

import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.ModelJson;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.model.Templates;
import com.dumontcloud.sdk.internal.json.MoshiJsonCodec;
import com.dumontcloud.sdk.query.OfferQueries;
import com.dumontcloud.sdk.spi.CloudProvider;
import com.dumontcloud.sdk.spi.CloudProviderFactory;
import com.dumontcloud.sdk.spi.ProviderContext;
import com.dumontcloud.sdk.spi.ProviderLaunchRequest;
import com.dumontcloud.sdk.spi.ProviderMetadata;
import com.dumontcloud.sdk.spi.SpotMarket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A provider of a dumont server, used through the server's {@code /api/v1/providers/{id}/spi/...} routes: the
 * client's Offers, Instances, Costs and statistics run unchanged on top of it.
 */
public final class RemoteProvider implements CloudProvider {
  private final RemoteApi api;
  private final ProviderMetadata metadata;
  private final String base;

  public RemoteProvider(RemoteApi api, ProviderMetadata metadata) {
    this.api = api;
    this.metadata = metadata;
    this.base = "/api/v1/providers/" + enc(metadata.id()) + "/spi";
  }

  /** A factory handing out this provider (Dumont's builder takes factories). */
  public static CloudProviderFactory factory(RemoteApi api, ProviderMetadata m) {
    return new CloudProviderFactory() {
      @Override
      public ProviderMetadata metadata() {
        return m;
      }

      @Override
      public CloudProvider create(ProviderContext context) {
        return new RemoteProvider(api, m);
      }
    };
  }

  @Override
  public ProviderMetadata metadata() {
    return metadata;
  }

  @SuppressWarnings("unchecked")
  @Override
  public List<Offer> searchOffers(OfferQuery query) {
    String q = OfferQueries.format(query);
    Map<String, Object> r = api.call(id(), "search offers", "GET", base + "/offers" + (q.isEmpty() ? "" : "?q=" + enc(q)),
        null);
    return ((List<Map<String, Object>>) r.get("offers")).stream().map(ModelJson::offerFromJson).toList();
  }

  @Override
  public Instance launch(ProviderLaunchRequest request) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("offer_id", request.offer().id());
    body.put("template", Templates.toMap(request.template()));
    body.put("labels", request.labels());
    body.put("idempotency_key", request.idempotencyKey());
    body.put("pricing", request.pricingModel() == PricingModel.SPOT ? "spot" : "on-demand");
    if (request.bidPerHour() != null) body.put("bid_per_hour", request.bidPerHour().doubleValue());
    body.put("disk_gib", request.diskGib());
    return ModelJson.instanceFromJson(api.call(id(), "launch", "POST", base + "/launch", body));
  }

  @Override
  public Instance get(String instanceId) {
    return ModelJson.instanceFromJson(api.call(id(), "get instance", "GET", base + "/instances/" + enc(instanceId),
        null));
  }

  @SuppressWarnings("unchecked")
  @Override
  public List<Instance> list(Map<String, String> labels) {
    String q = labels == null || labels.isEmpty() ? "" : "?labels=" + enc(MoshiJsonCodec.get().write(labels));
    Map<String, Object> r = api.call(id(), "list instances", "GET", base + "/instances" + q, null);
    return ((List<Map<String, Object>>) r.get("instances")).stream().map(ModelJson::instanceFromJson).toList();
  }

  @Override
  public void start(String instanceId) {
    api.call(id(), "start", "POST", base + "/instances/" + enc(instanceId) + "/start", Map.of());
  }

  @Override
  public void stop(String instanceId) {
    api.call(id(), "stop", "POST", base + "/instances/" + enc(instanceId) + "/stop", Map.of());
  }

  @Override
  public void terminate(String instanceId) {
    api.call(id(), "terminate", "POST", base + "/instances/" + enc(instanceId) + "/terminate", Map.of());
  }

  /** The spot market is proxied when the server's provider has one. */
  @Override
  public <T> java.util.Optional<T> capability(Class<T> type) {
    if (type == SpotMarket.class && metadata.capabilities().contains(com.dumontcloud.sdk.spi.Capability.SPOT_MARKET)) {
      return java.util.Optional.of(type.cast(new RemoteSpotMarket()));
    }
    return type.isInstance(this) ? java.util.Optional.of(type.cast(this)) : java.util.Optional.empty();
  }

  private final class RemoteSpotMarket implements SpotMarket {
    @SuppressWarnings("unchecked")
    @Override
    public List<Interruption> interruptions(List<String> instanceIds, java.time.Instant since) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("instance_ids", instanceIds);
      body.put("since", since == null ? null : since.toString());
      Map<String, Object> r = api.call(id(), "interruptions", "POST", base + "/interruptions", body);
      return ((List<Map<String, Object>>) r.get("interruptions")).stream().map(m -> new Interruption(
          String.valueOf(m.get("instance_id")), m.get("at") == null ? null : java.time.Instant.parse((String) m.get("at")),
          m.get("reason") == null ? null : String.valueOf(m.get("reason")))).toList();
    }

    @Override
    public void changeBid(String instanceId, com.dumontcloud.sdk.model.Money bidPerHour) {
      api.call(id(), "change bid", "POST", base + "/instances/" + enc(instanceId) + "/bid",
          Map.of("bid_per_hour", bidPerHour.doubleValue()));
    }
  }

  @Override
  public void setLabels(String instanceId, Map<String, String> labels) {
    api.call(id(), "set labels", "PUT", base + "/instances/" + enc(instanceId) + "/labels", labels);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
