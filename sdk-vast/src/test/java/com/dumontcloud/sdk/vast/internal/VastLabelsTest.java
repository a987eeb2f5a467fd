package com.dumontcloud.sdk.vast.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.exception.InvalidSpecException;
import com.dumontcloud.sdk.model.Labels;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VastLabelsTest {
  @Test
  void encode_keyFirstThenSorted_deterministic() {
    Map<String, String> a = new LinkedHashMap<>();
    a.put("z", "1");
    a.put(Labels.KEY, "abc");
    a.put(Labels.DEPLOYMENT, "web");
    Map<String, String> b = new LinkedHashMap<>();
    b.put(Labels.DEPLOYMENT, "web");
    b.put("z", "1");
    b.put(Labels.KEY, "abc");
    assertThat(VastLabels.encode(a)).isEqualTo("dumont-key=abc;dumont-deployment=web;z=1").isEqualTo(VastLabels.encode(b));
  }

  @Test
  void encodeDecode_roundTripsSpecialCharacters() {
    Map<String, String> labels = Map.of(Labels.KEY, "dep/slot-0/3", "a;b", "c=d", "pct", "100%", "empty", "");
    assertThat(VastLabels.decode(VastLabels.encode(labels))).isEqualTo(labels);
  }

  @Test
  void decode_foreignLabels_exposedAsLabel() {
    assertThat(VastLabels.decode("sdk-it-a1")).isEqualTo(Map.of("label", "sdk-it-a1"));
    assertThat(VastLabels.decode("ML Training Job 2025")).isEqualTo(Map.of("label", "ML Training Job 2025"));
    assertThat(VastLabels.decode("a=1;oops")).isEqualTo(Map.of("label", "a=1;oops"));
    assertThat(VastLabels.decode("a=%ZZ")).isEqualTo(Map.of("label", "a=%ZZ"));
    assertThat(VastLabels.decode(null)).isEmpty();
    assertThat(VastLabels.decode("  ")).isEmpty();
  }

  @Test
  void encode_tooLong_failsNamingTheLimit() {
    assertThatThrownBy(() -> VastLabels.encode(Map.of(Labels.KEY, "k".repeat(300))))
        .isInstanceOf(InvalidSpecException.class).hasMessageContaining("256");
  }
}
