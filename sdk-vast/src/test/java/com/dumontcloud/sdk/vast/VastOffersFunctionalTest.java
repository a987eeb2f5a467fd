package com.dumontcloud.sdk.vast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.exception.InvalidRequestException;
import com.dumontcloud.sdk.exception.ProviderProtocolException;
import com.dumontcloud.sdk.model.Location;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.OfferQuery.Op;
import com.dumontcloud.sdk.model.PricingModel;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

class VastOffersFunctionalTest extends VastTestSupport {
  private static final String DEFAULTS = "\"verified\":{\"eq\":true},\"external\":{\"eq\":false},"
      + "\"rentable\":{\"eq\":true},\"rented\":{\"eq\":false}";

  @Test
  void searchOffers_allQuery_postsCliDefaultFiltersOrderTypeAndLimit() {
    enqueue(jsonResponse("offers_search_response.json"));
    vast.searchOffers(OfferQuery.all());
    assertSent("POST", "/api/v0/bundles/", "{" + DEFAULTS
        + ",\"order\":[[\"dph_total\",\"asc\"]],\"type\":\"on-demand\",\"limit\":1000}");
  }

  @Test
  void searchOffers_filters_translatedToVastFieldsOperatorsAndUnits() {
    enqueue(jsonResponse("offers_search_empty.json"));
    OfferQuery q = OfferQuery.builder()
        .filter("gpu_name", Op.EQ, "RTX_4090")
        .filter("num_gpus", Op.GE, 2.0)
        .filter("dph", Op.LT, 1.5)
        .filter("gpu_ram", Op.GE, 24.0)
        .filter("geolocation", Op.IN, List.of("us", "CA"))
        .filter("reliability", Op.GE, 0.99)
        .filter("cpu_ram", Op.GE, 64.0)
        .filter("inet_down", Op.GT, 100.0)
        .filter("cuda_vers", Op.GE, "12.4")
        .filter("machine_id", Op.NOT_IN, List.of("52118"))
        .limit(10)
        .build();
    vast.searchOffers(q);
    assertSent("POST", "/api/v0/bundles/", "{" + DEFAULTS
        + ",\"gpu_name\":{\"eq\":\"RTX 4090\"},\"num_gpus\":{\"gte\":2},\"dph_total\":{\"lt\":1.5}"
        + ",\"gpu_ram\":{\"gte\":24064},\"geolocation\":{\"in\":[\"US\",\"CA\"]},\"reliability2\":{\"gte\":0.99}"
        + ",\"cpu_ram\":{\"gte\":65525},\"inet_down\":{\"gt\":100},\"cuda_max_good\":{\"gte\":12.4}"
        + ",\"machine_id\":{\"notin\":[52118]}"
        + ",\"order\":[[\"dph_total\",\"asc\"]],\"type\":\"on-demand\",\"limit\":10}");
  }

  @Test
  void searchOffers_cliExampleQuery_sendsTheCliFieldsAndOperatorsAsRealJsonNumbers() {
    enqueue(jsonResponse("offers_search_empty.json"));
    vast.searchOffers(OfferQuery.builder().filter("gpu_name", Op.EQ, "RTX_4090").filter("num_gpus", Op.GE, 2.0)
        .filter("dph", Op.LT, 1.5).filter("gpu_ram", Op.GE, 24.0).build());
    Map<String, Object> ours = parseObject(take().getBody().readUtf8());
    Map<String, Object> cli = parseObject(fixture("offers_search_request_cli_default.json"));
    Set<String> filterKeys = Set.of("verified", "external", "rentable", "rented", "gpu_name", "num_gpus", "dph_total",
        "gpu_ram");
    for (String k : filterKeys) {
      assertThat(((Map<?, ?>) ours.get(k)).keySet()).as(k).isEqualTo(((Map<?, ?>) cli.get(k)).keySet());
    }
    assertThat(ours.get("type")).isEqualTo(cli.get("type"));
    assertThat(((Map<?, ?>) ours.get("num_gpus")).get("gte")).isInstanceOf(Number.class);
    // 24 GiB per GPU: the RTX 4090's 24564 MB must pass (the CLI's x1000 gives 24000; ours keeps round(MB/1024) >= 24)
    assertThat(((Number) ((Map<?, ?>) ours.get("gpu_ram")).get("gte")).doubleValue()).isLessThanOrEqualTo(24564);
  }

