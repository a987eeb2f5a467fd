package com.dumontcloud.sdk.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.Secret;
import com.dumontcloud.sdk.exception.ConfigurationException;
import com.dumontcloud.sdk.spi.ProviderConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigReaderTest {
  enum Mode { PROXY, DIRECT, SSH_TUNNEL }

  private static ConfigReader reader(Map<String, String> values) {
    return ConfigReader.of("vast", new ProviderConfig() {
      @Override public Optional<String> get(String key) { return Optional.ofNullable(values.get(key)); }
      @Override public Optional<Secret> secret(String key) { return Optional.empty(); }
      @Override public String describe(String key) { return "dumont.vast." + key; }
    });
  }

  @Test
  void enumValue_badValue_namesKeyChoicesValueAndWhereToSetIt() {
    assertThatThrownBy(() -> reader(Map.of("ssh-mode", "x")).enumValue("ssh-mode", Mode.class, Mode.PROXY))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("[provider=vast] vast.ssh-mode must be one of proxy, direct, ssh-tunnel, got 'x' "
            + "(set dumont.vast.ssh-mode)");
  }

  @Test
  void enumValue_caseAndUnderscoreInsensitive_blankIsDefault() {
    assertThat(reader(Map.of("m", " Direct ")).enumValue("m", Mode.class, Mode.PROXY)).isEqualTo(Mode.DIRECT);
    assertThat(reader(Map.of("m", "ssh_tunnel")).enumValue("m", Mode.class, Mode.PROXY)).isEqualTo(Mode.SSH_TUNNEL);
    assertThat(reader(Map.of("m", " ")).enumValue("m", Mode.class, Mode.PROXY)).isEqualTo(Mode.PROXY);
  }

  @Test
  void integer_rangeAndGarbage_areNamedWithoutJavaJargon() {
    ConfigReader r = reader(Map.of("a", "abc", "b", "0", "c", " 42 "));
    assertThatThrownBy(() -> r.integer("a", 1, 1, Integer.MAX_VALUE))
        .hasMessageContaining("vast.a must be a whole number of at least 1").hasMessageContaining("got 'abc'")
        .hasMessageNotContaining("For input string");
    assertThatThrownBy(() -> r.integer("b", 1, 1, Integer.MAX_VALUE)).hasMessageContaining("got '0'");
    assertThat(r.integer("c", 1, 1, 100)).isEqualTo(42);
    assertThat(r.integer("missing", 7, 1, 100)).isEqualTo(7);
  }

  @Test
  void decimal_bool_duration() {
    ConfigReader r = reader(Map.of("d", "0.0003", "b", "OFF", "t1", "30s", "t2", "PT2M", "t3", "250ms", "bad", "soon",
        "big", "2"));
    assertThat(r.decimal("d", 1, 0, 1)).isEqualTo(0.0003);
    assertThatThrownBy(() -> r.decimal("big", 1, 0, 1)).hasMessageContaining("vast.big must be between 0 and 1");
    assertThat(r.bool("b", true)).isFalse();
    assertThatThrownBy(() -> r.bool("bad", true)).hasMessageContaining("vast.bad must be true or false");
    assertThat(r.duration("t1", null)).isEqualTo(Duration.ofSeconds(30));
    assertThat(r.duration("t2", null)).isEqualTo(Duration.ofMinutes(2));
    assertThat(r.duration("t3", null)).isEqualTo(Duration.ofMillis(250));
    assertThatThrownBy(() -> r.duration("bad", null)).hasMessageContaining("vast.bad must be a duration such as 30s");
  }

  @Test
  void baseUrl_validatesAndStripsTrailingSlashes() {
    assertThat(reader(Map.of("u", "https://console.vast.ai//")).baseUrl("u", null)).isEqualTo("https://console.vast.ai");
    assertThat(reader(Map.of()).baseUrl("u", "https://x.test")).isEqualTo("https://x.test");
    assertThatThrownBy(() -> reader(Map.of("u", "console.vast.ai")).baseUrl("u", null))
        .hasMessageContaining("vast.u must be an http(s) URL").hasMessageContaining("got 'console.vast.ai'");
  }
}
