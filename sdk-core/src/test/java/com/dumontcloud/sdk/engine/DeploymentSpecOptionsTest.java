package com.dumontcloud.sdk.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.catalog.TemplateCatalog;
import com.dumontcloud.sdk.exception.InvalidSpecException;
import com.dumontcloud.sdk.model.GpuModel;
import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.model.Template;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** disk_gib, bid and the standby's machine options; validation messages; older spec forms. */
class DeploymentSpecOptionsTest {
  private static final Template QWEN = TemplateCatalog.get("qwen2.5-0.5b");

  private static Map<String, Object> spec(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", "svc");
    m.put("template", "qwen2.5-0.5b");
    for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
    return m;
  }

  // ------------------------------------------------------------------------------------------ disk

  @Test
  void diskGib_unset_isTemplateDiskGbElse40() {
    assertThat(DeploymentSpec.builder("svc", QWEN).build().diskGib()).isEqualTo(40);
    Template big = TemplateCatalog.applyOverrides(QWEN, Map.of("disk_gb", 250));

    assertThat(DeploymentSpec.builder("svc", big).build().diskGib()).isEqualTo(250);
    assertThat(DeploymentSpec.builder("svc", big).diskGib(60).build().diskGib()).isEqualTo(60);
  }

  @Test
  void diskGib_fromMap_readsDiskGib() {
    assertThat(DeploymentSpec.fromMap(spec("disk_gib", 80)).diskGib()).isEqualTo(80);
    assertThat(DeploymentSpec.fromMap(spec("disk_gib", 12.5)).diskGib()).isEqualTo(12.5);
    assertThatThrownBy(() -> DeploymentSpec.fromMap(spec("disk_gib", "12.5"))) // a quoted number is a text
        .isInstanceOf(InvalidSpecException.class).hasMessageContaining("disk_gib must be a number");
  }

  @ParameterizedTest
  @ValueSource(doubles = {-1, 0, 10_000.5, Double.NaN, Double.POSITIVE_INFINITY})
  void diskGib_outOfRange_throwsNamingDiskGib(double gib) {
    assertThatThrownBy(() -> DeploymentSpec.builder("svc", QWEN).diskGib(gib).build())
        .isInstanceOf(InvalidSpecException.class).hasMessageContaining("disk_gib must be in (0, 10000] GiB");
  }

  @Test
  void diskGib_negativeInMap_throwsNamingDiskGib() {
    assertThatThrownBy(() -> DeploymentSpec.fromMap(spec("disk_gib", -5)))
        .isInstanceOf(InvalidSpecException.class).hasMessageContaining("disk_gib").hasMessageContaining("-5");
    assertThatThrownBy(() -> DeploymentSpec.fromMap(spec("disk_gib", "lots")))
        .isInstanceOf(InvalidSpecException.class).hasMessage("disk_gib must be a number above 0 and at most 10000, got 'lots'");
  }

  // ------------------------------------------------------------------------------------------ bid

  @Test
  void bid_default_isMinimum() {
    assertThat(DeploymentSpec.builder("svc", QWEN).build().bidStrategy()).isEqualTo(BidStrategy.minimum());
    assertThat(DeploymentSpec.fromMap(spec()).bidStrategy()).isEqualTo(BidStrategy.minimum());
  }

  @Test
  void bid_fromMap_readsEachStrategy() {
    assertThat(DeploymentSpec.fromMap(spec("bid", Map.of("strategy", "minimum"))).bidStrategy())
        .isEqualTo(BidStrategy.minimum());
    assertThat(DeploymentSpec.fromMap(spec("bid", Map.of("strategy", "margin", "margin", 0.1))).bidStrategy())
        .isEqualTo(BidStrategy.margin(0.1));
    assertThat(DeploymentSpec.fromMap(spec("bid", Map.of("strategy", "CAP", "max_price", 0.5))).bidStrategy())
        .isEqualTo(BidStrategy.cap(Money.usd("0.5")));
    assertThat(DeploymentSpec.fromMap(spec("bid", "minimum")).bidStrategy()).isEqualTo(BidStrategy.minimum());
  }

  @Test
  void bid_toMap_writesStrategyAndParameter() {
    assertThat(DeploymentSpec.builder("svc", QWEN).bidStrategy(BidStrategy.margin(0.25)).build().toMap())
        .containsEntry("bid", Map.of("strategy", "margin", "margin", 0.25));
    assertThat(DeploymentSpec.builder("svc", QWEN).bidStrategy(BidStrategy.cap(Money.usd("0.5"))).build().toMap())
        .containsEntry("bid", Map.of("strategy", "cap", "max_price", 0.5));
  }

