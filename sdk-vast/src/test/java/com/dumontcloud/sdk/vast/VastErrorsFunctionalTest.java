package com.dumontcloud.sdk.vast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.dumontcloud.sdk.exception.AuthenticationException;
import com.dumontcloud.sdk.exception.InvalidRequestException;
import com.dumontcloud.sdk.exception.ProviderProtocolException;
import com.dumontcloud.sdk.exception.ProviderServerException;
import com.dumontcloud.sdk.exception.RateLimitedException;
import com.dumontcloud.sdk.model.Labels;
import com.dumontcloud.sdk.spi.InstanceLogs;
import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.model.TemplateCategory;
import com.dumontcloud.sdk.spi.AccountBalance;
import com.dumontcloud.sdk.spi.ProviderLaunchRequest;
import com.dumontcloud.sdk.spi.SpotMarket;
import com.dumontcloud.sdk.spi.Volumes;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VastErrorsFunctionalTest extends VastTestSupport {
  private static final String EMPTY_LIST = "{\"instances\": [], \"next_token\": null}";

  /** Each endpoint, as a call that needs exactly one answer from the server (plus any preparation answers). */
  private Map<String, Runnable> endpoints() {
    Map<String, Runnable> m = new LinkedHashMap<>();
    m.put("searchOffers", () -> vast.searchOffers(OfferQuery.all()));
    m.put("get", () -> vast.get("41234501"));
    m.put("list", () -> vast.list(Map.of()));
    m.put("start", () -> vast.start("41234501"));
    m.put("stop", () -> vast.stop("41234501"));
    m.put("setLabels", () -> vast.setLabels("41234501", Map.of(Labels.KEY, "k")));
    m.put("changeBid", () -> capability(SpotMarket.class).orElseThrow().changeBid("41234501", Money.usd(0.3)));
    m.put("interruptions", () -> capability(SpotMarket.class).orElseThrow().interruptions(List.of("1"), Instant.EPOCH));
    m.put("listVolumes", () -> capability(Volumes.class).orElseThrow().listVolumes());
    m.put("balance", () -> capability(AccountBalance.class).orElseThrow().balance());
    m.put("searchTemplates", () -> capability(VastTemplates.class).orElseThrow().searchTemplates("x"));
    m.put("requestLogs", () -> capability(InstanceLogs.class).orElseThrow().logs("41234501", 100));
    return m;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"error_429_detail.json, 4500", "error_429_envelope.json, 3000", "error_429_plain.txt, 1000"})
  void anyEndpoint_429InEveryBodyStyle_isRetryableRateLimitWithTheThresholdAsHint(String fixture, long hintMs) {
    for (Map.Entry<String, Runnable> e : endpoints().entrySet()) {
      enqueue(json(429, fixture(fixture)).setHeader("Content-Type", fixture.endsWith(".txt") ? "text/plain"
          : "application/json"));
      Throwable t = catchThrowable(e.getValue()::run);
      assertThat(t).as(e.getKey()).isInstanceOfSatisfying(RateLimitedException.class, r -> {
        assertThat(r.retryable()).isTrue();
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.retryAfter()).contains(Duration.ofMillis(hintMs));
        assertThat(r.operation()).isEqualTo(e.getKey());
        assertThat(r.getMessage()).contains("too frequent");
      });
    }
  }

  @Test
  void rateLimit_thePacerHoldsTheEndpointAfterA429() {
    enqueue(json(429, fixture("error_429_detail.json")), jsonResponse("instance_show_running.json"));
    assertThatThrownBy(() -> vast.get("41234501")).isInstanceOf(RateLimitedException.class);
    Duration before = scheduler.slept();
    vast.get("41234501");
    assertThat(scheduler.slept().minus(before)).isEqualTo(Duration.ofMillis(4500));
  }

  @ParameterizedTest(name = "HTTP {0}")
  @CsvSource({"401", "404"})
  void anyEndpoint_invalidUserKey_isAuthenticationNamingTheKeySettings(int status) {
    for (Map.Entry<String, Runnable> e : endpoints().entrySet()) {
      enqueue(json(status, fixture("error_401_invalid_user_key.json")));
      Throwable t = catchThrowable(e.getValue()::run);
      assertThat(t).as(e.getKey()).isInstanceOfSatisfying(AuthenticationException.class, a -> {
        assertThat(a.statusCode()).isEqualTo(status);
        assertThat(a.errorCode()).isEqualTo("auth_error");
        assertThat(a.getMessage()).contains("VAST_API_KEY").contains("Invalid user key");
        assertThat(a.retryable()).isFalse();
      });
    }
  }

  @Test
  void launch_invalidUserKey404_isAuthentication() {
    enqueue(json(404, fixture("error_401_invalid_user_key.json")));
    assertThatThrownBy(() -> vast.launch(launchRequest())).isInstanceOf(AuthenticationException.class);
  }

  @ParameterizedTest(name = "HTTP {0}")
  @CsvSource({"500, false", "502, true", "503, true", "504, true"})
  void anyEndpoint_serverErrors_areProviderServerExceptions(int status, boolean retryable) {
    enqueue(new okhttp3.mockwebserver.MockResponse().setResponseCode(status).setBody("<html>Bad Gateway</html>"));
    assertThatThrownBy(() -> vast.get("41234501")).isInstanceOfSatisfying(ProviderServerException.class, e -> {
      assertThat(e.statusCode()).isEqualTo(status);
      assertThat(e.retryable()).isEqualTo(retryable);
      assertThat(e.bodyExcerpt()).contains("Bad Gateway");
    });
  }

  @Test
  void anyEndpoint_successFalseIn200_isAnError() {
    enqueue(json(200, "{\"success\": false, \"error\": \"invalid_args\", \"msg\": \"nope\"}"));
    assertThatThrownBy(() -> vast.stop("41234501")).isInstanceOfSatisfying(InvalidRequestException.class, e -> {
      assertThat(e.statusCode()).isEqualTo(200);
      assertThat(e.errorCode()).isEqualTo("invalid_args");
    });
    enqueue(json(400, fixture("error_change_bid_400.json")));
    assertThatThrownBy(() -> capability(SpotMarket.class).orElseThrow().changeBid("1", Money.usd(0.5)))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("bid price");
    enqueue(json(400, fixture("error_400_v1_bad_filter.json")));
    assertThatThrownBy(() -> vast.list(Map.of())).isInstanceOfSatisfying(InvalidRequestException.class,
        e -> assertThat(e.errorCode()).isEqualTo("invalid_request"));
    enqueue(json(400, fixture("error_400_invalid_json.json")));
    assertThatThrownBy(() -> vast.stop("1")).hasMessageContaining("error 400/1782");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "<html><body>maintenance</body></html>",
      "{\"instances\": ",
      "[1, 2, 3]",
      "\"just a string\"",
      "{\"offers\": 42, \"instances\": 42, \"volumes\": 42, \"templates\": 42, \"result_url\": 42, \"credit\": \"lots\", \"success\": true, \"next_token\": 7}"})
  void everyEndpoint_malformedBody_isProtocolExceptionWithProviderOperationAndExcerpt(String body) {
    for (Map.Entry<String, Runnable> e : endpoints().entrySet()) {
      if (e.getKey().equals("start") || e.getKey().equals("stop") || e.getKey().equals("setLabels")
          || e.getKey().equals("changeBid")) {
        if (body.startsWith("{\"offers\"")) continue; // a JSON object without success=false is a valid acknowledgement
      }
      enqueue(json(200, body));
      Throwable t = catchThrowable(e.getValue()::run);
      assertThat(t).as(e.getKey() + " <- " + body).isInstanceOfSatisfying(ProviderProtocolException.class, p -> {
        assertThat(p.providerId()).isEqualTo("vast");
        assertThat(p.operation()).isEqualTo(e.getKey());
        assertThat(p.getMessage()).contains("malformed vast response").contains("op=" + e.getKey());
        assertThat(p.bodyExcerpt()).isNotBlank();
      });
    }
  }

  @Test
  void everyEndpoint_emptyBody_isProtocolException() {
    for (Map.Entry<String, Runnable> e : endpoints().entrySet()) {
      enqueue(json(200, ""));
      assertThat(catchThrowable(e.getValue()::run)).as(e.getKey()).isInstanceOf(ProviderProtocolException.class);
    }
  }

  @Test
  void get_wrongTypesInsideTheInstance_areProtocolExceptionsNotNpeOrClassCast() {
    for (String inner : List.of("\"oops\"", "{\"id\": \"abc\"}", "{\"id\": 1, \"gpu_ram\": \"big\"}",
        "{\"id\": 1, \"ports\": \"22:22\"}", "{\"id\": 1, \"ports\": {\"22/tcp\": [{\"HostPort\": \"ssh\"}]}}",
        "{\"id\": 1, \"is_bid\": []}", "{\"id\": 1, \"search\": 3}", "{\"id\": 1.5}", "{}")) {
      enqueue(json(200, "{\"instances\": " + inner + "}"));
      assertThat(catchThrowable(() -> vast.get("1"))).as(inner).isInstanceOf(ProviderProtocolException.class);
    }
  }

  @Test
  void launch_malformedCreateAnswer_isResolvedByLabelThenReported() {
    enqueue(json(200, EMPTY_LIST), json(200, EMPTY_LIST), json(200, "{\"success\": true}"), json(200, EMPTY_LIST),
        json(200, EMPTY_LIST), json(200, EMPTY_LIST));
    assertThatThrownBy(() -> vast.launch(launchRequest())).isInstanceOfSatisfying(ProviderProtocolException.class, p -> {
      assertThat(p.operation()).isEqualTo("launch");
      assertThat(p.getMessage()).contains("new_contract");
    });
    assertThat(server.getRequestCount()).isEqualTo(6);
  }

  @Test
  void terminate_malformedAnswer_confirmedByShow() {
    enqueue(json(200, "<html>ok</html>"), json(200, "{\"instances\": null}"));
    vast.terminate("41234501");
    enqueue(json(200, "<html>ok</html>"), jsonResponse("instance_show_running.json"));
    assertThatThrownBy(() -> vast.terminate("41234501")).isInstanceOf(ProviderProtocolException.class);
  }

  private static ProviderLaunchRequest launchRequest() {
    Offer o = Offer.builder().providerId("vast").id("123").pricePerHour(Money.usd(0.3)).build();
    Template t = Template.builder("t", "nginx").displayName("t").description("").category(TemplateCategory.GENERAL)
        .port(80).healthPath("/").build();
    return new ProviderLaunchRequest(o, t, Map.of(Labels.KEY, "err-key"), "err-key", PricingModel.ON_DEMAND, null, 10);
  }
}
