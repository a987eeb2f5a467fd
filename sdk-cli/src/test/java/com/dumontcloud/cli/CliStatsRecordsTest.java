package com.dumontcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.spi.support.Json;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** {@code stats} counts destroyed instances from the instance records, also when the provider forgot them. */
class CliStatsRecordsTest extends CliTestBase {
  @Test
  void stats_countsDestroyedInstances_afterTheProviderForgetsThem() throws Exception {
    assertThat(run("instances", "launch", "--template", "budget", "--json")).isZero();
    String id = Json.str(json(), "instance_id");
    assertThat(run("instances", "destroy", id)).isZero();
    assertThat(home.resolve("state").resolve("instances.jsonl")).exists();
    // the provider no longer lists it (Vast forgets destroyed instances): a fresh simulated cloud
    CliContext.reset();
    Files.deleteIfExists(home.resolve("sim").resolve("state.json"));
    assertThat(run("stats", "--json")).isZero();
    assertThat(Json.num(json(), "destroyed_instances")).isEqualTo(1.0);
    assertThat(Json.num(json(), "total_instances")).isEqualTo(1.0);
    assertThat(Json.num(json(), "total_cost")).isGreaterThanOrEqualTo(0.0);
  }

  @Test
  void retention_isValidatedWithTheVariableName() {
    assertThat(CliContext.retentionDays(null)).isEqualTo(90);
    assertThat(CliContext.retentionDays("7")).isEqualTo(7);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> CliContext.retentionDays("a week"))
        .hasMessageContaining("DUMONT_RECORDS_RETENTION_DAYS").hasMessageContaining("'a week'");
  }
}