  @Test
  void bid_marginOutOfRangeInMap_throwsNamingMargin() {
    assertThatThrownBy(() -> DeploymentSpec.fromMap(spec("bid", Map.of("strategy", "margin", "margin", 11))))
        .isInstanceOf(InvalidSpecException.class).hasMessageContaining("bid.margin must be a number in 0..10")
        .hasMessageContaining("got 11");
    assertThatThrownBy(() -> DeploymentSpec.fromMap(spec("bid", Map.of("strategy", "margin"))))
        .isInstanceOf(InvalidSpecException.class).hasMessageContaining("bid.margin is required");
  }

  @Test
  void bid_capNotPositiveInMap_throwsNamingMaxPrice() {
    assertThatThrownBy(() -> DeploymentSpec.fromMap(spec("bid", Map.of("strategy", "cap", "max_price", 0))))
        .isInstanceOf(InvalidSpecException.class).hasMessageContaining("bid.max_price").hasMessageContaining("positive");
    assertThatThrownBy(() -> DeploymentSpec.fromMap(spec("bid", Map.of("strategy", "cap"))))
        .isInstanceOf(InvalidSpecException.class).hasMessageContaining("bid.max_price is required");
    assertThatThrownBy(() -> DeploymentSpec.fromMap(spec("bid", Map.of("strategy", "cap", "max_price", "cheap"))))
        .isInstanceOf(InvalidSpecException.class).hasMessageContaining("bid.max_price must be an amount");
  }

  @Test
  void bid_unknownStrategy_listsTheStrategies() {
    assertThatThrownBy(() -> DeploymentSpec.fromMap(spec("bid", Map.of("strategy", "highest"))))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage("bid.strategy must be one of minimum, margin, cap; got 'highest'");
  }

  // ------------------------------------------------------------------------------------------ standby

  @Test
  void standby_twoArgumentConstructor_keepsDefaults() {
    StandbyPolicy s = new StandbyPolicy(PricingModel.ON_DEMAND, 0.1);

    assertThat(s.cpuOnly()).isTrue();
    assertThat(s.minVcpus()).isEqualTo(2);
    assertThat(s.minRamGib()).isEqualTo(4);
    assertThat(StandbyPolicy.cpuSpot()).isEqualTo(new StandbyPolicy(PricingModel.SPOT, 0.05, true, 2, 4));
  }

  @Test
  void standby_fromMap_readsEveryKey() {
    Map<String, Object> st = Map.of("pricing", "on_demand", "max_price", 0.08, "cpu_only", false, "min_vcpus", 8,
        "min_ram_gib", 16);

    assertThat(DeploymentSpec.fromMap(spec("standby", st)).standby())
        .isEqualTo(new StandbyPolicy(PricingModel.ON_DEMAND, 0.08, false, 8, 16));
    assertThat(DeploymentSpec.fromMap(spec("standby", true)).standby()).isEqualTo(StandbyPolicy.cpuSpot());
    assertThat(DeploymentSpec.fromMap(spec("standby", Map.of("max_price", 0.02))).standby())
        .isEqualTo(new StandbyPolicy(PricingModel.SPOT, 0.02));
    assertThat(DeploymentSpec.fromMap(spec("standby", false)).standby()).isNull();
  }

