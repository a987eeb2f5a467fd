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

  @Test
  void stopMarker_appendedLastRemovedAgain_andNeverALabel() {
    String label = VastLabels.encode(Map.of(Labels.KEY, "k", "team", "ml"));
    String marked = VastLabels.withStopMarker(label);
    assertThat(marked).isEqualTo("dumont-key=k;team=ml;dumont-stopped=client");
    assertThat(VastLabels.withStopMarker(marked)).isEqualTo(marked);
    assertThat(VastLabels.hasStopMarker(marked)).isTrue();
    assertThat(VastLabels.hasStopMarker(label)).isFalse();
    assertThat(VastLabels.decode(marked)).isEqualTo(Map.of(Labels.KEY, "k", "team", "ml"));
    assertThat(VastLabels.withoutStopMarker(marked)).isEqualTo(label);
    assertThat(VastLabels.withStopMarker(null)).isEqualTo("dumont-stopped=client");
    assertThat(VastLabels.decode("dumont-stopped=client")).isEmpty();
    assertThat(VastLabels.withoutStopMarker("dumont-stopped=client")).isEmpty();
    assertThat(VastLabels.decode("hand made;dumont-stopped=client")).isEqualTo(Map.of("label", "hand made"));
    assertThat(VastLabels.hasStopMarker(null)).isFalse();
    assertThat(VastLabels.hasStopMarker("dumont-stopped=client-x")).isFalse();
  }

  @Test
  void encode_reservedStopKey_isRefused() {
    assertThatThrownBy(() -> VastLabels.encode(Map.of("dumont-stopped", "client")))
        .isInstanceOf(InvalidSpecException.class).hasMessageContaining("reserved");
  }
}
