package com.dumontcloud.sdk.vast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.spi.InstanceLogs;
import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.exception.ConfigurationException;
import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.spi.AccountBalance;
import com.dumontcloud.sdk.spi.Capability;
import com.dumontcloud.sdk.spi.CloudProvider;
import com.dumontcloud.sdk.spi.ConfigKey;
import com.dumontcloud.sdk.spi.ProviderMetadata;
import com.dumontcloud.sdk.spi.SpotMarket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

class VastConfigFunctionalTest extends VastTestSupport {
  private Dumont fromEnv(Map<String, String> env, Map<String, String> props) {
    return Dumont.builder().provider("vast").scheduler(scheduler).environment(env::get).systemProperties(props::get)
        .maxAttempts(1).home(Path.of("target", "dumont-home")).build();
  }

  @Test
  void discovery_serviceLoaderFindsVastWithItsMetadata() {
    ProviderMetadata m = Dumont.discoverProviders().stream().filter(p -> p.id().equals("vast")).findFirst().orElseThrow();
    assertThat(m.defaultBaseUrl()).isEqualTo("https://console.vast.ai");
    assertThat(m.configKeys()).extracting(ConfigKey::key).contains("api-key", "base-url", "pacing", "search-limit");
    ConfigKey key = m.configKeys().stream().filter(k -> k.key().equals("api-key")).findFirst().orElseThrow();
    assertThat(key.secret()).isTrue();
    assertThat(key.envName("vast")).isEqualTo("DUMONT_VAST_API_KEY");
    assertThat(key.extraEnv()).containsExactly("VAST_API_KEY");
    assertThat(m.configKeys().stream().filter(k -> k.key().equals("base-url")).findFirst().orElseThrow().envName("vast"))
        .isEqualTo("DUMONT_VAST_BASE_URL");
    assertThat(m.capabilities()).contains(Capability.SPOT_MARKET, Capability.VOLUMES, Capability.STOP_START,
        Capability.LABELS, Capability.ACCOUNT_BALANCE).doesNotContain(Capability.IDEMPOTENT_CREATE);
  }

  @Test
  void noKey_everyCallThatNeedsOne_failsBeforeSendingNamingVastApiKey() {
    try (Dumont d = client(s -> { })) {
      CloudProvider p = d.provider("vast");
      List<Consumer<CloudProvider>> calls = List.of(
          x -> x.get("1"), x -> x.list(Map.of()), x -> x.start("1"), x -> x.stop("1"), x -> x.terminate("1"),
          x -> x.setLabels("1", Map.of()), x -> x.findByIdempotencyKey("k"),
          x -> x.capability(SpotMarket.class).orElseThrow().changeBid("1", Money.usd(1)),
          x -> x.capability(AccountBalance.class).orElseThrow().balance(),
          x -> x.capability(VastTemplates.class).orElseThrow().searchTemplates("x"),
          x -> x.capability(InstanceLogs.class).orElseThrow().logs("1", 10));
      for (Consumer<CloudProvider> c : calls) {
        assertThatThrownBy(() -> c.accept(p)).isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("VAST_API_KEY").hasMessageContaining("DUMONT_VAST_API_KEY");
      }
      assertThat(server.getRequestCount()).isZero();
    }
  }

  @Test
  void noKey_otherProvidersIds_areNotFoundRatherThanMissingKey() {
    try (Dumont d = client(s -> { })) {
      assertThatThrownBy(() -> d.provider("vast").get("sim-17"))
          .isInstanceOf(com.dumontcloud.sdk.exception.NotFoundException.class);
      d.provider("vast").terminate("sim-17");
      assertThat(server.getRequestCount()).isZero();
    }
  }

  @Test
  void env_vastApiKeyAndBaseUrl_areUsed() {
    String base = server.url("/").toString();
    try (Dumont d = fromEnv(Map.of("VAST_API_KEY", "from-vast-env", "DUMONT_VAST_BASE_URL", base), Map.of())) {
      enqueue(jsonResponse("instance_show_running.json"));
      d.provider("vast").get("41234501");
      RecordedRequest r = take();
      assertThat(r.getHeader("Authorization")).isEqualTo("Bearer from-vast-env");
      assertThat(r.getPath()).isEqualTo("/api/v0/instances/41234501/");
    }
  }

  @Test
  void env_dumontVastApiKey_winsOverVastApiKey_andSystemPropertyWinsOverEnv() {
    try (Dumont d = fromEnv(Map.of("VAST_API_KEY", "customary", "DUMONT_VAST_API_KEY", "dumont-env",
        "DUMONT_VAST_BASE_URL", "http://127.0.0.1:1"), Map.of("dumont.vast.base-url", server.url("/").toString()))) {
      enqueue(jsonResponse("instance_show_running.json"));
      d.provider("vast").get("41234501");
      assertThat(take().getHeader("Authorization")).isEqualTo("Bearer dumont-env");
    }
  }

  @Test
  void baseUrl_notHttp_failsAtBuildNamingTheSetting() {
    assertThatThrownBy(() -> fromEnv(Map.of("DUMONT_VAST_BASE_URL", "console.vast.ai"), Map.of()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("DUMONT_VAST_BASE_URL");
    assertThatThrownBy(() -> fromEnv(Map.of("DUMONT_VAST_SEARCH_LIMIT", "many"), Map.of()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("search-limit");
  }

  @Test
  void baseUrl_withPathPrefixAndTrailingSlash_keepsOneSlash() {
    try (Dumont d = client(s -> s.baseUrl(server.url("/proxy/vast/").toString()).apiKey(com.dumontcloud.sdk.Secret.of(KEY)))) {
      enqueue(jsonResponse("offers_search_empty.json"));
      d.provider("vast").searchOffers(OfferQuery.all());
      assertThat(take().getPath()).isEqualTo("/proxy/vast/api/v0/bundles/");
    }
  }

  @Test
  void pacing_onByDefault_offWhenConfigured() {
    for (int i = 0; i < 3; i++) enqueue(jsonResponse("instance_show_running.json"));
    for (int i = 0; i < 3; i++) vast.get("41234501");
    assertThat(scheduler.slept()).isEqualTo(Duration.ofSeconds(4));
    ManualScheduler fresh = new ManualScheduler();
    try (Dumont d = Dumont.builder().provider("vast", s -> s.apiKey(com.dumontcloud.sdk.Secret.of(KEY))
            .baseUrl(server.url("/").toString()).set("pacing", "off"))
        .scheduler(fresh).environment(k -> null).systemProperties(k -> null).maxAttempts(1)
        .home(Path.of("target", "dumont-home")).build()) {
      for (int i = 0; i < 3; i++) enqueue(jsonResponse("instance_show_running.json"));
      for (int i = 0; i < 3; i++) d.provider("vast").get("41234501");
      assertThat(fresh.slept()).isEqualTo(Duration.ZERO);
    }
  }

  @Test
  void searchLimit_configurable() {
    try (Dumont d = client(s -> s.set("search-limit", "3000"))) {
      enqueue(jsonResponse("offers_search_empty.json"));
      d.provider("vast").searchOffers(OfferQuery.all());
      assertThat(parseObject(take().getBody().readUtf8())).containsEntry("limit", 3000.0);
    }
  }
}