  @Test
  void standby_invalid_throwsNamingTheField() {
    assertThatThrownBy(() -> new StandbyPolicy(PricingModel.SPOT, 0.05, true, -1, 4))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("standby.min_vcpus").hasMessageContaining("-1");
    assertThatThrownBy(() -> new StandbyPolicy(PricingModel.SPOT, 0.05, true, 2, -0.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("standby.min_ram_gib");
    assertThatThrownBy(() -> new StandbyPolicy(PricingModel.SPOT, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("standby.max_price");
    assertThatThrownBy(() -> DeploymentSpec.fromMap(spec("standby", Map.of("min_vcpus", 1.5))))
        .isInstanceOf(InvalidSpecException.class).hasMessage("standby.min_vcpus must be a whole number in 0..4096, got 1.5");
    assertThatThrownBy(() -> DeploymentSpec.fromMap(spec("standby", Map.of("min_ram_gib", -2))))
        .isInstanceOf(InvalidSpecException.class).hasMessageContaining("standby.min_ram_gib");
  }

  @Test
  void standby_accepts_checksCpuPriceAndMinimums() {
    StandbyPolicy s = StandbyPolicy.cpuSpot();
    Offer ok = Offer.builder().providerId("sim").id("o1").gpu(GpuModel.NONE).gpuCount(0).vcpus(2.0).ramGib(4.0)
        .pricingModel(PricingModel.SPOT).pricePerHour(Money.usd("0.03")).build();

    assertThat(s.accepts(ok)).isTrue();
    assertThat(s.accepts(ok.toBuilder().vcpus(1.0).build())).isFalse();
    assertThat(s.accepts(ok.toBuilder().ramGib(2.0).build())).isFalse();
    assertThat(s.accepts(ok.toBuilder().vcpus(null).build())).isFalse();
    assertThat(s.withMinimums(0, 0).accepts(ok.toBuilder().vcpus(null).ramGib(null).build())).isTrue();
    assertThat(s.accepts(ok.toBuilder().pricePerHour(Money.usd("0.06")).build())).isFalse();
    assertThat(s.accepts(ok.toBuilder().pricingModel(PricingModel.ON_DEMAND).build())).isFalse();
    Offer gpu = ok.toBuilder().gpu(GpuModel.unknown("RTX 3060")).gpuCount(1).build();
    assertThat(s.accepts(gpu)).isFalse();
    assertThat(s.withCpuOnly(false).accepts(gpu)).isTrue();
  }

  // ------------------------------------------------------------------------------------------ older forms

  @Test
  void fromMap_templateAsCatalogName_isTheCatalogTemplate() {
    assertThat(DeploymentSpec.fromMap(spec()).template()).isEqualTo(QWEN);
  }

  @Test
  void fromMap_templateObjectWithOnlyCatalogName_isTheCatalogTemplate() {
    assertThat(DeploymentSpec.fromMap(spec("template", Map.of("name", "qwen2.5-0.5b"))).template()).isEqualTo(QWEN);
    assertThat(DeploymentSpec.fromMap(spec("template", Map.of("name", "Qwen2.5-0.5B"))).template()).isEqualTo(QWEN);
  }

  @Test
  void fromMap_catalogNameWithOverrides_appliesThem() {
    Template t = DeploymentSpec.fromMap(spec("template", Map.of("name", "qwen2.5-0.5b", "port", 9000,
        "config", Map.of("vllm_max_model_len", 4096)))).template();

    assertThat(t.port()).isEqualTo(9000);
    assertThat(t.config()).containsEntry("vllm_max_model_len", 4096);
    assertThat(t.args()).containsSequence("--max-model-len", "4096");
    assertThat(t.image()).isEqualTo(QWEN.image());
  }

  @Test
  void fromMap_unknownCatalogName_listsKnownTemplates() {
    assertThatThrownBy(() -> DeploymentSpec.fromMap(spec("template", "qwen-9000")))
        .isInstanceOf(InvalidSpecException.class).hasMessageContaining("'qwen-9000' is not in the catalog")
        .hasMessageContaining("qwen2.5-0.5b");
  }

  @Test
  void fromMap_legacyJournalForm_stillReads() {
    // the map form before this change: upper-case enums, seconds as doubles, a template without args
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("name", "custom");
    t.put("image", "example/img:1");
    t.put("port", 8000.0);
    t.put("health_path", "/health");
    t.put("min_gpu_ram", 8.0);
    t.put("category", "LLM");
    Map<String, Object> m = spec("template", t, "replicas", 2.0, "spot_policy", "auto",
        "filters", List.of(Map.of("field", "gpu_ram", "op", "GE", "value", 8.0)),
        "failover", Map.of("strategies", List.of("WARM_POOL", "COLD"), "cool_down", 900.0, "window", 3600.0),
        "warm_pool", Map.of("size", 1.0, "mode", "STOPPED", "replenish", true),
        "standby", Map.of("pricing", "SPOT", "max_price", 0.05),
        "hibernation", Map.of("threshold", 0.05, "period", 180.0, "action", "STOP"),
        "budget", Map.of("max_price_per_hour", 1.0, "period", 86400.0, "warn_at", 0.8),
        "checkpoint_interval", 120.0, "priority", 1.0, "labels", Map.of("team", "ml"));

    DeploymentSpec s = DeploymentSpec.fromMap(m);

    assertThat(s.replicas()).isEqualTo(2);
    assertThat(s.failover().strategies()).containsExactly(FailoverStrategy.WARM_POOL, FailoverStrategy.COLD);
    assertThat(s.failover().coolDown()).isEqualTo(Duration.ofMinutes(15));
    assertThat(s.standby()).isEqualTo(StandbyPolicy.cpuSpot());
    assertThat(s.hibernation()).isEqualTo(HibernationPolicy.defaults());
    assertThat(s.budget()).isEqualTo(Budget.perHour(1.0));
    assertThat(s.template().port()).isEqualTo(8000);
    assertThat(s.template().args()).isEmpty();
    assertThat(s.diskGib()).isEqualTo(40);
    assertThat(s.bidStrategy()).isEqualTo(BidStrategy.minimum());
  }

  @Test
  void fromMap_missingIdAndTemplate_namesBoth() {
    assertThatThrownBy(() -> DeploymentSpec.fromMap(Map.of("replicas", 1)))
        .isInstanceOf(InvalidSpecException.class).hasMessageContaining("'id' and 'template'");
    assertThatThrownBy(() -> DeploymentSpec.fromMap(Map.of("template", "qwen2.5-0.5b")))
        .isInstanceOf(InvalidSpecException.class).hasMessage("deployment spec needs 'id'");
  }

  @Test
  void fromMap_badEnum_listsTheValues() {
    assertThatThrownBy(() -> DeploymentSpec.fromMap(spec("spot_policy", "cheap")))
        .isInstanceOf(InvalidSpecException.class).hasMessage("spot_policy must be one of spot, on_demand, auto; got 'cheap'");
    assertThatThrownBy(() -> DeploymentSpec.fromMap(spec("failover", Map.of("strategies", List.of("hot")))))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage("failover.strategies[0] must be one of warm_pool, cpu_standby, cold; got 'hot'");
  }

  @Test
  void fromMap_badNumbers_nameTheField() {
    assertThatThrownBy(() -> DeploymentSpec.fromMap(spec("replicas", "two")))
        .isInstanceOf(InvalidSpecException.class).hasMessage("replicas must be a whole number in 0..100, got 'two'");
    assertThatThrownBy(() -> DeploymentSpec.fromMap(spec("failover", Map.of("cool_down", "soon"))))
        .isInstanceOf(InvalidSpecException.class).hasMessage("failover.cool_down must be a number of seconds in 0..31622400 (366 days), got 'soon'");
    assertThatThrownBy(() -> DeploymentSpec.fromMap(spec("warm_pool", Map.of("size", 0))))
        .isInstanceOf(InvalidSpecException.class).hasMessage("warm_pool.size must be a whole number in 1..100, got 0");
  }

  // ------------------------------------------------------------------------------------------ spot_extra

  @Test
  void spotExtra_roundTripsAndAddsSpotOnlyReplicaSlots() {
    DeploymentSpec s = DeploymentSpec.fromMap(spec("replicas", 2, "spot_policy", "auto", "spot_extra", 1));
    assertThat(s.spotExtra()).isEqualTo(1);
    assertThat(s.replicaSlots()).isEqualTo(3);
    assertThat(s.spotPolicyOfReplica(0)).isEqualTo(SpotPolicy.AUTO);
    assertThat(s.spotPolicyOfReplica(1)).isEqualTo(SpotPolicy.AUTO);
    assertThat(s.spotPolicyOfReplica(2)).isEqualTo(SpotPolicy.SPOT);
    assertThat(s.toMap()).containsEntry("spot_extra", 1);
    assertThat(DeploymentSpec.fromMap(s.toMap())).isEqualTo(s);
    assertThat(s).isNotEqualTo(s.toBuilder().spotExtra(0).build());
    DeploymentSpec none = DeploymentSpec.fromMap(spec("replicas", 2));
    assertThat(none.spotExtra()).isZero();
    assertThat(none.toMap()).doesNotContainKey("spot_extra");
    assertThat(DeploymentSpec.fromMap(spec("replicas", 0, "spot_extra", 1)).replicaSlots()).isZero();
  }

  @Test
  void spotExtra_invalid_namesTheFieldAndTheFix() {
    assertThatThrownBy(() -> DeploymentSpec.fromMap(spec("spot_policy", "on_demand", "spot_extra", 1)))
        .isInstanceOf(InvalidSpecException.class).hasMessageContaining("spot_extra 1 needs spot_policy spot or auto, got"
            + " spot_policy on_demand");
    assertThatThrownBy(() -> DeploymentSpec.fromMap(spec("spot_extra", 11)))
        .isInstanceOf(InvalidSpecException.class).hasMessageContaining("spot_extra");
    assertThatThrownBy(() -> DeploymentSpec.builder("svc", QWEN).spotExtra(-1).build())
        .isInstanceOf(InvalidSpecException.class).hasMessageContaining("spot_extra must be a whole number in 0..10");
  }
}
