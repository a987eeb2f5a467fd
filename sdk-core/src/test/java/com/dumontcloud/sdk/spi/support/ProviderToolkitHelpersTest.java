package com.dumontcloud.sdk.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.exception.InvalidSpecException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The small readers and builders of the toolkit that providers share: Json ids, Urls, FilterValues, SshKeys. */
class ProviderToolkitHelpersTest {
  @Test
  void json_idsIntegersPathsAndEpochs() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", 2.4813377E7);
    m.put("sid", " 42 ");
    m.put("n", 3.0);
    m.put("frac", 2.5);
    m.put("search", Map.of("totalHour", 0.25));
    m.put("start", 1.7e9);
    m.put("blank", "  ");
    assertThat(Json.id(m, "id")).isEqualTo("24813377");
    assertThat(Json.id(m, "sid")).isEqualTo("42");
    assertThat(Json.id(m, "blank")).isNull();
    assertThat(Json.id(m, "none")).isNull();
    assertThatThrownBy(() -> Json.id(m, "frac")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("frac");
    assertThat(Json.integer(m, "n", 0)).isEqualTo(3);
    assertThat(Json.integer(m, "none", 7)).isEqualTo(7);
    assertThatThrownBy(() -> Json.integer(m, "frac", 0)).hasMessageContaining("frac: not an integer");
    assertThat(Json.num(m, "search", "totalHour")).isEqualTo(0.25);
    assertThat(Json.num(m, "nothing", "totalHour")).isNull();
    assertThat(Json.epochSeconds(m, "start")).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
    assertThat(Json.text(m, "blank")).isNull();
    assertThat(Json.objectOrNull("{\"a\":1}")).containsEntry("a", 1.0);
    assertThat(Json.objectOrNull("[1]")).isNull();
    assertThat(Json.objectOrNull("{broken")).isNull();
    assertThat(Json.objectOrNull("text")).isNull();
  }

  @Test
  void urls_encodeQueryValuesInOrderAndSkipNulls() {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("select_filters", "{\"label\": {\"eq\": \"a b\"}}");
    q.put("skip", null);
    q.put("limit", "25");
    assertThat(Urls.of("http://127.0.0.1:1", "/api/v1/instances/", q)).isEqualTo(
        "http://127.0.0.1:1/api/v1/instances/?select_filters=%7B%22label%22%3A%20%7B%22eq%22%3A%20%22a%20b%22%7D%7D"
            + "&limit=25");
    assertThat(Urls.of("http://127.0.0.1:1", "/x", null)).isEqualTo("http://127.0.0.1:1/x");
    assertThat(Urls.encode("a b/c")).isEqualTo("a%20b%2Fc");
  }

  @Test
  void filterValues_coerceOrRefuse() {
    assertThat(FilterValues.number("2.5")).isEqualTo(2.5);
    assertThat(FilterValues.integer(4.0)).isEqualTo(4L);
    assertThatThrownBy(() -> FilterValues.integer(4.5)).isInstanceOf(IllegalArgumentException.class);
    assertThat(FilterValues.bool("1")).isTrue();
    assertThat(FilterValues.bool(0.0)).isFalse();
    assertThatThrownBy(() -> FilterValues.bool("maybe")).isInstanceOf(IllegalArgumentException.class);
    assertThat(FilterValues.scalar(List.of(2.0, "true", "RTX_4090", "1.5"))).isEqualTo(List.of(2L, true, "RTX 4090", 1.5));
    assertThat(FilterValues.strings(List.of("a", "b"), String::toUpperCase)).isEqualTo(List.of("A", "B"));
    assertThatThrownBy(() -> FilterValues.strings(null, s -> s)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sshKeys_checkCompareAndFingerprintWithoutShowingTheKey() {
    String key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHkqjXR1ZIKIxr1L5ZyF3bq1hEF3n4bP8yT5xTtxNeVk alice@laptop";
    assertThat(SshKeys.requirePublicKey("  " + key + "\n")).isEqualTo(key);
    assertThat(SshKeys.identity(key)).isEqualTo(SshKeys.identity(key.replace("alice@laptop", "other")));
    assertThat(SshKeys.fingerprint(key)).startsWith("SHA256:").endsWith("(alice@laptop)").doesNotContain("AAAA");
    assertThatThrownBy(() -> SshKeys.requirePublicKey("-----BEGIN OPENSSH PRIVATE KEY-----\nabc"))
        .isInstanceOf(InvalidSpecException.class).hasMessageContaining("private key");
    assertThatThrownBy(() -> SshKeys.requirePublicKey("ssh-rsa not-base64!")).isInstanceOf(InvalidSpecException.class);
    assertThat(SshKeys.fingerprint("garbage")).isEqualTo("an unreadable key");
  }

  @Test
  void labelText_isDeterministicKeyFirstAndRoundTrips() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("z", "last");
    labels.put("dumont-key", "k;1=2%");
    labels.put("a", "");
    String text = LabelText.encode(labels);
    assertThat(text).isEqualTo("dumont-key=k%3B1%3D2%25;a=;z=last");
    assertThat(LabelText.decode(text, "label")).containsExactly(
        Map.entry("dumont-key", "k;1=2%"), Map.entry("a", ""), Map.entry("z", "last"));
    assertThat(LabelText.decode("my own label", "label")).containsExactly(Map.entry("label", "my own label"));
    assertThat(LabelText.decode("a=%zz", "label")).containsExactly(Map.entry("label", "a=%zz"));
    assertThat(LabelText.decode("  ", "label")).isEmpty();
    assertThatThrownBy(() -> LabelText.encode(Map.of(" ", "v"))).isInstanceOf(InvalidSpecException.class);
  }

  @Test
  void bodiesEach_skipsUnreadableEntriesButNotAllOfThem() {
    List<Integer> skipped = new java.util.ArrayList<>();
    List<Object> raw = List.of("1", "x", "3");
    assertThat(Bodies.each(raw, "offers", o -> Integer.parseInt((String) o), skipped::add)).containsExactly(1, 3);
    assertThat(skipped).containsExactly(1);
    assertThatThrownBy(() -> Bodies.each(List.of("x", "y"), "offers", o -> Integer.parseInt((String) o), n -> { }))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("none of the 2 offers could be read");
    assertThat(Bodies.each(List.of(), "offers", o -> o, n -> { })).isEmpty();
  }

  @Test
  void jsonFirstOf_readsTheFirstWrappingPresent() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("instances", null);
    m.put("data", List.of(1.0));
    assertThat(Json.firstOf(m, "instances", "data", "results")).isEqualTo(List.of(1.0));
    assertThat(Json.firstOf(m, "nothing")).isNull();
  }
}
