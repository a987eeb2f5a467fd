package com.dumontcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.model.GpuModel;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.InstanceState;
import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.spi.support.Json;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** -o table|wide|json|yaml, human formatting, one-line errors, and the config file with its contexts. */
class CliOutputAndConfigTest extends CliTestBase {
  @AfterEach
  void clearProps() {
    System.clearProperty("dumont.providers");
    System.clearProperty("dumont.context");
  }

  @Test
  void money_hasCurrencyAndSensiblePrecision() {
    assertThat(Fmt.money(Money.usd(0.0003))).isEqualTo("$0.0003");
    assertThat(Fmt.money(Money.usd(0.000034))).isEqualTo("$0.000034");
    assertThat(Fmt.money(Money.usd(0.5))).isEqualTo("$0.50");
    assertThat(Fmt.money(Money.usd(0.1497))).isEqualTo("$0.1497");
    assertThat(Fmt.money(Money.usd(12.5))).isEqualTo("$12.50");
    assertThat(Fmt.money(Money.usd(0))).isEqualTo("$0.00");
    assertThat(Fmt.money(Money.of(new BigDecimal("0.5"), "EUR"))).isEqualTo("0.50 EUR");
    assertThat(Fmt.perHour(Money.usd(0.0003))).isEqualTo("$0.0003/h");
    assertThat(Fmt.counts(new java.util.TreeMap<>(Map.of("RTX 3080", 1)))).isEqualTo("RTX 3080 ×1");
    assertThat(Fmt.value(3.0E-4)).isEqualTo("0.0003");
    assertThat(Fmt.value(null)).isEqualTo("-");
  }

