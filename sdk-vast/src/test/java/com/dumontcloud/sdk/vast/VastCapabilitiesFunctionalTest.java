package com.dumontcloud.sdk.vast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.spi.InstanceLogs;
import com.dumontcloud.sdk.exception.NotFoundException;
import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.spi.AccountBalance;
import com.dumontcloud.sdk.spi.SpotMarket;
import com.dumontcloud.sdk.spi.Volumes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

class VastCapabilitiesFunctionalTest extends VastTestSupport {
  @Test
  void changeBid_putsClientIdAndPrice() {
    enqueue(jsonResponse("success_true.json"));
    capability(SpotMarket.class).orElseThrow().changeBid("41234577", Money.usd("0.25"));
    assertSent("PUT", "/api/v0/instances/bid_price/41234577/", "{\"client_id\":\"me\",\"price\":0.25}");
  }

  @Test
  void interruptions_reportOutbidInstancesOnce_withTheFirstTimeSeen() {
    SpotMarket spot = capability(SpotMarket.class).orElseThrow();
    enqueue(jsonResponse("instances_list_v1_page1.json"), jsonResponse("instances_list_v1_page2.json"));
    Instant first = scheduler.now();
    List<SpotMarket.Interruption> found = spot.interruptions(List.of("41234577", "41234501", "41234544"), Instant.EPOCH);
    assertThat(found).hasSize(1);
    assertThat(found.get(0).instanceId()).isEqualTo("41234577");
    assertThat(found.get(0).at()).isEqualTo(first);
    assertThat(found.get(0).reason()).contains("outbid");

    scheduler.advance(Duration.ofMinutes(1));
    enqueue(jsonResponse("instances_list_v1_page1.json"), jsonResponse("instances_list_v1_page2.json"));
    assertThat(spot.interruptions(List.of("41234577"), Instant.EPOCH)).extracting(SpotMarket.Interruption::at)
        .containsExactly(first);
    enqueue(jsonResponse("instances_list_v1_page1.json"), jsonResponse("instances_list_v1_page2.json"));
    assertThat(spot.interruptions(List.of("41234577"), scheduler.now())).isEmpty();
    assertThat(spot.interruptions(List.of(), Instant.EPOCH)).isEmpty();
  }

  @Test
  void listVolumes_readsTheVolumeList() {
    enqueue(jsonResponse("volumes_list.json"));
    List<Volumes.Volume> v = capability(Volumes.class).orElseThrow().listVolumes();
    assertSent("GET", "/api/v0/volumes/", null);
    assertThat(v).hasSize(1);
    assertThat(v.get(0).id()).isEqualTo("12345");
    assertThat(v.get(0).name()).isEqualTo("V.12345");
    assertThat(v.get(0).sizeGib()).isEqualTo(100.0);
    assertThat(v.get(0).attributes()).containsEntry("status", "attached");
  }

  @Test
  void balance_isCreditPlusBalanceInUsd() {
    enqueue(jsonResponse("user_current.json"));
    assertThat(capability(AccountBalance.class).orElseThrow().balance()).isEqualTo(Money.usd(25.0));
    assertSent("GET", "/api/v0/users/current/", null);
    enqueue(json(200, "{\"credit\": 10.5, \"balance\": -2.25}"));
    assertThat(capability(AccountBalance.class).orElseThrow().balance()).isEqualTo(Money.usd(8.25));
  }

  @Test
  void searchTemplates_byName_parsesTemplatesAndConvertsToCoreTemplates() {
    enqueue(jsonResponse("templates_search_response.json"));
    List<VastTemplate> found = capability(VastTemplates.class).orElseThrow().searchTemplates("vllm");
    assertSent("GET", "/api/v0/template/?select_filters=%7B%7D&select_cols=%5B%22*%22%5D", null);
    assertThat(found).hasSize(1);
    VastTemplate t = found.get(0);
    assertThat(t.id()).isEqualTo("312877");
    assertThat(t.hashId()).isEqualTo("4e17788f74f075dd9aab7d0d4427968f");
    assertThat(t.imageRef()).isEqualTo("vllm/vllm-openai:latest");
    assertThat(t.ports()).containsExactly(8000);
    assertThat(t.envVars()).containsEntry("MODEL_ID", "deepseek-ai/DeepSeek-R1-Distill-Llama-8B");
    assertThat(t.recommended()).isTrue();
    assertThat(t.recommendedDiskGb()).isEqualTo(50.0);
    Template core = t.toTemplate();
    assertThat(core.image()).isEqualTo("vllm/vllm-openai:latest");
    assertThat(core.port()).isEqualTo(8000);
    assertThat(core.config()).containsEntry("vast_template_hash_id", t.hashId()).containsEntry("runtype", "ssh");
    assertThat(core.env()).containsEntry("MODEL_ID", "deepseek-ai/DeepSeek-R1-Distill-Llama-8B");
  }

  @Test
  void searchTemplates_rawFilters_sentAsSelectFilters() {
    enqueue(jsonResponse("templates_search_response.json"));
    assertThat(capability(VastTemplates.class).orElseThrow()
        .searchTemplates(Map.of("recommended", Map.of("eq", true)))).hasSize(2);
    RecordedRequest r = take();
    assertThat(r.getRequestUrl().queryParameter("select_filters")).isEqualTo("{\"recommended\":{\"eq\":true}}");
  }

  @Test
  void fetchLogs_requestsThenPollsTheResultUrlWithoutTheKey() {
    String url = server.url("/vast.ai/instance_logs/abc.log").toString();
    enqueue(json(200, fixture("logs_request_success.json").replace(
        "https://s3.amazonaws.com/vast.ai/instance_logs/0d5e7c3b9a1f4e6d8c2b0a9f7e5d3c1b.log", url)),
        new MockResponse().setResponseCode(404).setBody("<Error><Code>NoSuchKey</Code></Error>"),
        new MockResponse().setResponseCode(403).setBody("<Error><Code>AccessDenied</Code></Error>"),
        new MockResponse().setResponseCode(200).setBody(fixture("logs_content.txt")));
    String text = capability(InstanceLogs.class).orElseThrow().logs("41234501", 100);
    assertThat(text).contains("Starting Jupiter".replace("Jupiter", "Jupyter"));
    assertSent("PUT", "/api/v0/instances/request_logs/41234501/", "{\"tail\":\"100\"}");
    for (int i = 0; i < 3; i++) {
      RecordedRequest poll = take();
      assertThat(poll.getPath()).isEqualTo("/vast.ai/instance_logs/abc.log");
      assertThat(poll.getHeader("Authorization")).isNull();
    }
  }

  @Test
  void fetchLogs_neverAppearing_isNotFoundAfterTheWait() {
    String url = server.url("/l.log").toString();
    enqueue(json(200, "{\"success\": true, \"result_url\": \"" + url + "\"}"));
    for (int i = 0; i < 30; i++) enqueue(new MockResponse().setResponseCode(404));
    assertThatThrownBy(() -> capability(InstanceLogs.class).orElseThrow().logs("1", 10))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("did not appear");
  }

  @Test
  void requestLogs_unknownInstance_isNotFound() {
    enqueue(json(404, fixture("error_logs_404.json")));
    assertThatThrownBy(() -> capability(InstanceLogs.class).orElseThrow().logs("1", 10))
        .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.errorCode()).isEqualTo("invalid_id"));
  }
}
