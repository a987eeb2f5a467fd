package com.dumontcloud.sdk.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.exception.InvalidSpecException;
import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.spi.support.SpecSchema;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Issue 12: a typo or a wrong value in a deployment spec is rejected with one line naming the field and the fix. */
class DeploymentSpecStrictTest {

  static Map<String, Object> spec(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", "svc");
    m.put("template", "qwen2.5-0.5b");
    for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
    return m;
  }

  static AbstractThrowableAssert<?, ? extends Throwable> rejected(Map<String, Object> m) {
    return assertThatThrownBy(() -> DeploymentSpec.fromMap(m)).isInstanceOf(InvalidSpecException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "java.", "Exception", "For input string",
            "No enum constant", "null"));
  }

  @Test
  void fromMap_topLevelTypo_rejectedWithSuggestion() {
    rejected(spec("replcas", 2)).hasMessage("unknown key 'replcas'; did you mean 'replicas'?");
  }

  @Test
  void fromMap_nestedTypo_rejectedWithPathAndSuggestion() {
    rejected(spec("checkpoint", Map.of("store", "s3://b/p", "paths", List.of("state"), "intervl", 60)))
        .hasMessage("unknown key 'checkpoint.intervl'; did you mean 'interval'?");
    rejected(spec("failover", Map.of("cooldown", 60)))
        .hasMessage("unknown key 'failover.cooldown'; did you mean 'cool_down'?");
    rejected(spec("budget", Map.of("max_price_per_hr", 1)))
        .hasMessage("unknown key 'budget.max_price_per_hr'; did you mean 'max_price_per_hour'?");
    rejected(spec("template", Map.of("name", "qwen2.5-0.5b", "helth_path", "/h")))
        .hasMessage("unknown key 'template.helth_path'; did you mean 'health_path'?");
    rejected(spec("template", Map.of("name", "x", "image", "i", "cpu_fallback", Map.of("imag", "llama"))))
        .hasMessage("unknown key 'template.cpu_fallback.imag'; did you mean 'image'?");
    rejected(spec("filters", List.of(Map.of("field", "gpu_ram", "op", ">=", "valeu", 24))))
        .hasMessage("unknown key 'filters[0].valeu'; did you mean 'value'?");
    rejected(spec("bid", Map.of("strategy", "margin", "margn", 0.1)))
        .hasMessage("unknown key 'bid.margn'; did you mean 'margin'?");
  }

  @Test
  void fromMap_unknownKeyFarFromAny_listsTheKeys() {
    rejected(spec("warm_pool", Map.of("zzzzzz", 1)))
        .hasMessage("unknown key 'warm_pool.zzzzzz'; the keys of warm_pool are size, mode, replenish");
  }

  @Test
  void fromMap_negativeBudget_rejectedNamingTheField() {
    rejected(spec("budget", Map.of("max_price_per_hour", -5)))
        .hasMessageStartingWith("budget.max_price_per_hour must be an amount").hasMessageContaining("got -5");
    rejected(spec("budget", Map.of("max_spend", "-1 EUR"))).hasMessageContaining("budget.max_spend");
    rejected(spec("max_price", -0.5)).hasMessageContaining("max_price must be a number in 0..100000, got -0.5");
    rejected(spec("standby", Map.of("max_price", -1))).hasMessageContaining("standby.max_price");
  }

  @Test
  void fromMap_wordForANumber_namesFieldTypeAndValue() {
    rejected(spec("replicas", "two")).hasMessage("replicas must be a whole number in 0..100, got 'two'");
    rejected(spec("warm_pool", Map.of("size", true)))
        .hasMessage("warm_pool.size must be a whole number in 1..100, got true");
  }

  @Test
  void fromMap_unknownEnum_listsTheAllowedValues() {
    rejected(spec("spot_policy", "SOMETIMES")).hasMessage("spot_policy must be one of spot, on_demand, auto; got 'SOMETIMES'");
    rejected(spec("template", Map.of("name", "x", "image", "i", "category", "video")))
        .hasMessage("template.category must be one of GENERAL, LLM, SPEECH, IMAGE, EMBEDDINGS; got 'video'");
  }

  @Test
  void fromMap_enumInAnyCase_accepted() {
    assertThat(DeploymentSpec.fromMap(spec("spot_policy", "On-Demand")).spotPolicy()).isEqualTo(SpotPolicy.ON_DEMAND);
    assertThat(DeploymentSpec.fromMap(spec("filters", List.of(Map.of("field", "gpu_ram", "op", ">=", "value", 24))))
        .query().filters().get(0).op()).isEqualTo(OfferQuery.Op.GE);
  }

  @ParameterizedTest
  @CsvSource({"2147483648", "2147483647", "-1", "101", "9223372036854775807"})
  void fromMap_replicasOutOfRange_namedWithTheValue(long value) {
    rejected(spec("replicas", value)).hasMessage("replicas must be a whole number in 0..100, got " + value);
  }

  @Test
  void fromMap_overflowBeyondLong_namedWithTheValue() {
    rejected(spec("replicas", new java.math.BigInteger("99999999999999999999")))
        .hasMessage("replicas must be a whole number in 0..100, got 99999999999999999999");
    rejected(spec("replicas", 2.5)).hasMessage("replicas must be a whole number in 0..100, got 2.5");
    rejected(spec("replicas", Double.NaN)).hasMessageStartingWith("replicas must be a whole number");
  }

  @Test
  void fromMap_durationsAndCountsRangeChecked() {
    rejected(spec("checkpoint_interval", -60)).hasMessageContaining("checkpoint_interval must be a number of seconds above 0");
    rejected(spec("failover", Map.of("probe_failure_threshold", 0)))
        .hasMessage("failover.probe_failure_threshold must be a whole number in 1..100, got 0");
    rejected(spec("checkpoint", Map.of("store", "s3://b/p", "paths", "state", "keep", 0)))
        .hasMessage("checkpoint.keep must be a whole number in 1..1000, got 0");
    rejected(spec("hibernation", Map.of("threshold", 5))).hasMessage("hibernation.threshold must be a number in 0..1, got 5");
    rejected(spec("priority", 10_000_000)).hasMessageContaining("priority must be a whole number in -1000000..1000000");
  }

  @Test
  void fromMap_emptyValue_saysGiveAValueOrLeaveItOut() {
    rejected(spec("replicas", null))
        .hasMessage("replicas has no value; give a whole number in 0..100, or leave the key out");
  }

  @Test
  void fromMap_wrongShape_namesTheExpectedShape() {
    rejected(spec("failover", "fast")).hasMessageStartingWith("failover must be an object with keys strategies,");
    rejected(spec("providers", "vast")).hasMessage("providers must be a list of text (quote numbers and words like yes/no: \"2\"), got 'vast'");
  }

  @Test
  void utf8Text_binaryFile_clearError() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, (byte) 0xff, (byte) 0xfe};
    assertThatThrownBy(() -> SpecSchema.utf8Text(png, "spec file logo.png"))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage("spec file logo.png is not a text file (not UTF-8); a spec is YAML or JSON text");
    assertThatThrownBy(() -> SpecSchema.utf8Text("id: a\0b".getBytes(StandardCharsets.UTF_8), "spec file x"))
        .isInstanceOf(InvalidSpecException.class).hasMessageContaining("NUL");
    assertThat(SpecSchema.utf8Text("\uFEFFid: é".getBytes(StandardCharsets.UTF_8), "f")).isEqualTo("id: é");
  }

  @Test
  void javaApi_negativeBudget_throwsNamingTheField() {
    assertThatThrownBy(() -> Budget.perHour(-1.5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("budget maxPricePerHour (budget.max_price_per_hour) must be 0 or more USD, got -1.5");
    assertThatThrownBy(() -> Budget.perHour(Double.NaN)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max_price_per_hour");
    assertThatThrownBy(() -> Budget.of(1, -20, Duration.ofDays(1))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("budget.max_spend");
    assertThatThrownBy(() -> new Budget(Money.usd(-2), null, Duration.ofDays(1), 0.8))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("budget.max_price_per_hour")
        .hasMessageContaining("-2 USD");
    assertThatThrownBy(() -> OfferQuery.builder().maxPricePerHour(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max_price");
    assertThatThrownBy(() -> Template.builder("t", "img").maxPricePerHour(Money.usd(-1)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("template.max_price");
    assertThatThrownBy(() -> FailoverPolicy.defaults().withCoolDown(Duration.ofMinutes(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("failover.cool_down");
    assertThatThrownBy(() -> FailoverPolicy.defaults().withProbeFailureThreshold(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("failover.probe_failure_threshold");
    assertThatThrownBy(() -> new HibernationPolicy(0.05, Duration.ofMinutes(-3), HibernationPolicy.Action.STOP))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hibernation.period");
    assertThatThrownBy(() -> DeploymentSpec.builder("svc", DeploymentSpecTest.t()).replicas(Integer.MAX_VALUE).build())
        .isInstanceOf(InvalidSpecException.class).hasMessage("replicas must be a whole number in 0..100, got 2147483647");
  }

  @Test
  void suggestions_useEditDistance() {
    assertThat(SpecSchema.nearest("replcas", List.of("replicas", "regions"))).isEqualTo("replicas");
    assertThat(SpecSchema.nearest("spto_policy", List.of("spot_policy", "sort"))).isEqualTo("spot_policy");
    assertThat(SpecSchema.nearest("Replicas", List.of("replicas"))).isEqualTo("replicas");
    assertThat(SpecSchema.nearest("zzz", List.of("id", "kind"))).isNull();
  }
}