  @Test
  void durations_parseAndReject() {
    assertThat(Fmt.parseDuration("--timeout", "90")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Fmt.parseDuration("--timeout", "1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Fmt.parseDuration("--timeout", "500ms")).isEqualTo(Duration.ofMillis(500));
    for (String bad : List.of("-1", "0", "0s", "", "soon", "5 minutes", "1x")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> Fmt.parseDuration("--timeout", bad))
          .hasMessageContaining("--timeout");
    }
  }

  @Test
  void tables_fitTheTerminal_andWideShowsEverything() {
    assertThat(run("templates", "list")).isZero();
    assertThat(stdout().lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(Table.DEFAULT_WIDTH));
    assertThat(stdout()).contains("…");
    assertThat(run("templates", "list", "-o", "wide")).isZero();
    assertThat(stdout()).doesNotContain("…").contains("SOURCE");
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    new Table("A", "IMAGE").shrink("IMAGE").row("x", "y".repeat(200)).print(new java.io.PrintStream(b), false, 80);
    assertThat(b.toString().lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
  }

  @Test
  void humanOutput_hasNoJavaToStringNorNull_andStatsKeepsSmallCosts() {
    assertThat(run("instances", "launch", "--template", "budget", "--wait", "--timeout", "60s")).as(stderr()).isZero();
    assertThat(run("instances", "show", "sim-1")).isZero();
    assertThat(stdout()).doesNotContain("null").doesNotContain("{").doesNotContain("E-").contains("$")
        .contains("RTX 3080 ×1");
    assertThat(run("stats")).isZero();
    assertThat(stdout()).contains("RTX 3080 ×1").doesNotContain("{").containsPattern("total cost: +\\$0\\.0*[1-9]");
    assertThat(run("instances", "cost", "sim-1")).isZero();
    assertThat(stdout()).doesNotContain("E-").contains("/h");
    assertThat(run("instances", "list", "-o", "yaml")).isZero();
    List<?> y = new Yaml().load(stdout());
    assertThat(((Map<?, ?>) y.get(0)).get("instance_id")).isEqualTo("sim-1");
    assertThat(run("instances", "list", "-o", "json")).isZero();
    assertThat(stdout()).contains("\"instance_id\": \"sim-1\"");
    assertThat(run("instances", "list", "-o", "wide")).isZero();
    assertThat(stdout()).contains("IMAGE").contains("vllm/vllm-openai");
    assertThat(run("stats", "-o", "yaml")).isZero();
    assertThat(stdout()).contains("total_instances: 1");
  }

  @Test
  void list_hidesInstancesTerminatedLongAgo() {
    Instant now = Instant.parse("2026-01-01T12:00:00Z");
    Instance gone = Instance.builder().id("x").providerId("sim").state(InstanceState.TERMINATED).gpu(GpuModel.unknown("RTX 3080"))
        .gpuCount(1).pricePerHour(Money.usd(0.1)).createdAt(now.minusSeconds(7200)).stoppedAt(now.minusSeconds(5400))
        .build();
    Instance recent = gone.toBuilder().stoppedAt(now.minusSeconds(600)).build();
    Instance running = gone.toBuilder().state(InstanceState.RUNNING).stoppedAt(null).build();
    Instant cutoff = now.minus(Duration.ofHours(1));
    assertThat(InstancesCommand.ListCmd.longGone(gone, cutoff)).isTrue();
    assertThat(InstancesCommand.ListCmd.longGone(recent, cutoff)).isFalse();
    assertThat(InstancesCommand.ListCmd.longGone(running, cutoff)).isFalse();
  }

  @Test
  void errors_areOneLine_andDebugPrintsTheStackTrace() {
    assertThat(run("instances", "show", "no-such")).isEqualTo(1);
    assertThat(stderr().strip().lines().count()).isEqualTo(1);
    assertThat(stderr()).startsWith("error: ").endsWith("(--debug for the stack trace)\n")
        .doesNotContain("Exception").doesNotContain("[provider=");
    assertThat(run("instances", "show", "no-such", "--debug")).isEqualTo(1);
    assertThat(stderr()).contains("\tat ");
    assertThat(DumontCli.message(new RuntimeException("java.net.ConnectException: Connection refused")))
        .isEqualTo("Connection refused");
    assertThat(stderr()).doesNotContain("[provider=");
    assertThat(run("instances")).isEqualTo(2);
    assertThat(stderr()).contains("Usage: dumont instances").contains("'dumont instances' needs a command: launch");
  }

  @Test
  void config_setViewUseContext_withSecretsRedacted_andA0600File() throws Exception {
    assertThat(run("config", "set", "providers.vast.api-key", "s3cr3t-value")).as(stderr()).isZero();
    assertThat(stdout()).doesNotContain("s3cr3t-value");
    assertThat(Files.getPosixFilePermissions(home.resolve("config.yaml")))
        .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    assertThat(Files.readString(home.resolve("config.yaml"))).contains("s3cr3t-value");
    assertThat(run("config", "view")).isZero();
    assertThat(stdout()).doesNotContain("s3cr3t-value").contains(CliConfig.REDACTED).contains("config.yaml");
    assertThat(run("config", "view", "-o", "json")).isZero();
    assertThat(stdout()).doesNotContain("s3cr3t-value");
    assertThat(json().get("default_providers")).isEqualTo(List.of("sim"));
    assertThat(run("providers", "--json")).isZero();
    assertThat(stdout()).doesNotContain("s3cr3t-value");

    assertThat(run("config", "set", "providers.vast.no-such", "x")).isEqualTo(1);
    assertThat(stderr()).contains("api-key");
    assertThat(run("config", "set", "providers", "nope")).isEqualTo(1);
    assertThat(stderr()).contains("no provider 'nope'");

    assertThat(run("config", "set", "contexts.offline.providers", "sim")).isZero();
    assertThat(run("config", "set", "providers", "tensordock")).isZero();
    assertThat(run("config", "view", "--json")).isZero();
    assertThat(json().get("default_providers")).isEqualTo(List.of("tensordock"));
    assertThat(run("config", "use-context", "offline")).isZero();
    assertThat(run("config", "get-contexts")).isZero();
    assertThat(stdout()).containsPattern("\\*\\s+offline\\s+sim");
    assertThat(run("config", "use-context", "missing")).isEqualTo(1);
    assertThat(stderr()).contains("no context 'missing'");
    // the current context's providers are used without --provider, and ids resolve across them
    assertThat(run("instances", "launch", "--template", "budget", "--json")).as(stderr()).isZero();
    String id = Json.str(json(), "instance_id");
    assertThat(run("instances", "show", id, "-o", "json")).isZero();
    // a context of two providers: the id is found on its provider without --provider, and renting on a
    // provider without credentials fails before anything is created, naming the variable
    if (System.getenv("TENSORDOCK_API_TOKEN") == null && System.getenv("DUMONT_TENSORDOCK_API_TOKEN") == null) {
      assertThat(run("config", "set", "providers", "tensordock,sim")).isZero();
      assertThat(run("instances", "show", id, "-o", "json")).as(stderr()).isZero();
      assertThat(Json.str(json(), "instance_id")).isEqualTo(id);
      assertThat(run("instances", "launch", "--template", "budget")).isEqualTo(1);
      assertThat(stderr()).contains("TENSORDOCK_API_TOKEN").doesNotContain("Exception");
      assertThat(stdout()).doesNotContain("launched");
      assertThat(run("config", "set", "providers", "sim")).isZero();
    }
    // precedence: flag > env > config file > default
    System.setProperty("dumont.providers", "vast");
    assertThat(CliContext.providers(List.of())).containsExactly("vast");
    assertThat(CliContext.providers(List.of("sim"))).containsExactly("sim");
    System.clearProperty("dumont.providers");
    assertThat(CliContext.providers(List.of())).containsExactly("sim");
    assertThat(CliConfig.load().environment(DumontCli.registered()).apply("DUMONT_VAST_API_KEY"))
        .isEqualTo(System.getenv("DUMONT_VAST_API_KEY") != null ? System.getenv("DUMONT_VAST_API_KEY")
            : System.getenv("VAST_API_KEY") != null ? null : "s3cr3t-value");
  }
}