  @Test
  void searchOffers_docsBody_orderAndLimitHaveTheDocumentedShape() {
    enqueue(jsonResponse("offers_search_empty.json"));
    vast.searchOffers(OfferQuery.builder().filter("gpu_name", Op.EQ, "RTX 4090").filter("num_gpus", Op.EQ, 1.0)
        .filter("direct_port_count", Op.GE, 1.0).sort(OfferQuery.Sort.VALUE).limit(5).build());
    Map<String, Object> ours = parseObject(take().getBody().readUtf8());
    Map<String, Object> docs = parseObject(fixture("offers_search_request_docs.json"));
    for (String k : List.of("gpu_name", "num_gpus", "direct_port_count", "order", "type", "limit")) {
      assertThat(ours.get(k)).as(k).isEqualTo(docs.get(k));
    }
  }

  @Test
  void searchOffers_anyAndOverrides_replaceTheDefaultFilters() {
    enqueue(jsonResponse("offers_search_empty.json"));
    vast.searchOffers(OfferQuery.builder().filter("rented", Op.EQ, "any").filter("verified", Op.EQ, false)
        .filter("external", Op.EQ, "*").sort(OfferQuery.Sort.RELIABILITY).descending(true).build());
    assertSent("POST", "/api/v0/bundles/", "{\"rentable\":{\"eq\":true},\"verified\":{\"eq\":false}"
        + ",\"order\":[[\"reliability2\",\"asc\"]],\"type\":\"on-demand\",\"limit\":1000}");
  }

  @Test
  void searchOffers_localOnlyFilter_asksForMoreThanTheLimit() {
    enqueue(jsonResponse("offers_search_empty.json"));
    vast.searchOffers(OfferQuery.builder().filter("region", Op.EQ, "EU").limit(5).build());
    Map<String, Object> body = parseObject(take().getBody().readUtf8());
    assertThat(body).doesNotContainKey("region");
    assertThat(((Number) body.get("limit")).intValue()).isEqualTo(1000);
  }

  @Test
  void searchOffers_responseFixture_everyOfferNormalised() {
    enqueue(jsonResponse("offers_search_response.json"));
    List<Offer> offers = vast.searchOffers(OfferQuery.all());
    assertThat(offers).hasSize(15);
    assertThat(offers).extracting(Offer::id).doesNotHaveDuplicates();
    assertThat(offers).allSatisfy(o -> {
      assertThat(o.providerId()).isEqualTo("vast");
      assertThat(o.pricingModel()).isEqualTo(PricingModel.ON_DEMAND);
      assertThat(o.pricePerHour().doubleValue()).isPositive();
      assertThat(o.minBid()).isNotNull();
      assertThat(o.gpuRamGib()).isGreaterThan(0);
      assertThat(o.reliability()).isBetween(0.0, 1.0);
      assertThat(o.attributes()).containsKey("dph_total");
    });

    Offer h100 = offers.get(0);
    assertThat(h100.id()).isEqualTo("24813377");
    assertThat(h100.gpu()).isEqualTo(com.dumontcloud.sdk.catalog.GpuCatalog.resolve("H100 SXM"));
    assertThat(h100.gpuCount()).isEqualTo(8);
    assertThat(h100.gpuRamGib()).isEqualTo(80.0); // 81559 MB
    assertThat(h100.vcpus()).isEqualTo(192.0);
    assertThat(h100.ramGib()).isCloseTo(2063892 / 1024.0, within(0.01));
    assertThat(h100.diskGib()).isEqualTo(14895.3);
    assertThat(h100.location()).isEqualTo(Location.of("US", "US", "Virginia"));
    assertThat(h100.pricePerHour().doubleValue()).isCloseTo(17.601736, within(1e-6));
    assertThat(h100.minBid().doubleValue()).isEqualTo(12.8);
    assertThat(h100.reliability()).isEqualTo(0.9987);
    assertThat(h100.netUpMbps()).isEqualTo(9422.6);
    assertThat(h100.netDownMbps()).isEqualTo(9817.1);
    assertThat(h100.cudaVersion()).isEqualTo(12.8);
    assertThat(h100.hostId()).isEqualTo("244103");
    assertThat(h100.machineId()).isEqualTo("52118");
    assertThat(h100.verified()).isTrue();

    Map<String, Offer> byId = offers.stream().collect(Collectors.toMap(Offer::id, o -> o));
    Offer a100Half = byId.get("23960214"); // 4x A100, 128 of 256 vCPUs: half the machine's RAM
    assertThat(a100Half.ramGib()).isCloseTo(1031868 / 2 / 1024.0, within(0.01));
    assertThat(a100Half.location()).isEqualTo(Location.of("NL", "EU", "North Holland"));
    Offer rtx4090 = byId.get("25111432");
    assertThat(rtx4090.gpuRamGib()).isEqualTo(24.0); // 24564 MB
    Offer nulls = byId.get("25121877"); // cpu_cores null, geolocation null
    assertThat(nulls.gpu()).isEqualTo(com.dumontcloud.sdk.catalog.GpuCatalog.resolve("RTX 4070 Ti"));
    assertThat(nulls.vcpus()).isEqualTo(16.0);
    assertThat(nulls.location()).isEqualTo(Location.UNKNOWN);
    assertThat(nulls.ramGib()).isCloseTo(31883 / 1024.0, within(0.01));
    assertThat(nulls.gpuRamGib()).isEqualTo(12.0);
  }

