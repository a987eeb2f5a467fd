package com.dumontcloud.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.exception.ConfigurationException;
import com.dumontcloud.sdk.exception.NoSuchProviderException;
import com.dumontcloud.sdk.internal.provider.ConfigResolver;
import com.dumontcloud.sdk.internal.provider.ProviderRegistry;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.spi.Capability;
import com.dumontcloud.sdk.spi.CloudProvider;
import com.dumontcloud.sdk.spi.CloudProviderFactory;
import com.dumontcloud.sdk.spi.ConfigKey;
import com.dumontcloud.sdk.spi.ProviderContext;
import com.dumontcloud.sdk.spi.ProviderLaunchRequest;
import com.dumontcloud.sdk.spi.ProviderMetadata;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClientConfigurationTest {
  static final List<ConfigKey> KEYS = List.of(ConfigKey.secret("api-key", "key", "ACME_API_KEY"),
      ConfigKey.of("base-url", "url", "https://api.acme.test"));

  static ProviderMetadata meta(String id) {
    return new ProviderMetadata(id, id, null, null, KEYS, Set.of(Capability.STOP_START));
  }

  /** A provider that records its context. */
  static final class Stub implements CloudProvider {
    final ProviderContext ctx;

    Stub(ProviderContext ctx) {
      this.ctx = ctx;
    }

    @Override public ProviderMetadata metadata() { return meta(ctx.providerId()); }
    @Override public List<Offer> searchOffers(OfferQuery q) { return List.of(); }
    @Override public Instance launch(ProviderLaunchRequest r) { throw new UnsupportedOperationException(); }
    @Override public Instance get(String id) { throw new UnsupportedOperationException(); }
    @Override public List<Instance> list(Map<String, String> l) { return List.of(); }
    @Override public void start(String id) {}
    @Override public void stop(String id) {}
    @Override public void terminate(String id) {}
  }

  static final class FactoryA implements CloudProviderFactory {
    @Override public ProviderMetadata metadata() { return meta("acme"); }
    @Override public CloudProvider create(ProviderContext c) { return new Stub(c); }
  }

  static final class FactoryB implements CloudProviderFactory {
    @Override public ProviderMetadata metadata() { return meta("acme"); }
    @Override public CloudProvider create(ProviderContext c) { return new Stub(c); }
  }

  static final class FactoryBHigh implements CloudProviderFactory {
    @Override public ProviderMetadata metadata() { return meta("acme"); }
    @Override public int priority() { return 5; }
    @Override public CloudProvider create(ProviderContext c) { return new Stub(c); }
  }

  private static ConfigResolver resolver(Map<String, String> builder, Map<String, String> props, Map<String, String> env) {
    return new ConfigResolver("acme", builder, Map.of(), KEYS, props::get, env::get);
  }

  @Test
  void resolve_builderBeatsPropertyBeatsEnvBeatsDefault() {
    assertThat(resolver(Map.of("base-url", "b"), Map.of("dumont.acme.base-url", "p"),
        Map.of("DUMONT_ACME_BASE_URL", "e")).get("base-url")).contains("b");
    assertThat(resolver(Map.of(), Map.of("dumont.acme.base-url", "p"), Map.of("DUMONT_ACME_BASE_URL", "e"))
        .get("base-url")).contains("p");
    assertThat(resolver(Map.of(), Map.of(), Map.of("DUMONT_ACME_BASE_URL", "e")).get("base-url")).contains("e");
    assertThat(resolver(Map.of(), Map.of(), Map.of()).get("base-url")).contains("https://api.acme.test");
  }

  @Test
  void resolve_secretFromCustomaryEnv_isMaskedAndNotReadableAsPlainValue() {
    ConfigResolver r = resolver(Map.of(), Map.of(), Map.of("ACME_API_KEY", "sk-PLANTED-SECRET-123"));
    assertThat(r.secret("api-key")).hasValueSatisfying(s -> {
      assertThat(s.reveal()).isEqualTo("sk-PLANTED-SECRET-123");
      assertThat(s.toString()).doesNotContain("PLANTED");
    });
    assertThat(r.get("api-key")).isEmpty();
    assertThat(r.describe("api-key")).isEqualTo("dumont.acme.api-key / DUMONT_ACME_API_KEY / ACME_API_KEY");
    assertThat(r.keysSet()).containsExactly("api-key");
    assertThat(r.toString()).doesNotContain("PLANTED");
  }

  @Test
  void resolve_dumontEnvBeatsCustomaryEnv() {
    ConfigResolver r = resolver(Map.of(), Map.of(), Map.of("ACME_API_KEY", "x1234", "DUMONT_ACME_API_KEY", "y1234"));
    assertThat(r.secret("api-key").orElseThrow().reveal()).isEqualTo("y1234");
  }

  @Test
  void registry_unknownId_listsKnownIds() {
    ProviderRegistry reg = ProviderRegistry.of(List.of(new FactoryA()));
    assertThatThrownBy(() -> reg.get("nope")).isInstanceOf(NoSuchProviderException.class)
        .hasMessageContaining("unknown provider 'nope'").hasMessageContaining("acme");
  }

  @Test
  void registry_twoFactoriesSameIdSamePriority_failsNamingBoth() {
    assertThatThrownBy(() -> ProviderRegistry.of(List.of(new FactoryA(), new FactoryB())))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(FactoryA.class.getName()).hasMessageContaining(FactoryB.class.getName());
  }

  @Test
  void registry_higherPriorityWins() {
    ProviderRegistry reg = ProviderRegistry.of(List.of(new FactoryA(), new FactoryBHigh()));
    assertThat(reg.get("acme")).isInstanceOf(FactoryBHigh.class);
  }

  @Test
  void builder_withoutProvider_failsWithHowToFix() {
    assertThatThrownBy(() -> Dumont.builder().providerFactories(List.of(new FactoryA())).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining(".provider(");
  }

  @Test
  void builder_settingsWin_andSecretsNeverPrinted() {
    try (Dumont d = Dumont.builder().providerFactories(List.of(new FactoryA()))
        .environment(Map.of("DUMONT_ACME_BASE_URL", "http://env")::get)
        .provider("acme", s -> s.apiKey(Secret.of("sk-PLANTED-SECRET-123")).baseUrl("http://builder"))
        .build()) {
      var stub = (Stub) ((com.dumontcloud.sdk.internal.provider.AuditingProvider) d.provider("acme")).delegate();
      assertThat(stub.ctx.config().get("base-url")).contains("http://builder");
      assertThat(stub.ctx.config().secret("api-key").orElseThrow().reveal()).isEqualTo("sk-PLANTED-SECRET-123");
      assertThat(d.toString()).doesNotContain("PLANTED");
      assertThat(d.configKeysSet("acme")).contains("api-key", "base-url");
    }
  }
}
