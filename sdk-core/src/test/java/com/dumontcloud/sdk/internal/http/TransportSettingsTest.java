package com.dumontcloud.sdk.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.exception.ConfigurationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TransportSettingsTest {
  private static final Duration S = Duration.ofSeconds(1);

  @Test
  void defaults_areValid() {
    assertThat(TransportSettings.defaults().maxAttempts()).isEqualTo(4);
  }

  @Test
  void new_zeroAttempts_failsNamingTheSetting() {
    assertThatThrownBy(() -> new TransportSettings(0, S, S, S, S, 50f, 10, S))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("maxAttempts");
  }

  @Test
  void new_capBelowFloor_fails() {
    assertThatThrownBy(() -> new TransportSettings(3, S, Duration.ofMillis(10), S, S, 50f, 10, S))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("maxBackoff");
  }

  @Test
  void new_nonPositiveDuration_fails() {
    assertThatThrownBy(() -> new TransportSettings(3, S, S, Duration.ZERO, S, 50f, 10, S))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("callTimeout");
  }

  @Test
  void new_thresholdOutOfRange_fails() {
    assertThatThrownBy(() -> new TransportSettings(3, S, S, S, S, 0f, 10, S))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("failureRateThreshold");
  }
}
