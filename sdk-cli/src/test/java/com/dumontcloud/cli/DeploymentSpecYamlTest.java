package com.dumontcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.catalog.TemplateCatalog;
import com.dumontcloud.sdk.engine.BidStrategy;
import com.dumontcloud.sdk.engine.Budget;
import com.dumontcloud.sdk.engine.DeploymentSpec;
import com.dumontcloud.sdk.engine.FailoverPolicy;
import com.dumontcloud.sdk.engine.FailoverStrategy;
import com.dumontcloud.sdk.engine.HibernationPolicy;
import com.dumontcloud.sdk.engine.SpotPolicy;
import com.dumontcloud.sdk.engine.StandbyPolicy;
import com.dumontcloud.sdk.engine.WarmPoolPolicy;
import com.dumontcloud.sdk.internal.json.MoshiJsonCodec;
import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.model.Template;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/** A spec written as YAML (or JSON) and read back by `deployments apply -f` is the same spec. */
class DeploymentSpecYamlTest {
  @TempDir Path dir;

  static DeploymentSpec everyOption(Template t, BidStrategy bid) {
    return DeploymentSpec.builder("yaml-spec", t).replicas(2)
        .query(OfferQuery.builder().gpuName("RTX 4090").minGpuRamGib(24).maxPricePerHour(1.25).minGpus(1)
            .filter("geolocation", OfferQuery.Op.IN, List.of("US", "CA")).filter("verified", OfferQuery.Op.EQ, true)
            .sort(OfferQuery.Sort.VALUE).limit(20).build())
        .providers(List.of("sim")).regions(List.of("US", "EU")).spotPolicy(SpotPolicy.SPOT)
        .failover(new FailoverPolicy(List.of(FailoverStrategy.CPU_STANDBY, FailoverStrategy.COLD), 3,
            Duration.ofMinutes(5), 7, Duration.ofMinutes(30), Duration.ofSeconds(15).plusMillis(500),
            Duration.ofSeconds(90), Duration.ofMinutes(20)))
        .warmPool(new WarmPoolPolicy(2, WarmPoolPolicy.Mode.RUNNING, false))
        .standby(new StandbyPolicy(PricingModel.ON_DEMAND, 0.06, false, 4, 6.5))
        .checkpointInterval(Duration.ofSeconds(45))
        .hibernation(new HibernationPolicy(0.1, Duration.ofMinutes(4), HibernationPolicy.Action.CHECKPOINT_AND_TERMINATE))
        .budget(new Budget(Money.usd("2.5"), Money.usd(30), Duration.ofHours(6), 0.9))
        .priority(5).label("team", "inference").label("tier", "1")
        .diskGib(96).bidStrategy(bid).build();
  }

  static Stream<Arguments> templatesAndBids() {
    List<Arguments> out = new ArrayList<>();
    for (Template t : TemplateCatalog.all()) {
      for (BidStrategy b : List.of(BidStrategy.minimum(), BidStrategy.margin(0.1), BidStrategy.cap(Money.usd("0.5")))) {
        out.add(Arguments.of(t.name(), b));
      }
    }
    return out.stream();
  }