  @Test
  void searchOffers_bidType_sendsBidAndParsesInterruptibleOffers() {
    enqueue(jsonResponse("offers_search_bid_response.json"));
    List<Offer> offers = vast.searchOffers(OfferQuery.builder().pricingModel(PricingModel.SPOT).build());
    Map<String, Object> body = parseObject(take().getBody().readUtf8());
    assertThat(body.get("type")).isEqualTo("bid");
    assertThat(offers).isNotEmpty().allSatisfy(o -> {
      assertThat(o.pricingModel()).isEqualTo(PricingModel.SPOT);
      assertThat(o.interruptible()).isTrue();
      assertThat(o.minBid()).isNotNull();
      assertThat(o.pricePerHour().doubleValue()).isCloseTo(((Number) o.attributes().get("dph_total")).doubleValue(),
          within(1e-6));
      assertThat(o.pricePerHour().doubleValue()).isGreaterThanOrEqualTo(o.minBid().doubleValue());
    });
  }

  @Test
  void searchOffers_emptyResponse_noOffers() {
    enqueue(jsonResponse("offers_search_empty.json"));
    assertThat(vast.searchOffers(OfferQuery.all())).isEmpty();
  }

  @Test
  void searchOffers_recordedSamples_parsedWithPriceFallbacks() {
    enqueue(json(200, sharedFixture("offers_recorded_samples.json")));
    List<Offer> offers = vast.searchOffers(OfferQuery.all());
    assertThat(offers).hasSize(3);
    Offer mirror = offers.stream().filter(o -> o.id().equals("21348645")).findFirst().orElseThrow();
    assertThat(mirror.pricePerHour().doubleValue()).isCloseTo(0.1157037, within(1e-6)); // no dph_total: search.totalHour
    assertThat(mirror.verified()).isFalse();
    assertThat(mirror.gpuRamGib()).isEqualTo(32.0);
  }

  @Test
  void searchOffers_withoutKey_runsAnonymously() {
    try (Dumont anonymous = client(s -> { })) {
      enqueue(jsonResponse("offers_search_response.json"));
      assertThat(anonymous.provider("vast").searchOffers(OfferQuery.all())).hasSize(15);
      RecordedRequest r = take();
      assertThat(r.getHeader("Authorization")).isNull();
      assertThat(r.getPath()).isEqualTo("/api/v0/bundles/");
    }
  }

  @Test
  void searchOffers_oneUnreadableOffer_isSkipped() {
    enqueue(json(200, "{\"offers\": [{\"id\": 1, \"dph_total\": 0.5, \"gpu_name\": \"RTX 4090\", \"num_gpus\": 1,"
        + " \"gpu_ram\": 24564}, {\"gpu_name\": \"no id\"}, {\"id\": 3, \"dph_total\": 0.4, \"gpu_ram\": \"lots\"}]}"));
    assertThat(vast.searchOffers(OfferQuery.all())).extracting(Offer::id).containsExactly("1");
  }

  @Test
  void searchOffers_malformedBodies_throwProtocolExceptionWithExcerpt() {
    for (String body : List.of("<html>oops</html>", "{\"offers\": \"none\"}", "[1, 2]", "{\"offers\": [{\"id\": \"x1\"}]}",
        "{\"offers\": [", "")) {
      enqueue(json(200, body));
      assertThatThrownBy(() -> vast.searchOffers(OfferQuery.all()))
          .as(body)
          .isInstanceOfSatisfying(ProviderProtocolException.class, e -> {
            assertThat(e.providerId()).isEqualTo("vast");
            assertThat(e.operation()).isEqualTo("searchOffers");
            assertThat(e.getMessage()).contains("malformed vast response");
          });
    }
  }

  @Test
  void searchOffers_invalidRequest_mapsTo400Exception() {
    enqueue(json(400, fixture("error_400_bundles_invalid_request.json")));
    assertThatThrownBy(() -> vast.searchOffers(OfferQuery.all()))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(e.errorCode()).isEqualTo("invalid_request");
          assertThat(e.getMessage()).contains("Invalid json body").contains("op=searchOffers");
        });
  }
}