  private Path write(String name, String text) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, text);
    return f;
  }

  private static String yaml(Object tree) {
    DumperOptions o = new DumperOptions();
    o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    return new Yaml(o).dump(tree);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("templatesAndBids")
  void applyFile_yamlOfToMap_readsTheSameSpec(String template, BidStrategy bid) throws IOException {
    DeploymentSpec original = everyOption(TemplateCatalog.get(template), bid);

    DeploymentSpec read = DeploymentSpec.fromMap(
        DeploymentsCommand.Apply.readSpec(write("spec.yaml", yaml(original.toMap()))));

    assertThat(read).isEqualTo(original);
    assertThat(read.template().args()).isEqualTo(original.template().args());
    assertThat(read.template().env()).isEqualTo(original.template().env());
    assertThat(read.template().config()).isEqualTo(original.template().config());
  }

  @Test
  void applyFile_jsonOfToMap_readsTheSameSpec() throws IOException {
    DeploymentSpec original = everyOption(TemplateCatalog.get("qwen2.5-0.5b"), BidStrategy.margin(0.3));

    DeploymentSpec read = DeploymentSpec.fromMap(DeploymentsCommand.Apply.readSpec(
        write("spec.json", MoshiJsonCodec.get().writePretty(original.toMap()))));

    assertThat(read).isEqualTo(original);
    assertThat(read.template().args()).hasSize(10);
  }

  @Test
  void applyFile_handWrittenYamlWithNewKeys_readsThem() throws IOException {
    String text = """
        id: svc
        template: qwen2.5-0.5b
        disk_gib: 80
        bid: {strategy: cap, max_price: 0.35}
        standby: {pricing: spot, max_price: 0.04, cpu_only: true, min_vcpus: 4, min_ram_gib: 8}
        filters:
          - {field: num_gpus, op: GE, value: 1}
        """;

    DeploymentSpec s = DeploymentSpec.fromMap(DeploymentsCommand.Apply.readSpec(write("hand.yaml", text)));

    assertThat(s.diskGib()).isEqualTo(80);
    assertThat(s.bidStrategy()).isEqualTo(BidStrategy.cap(Money.usd("0.35")));
    assertThat(s.standby()).isEqualTo(new StandbyPolicy(PricingModel.SPOT, 0.04, true, 4, 8));
    assertThat(s.query().filters()).containsExactly(new OfferQuery.Filter("num_gpus", OfferQuery.Op.GE, 1.0));
    assertThat(DeploymentSpec.fromMap(DeploymentsCommand.Apply.readSpec(write("again.yaml", yaml(s.toMap())))))
        .isEqualTo(s);
  }

  @Test
  void exampleSpec_yamlRoundTrip_isEqual() throws IOException {
    DeploymentSpec example = DeploymentSpec.fromMap(
        DeploymentsCommand.Apply.readSpec(Path.of("..", "examples", "deployments", "qwen-service.yaml")));

    DeploymentSpec again = DeploymentSpec.fromMap(DeploymentsCommand.Apply.readSpec(write("ex.yaml",
        yaml(example.toMap()))));

    assertThat(again).isEqualTo(example);
    assertThat(again.template()).isEqualTo(TemplateCatalog.get("qwen2.5-0.5b"));
  }

  @Test
  void readSpec_binaryFile_oneClearLine() throws IOException {
    Path png = dir.resolve("logo.png");
    Files.write(png, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, (byte) 0xff});
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DeploymentsCommand.Apply.readSpec(png))
        .isInstanceOf(com.dumontcloud.sdk.exception.InvalidSpecException.class)
        .hasMessage("spec file " + png + " is not a text file (not UTF-8); a spec is YAML or JSON text");
  }

  @Test
  void readSpec_yamlTypoAndOverflow_rejectedByTheLibrary() throws IOException {
    Path typo = write("typo.yaml", "id: svc\ntemplate: qwen2.5-0.5b\nreplcas: 2\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DeploymentSpec.fromMap(DeploymentsCommand.Apply.readSpec(typo)))
        .hasMessage("unknown key 'replcas'; did you mean 'replicas'?");
    Path big = write("big.yaml", "id: svc\ntemplate: qwen2.5-0.5b\nreplicas: 2147483648\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DeploymentSpec.fromMap(DeploymentsCommand.Apply.readSpec(big)))
        .hasMessage("replicas must be a whole number in 0..100, got 2147483648");
    Path word = write("word.yaml", "id: svc\ntemplate: qwen2.5-0.5b\nspot_policy: SOMETIMES\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DeploymentSpec.fromMap(DeploymentsCommand.Apply.readSpec(word)))
        .hasMessage("spot_policy must be one of spot, on_demand, auto; got 'SOMETIMES'");
  }
}
