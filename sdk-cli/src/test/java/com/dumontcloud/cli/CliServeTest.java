package com.dumontcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.dumontcloud.sdk.spi.support.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** While a server runs for $DUMONT_HOME, deployments and endpoints commands go to it; a second server is refused. */
class CliServeTest extends CliTestBase {
  @Test
  void commandsTalkToTheRunningServerAndOneServerPerHome() throws Exception {
    ServeCommand cmd = new ServeCommand();
    cmd.port = 0;
    cmd.host = "127.0.0.1";
    try (ServeCommand.Running r = cmd.start()) {
      ServeCommand second = new ServeCommand();
      second.port = 0;
      second.host = "127.0.0.1";
      org.assertj.core.api.Assertions.assertThatThrownBy(second::start)
          .hasMessageContaining("another dumont serve is running").hasMessageContaining(r.server.uri().toString());

      Path spec = home.resolve("web.yaml");
      Files.writeString(spec, "id: web\ntemplate: budget\nreplicas: 1\n");
      assertThat(run("deployments", "apply", "-f", spec.toString(), "--json")).as(stderr()).isZero();
      assertThat(stderr()).contains("via dumont serve at " + r.server.uri());
      assertThat(json()).containsEntry("id", "web");
      assertThat(r.engine.get("web")).isPresent(); // the server's engine holds it, not a one-shot one

      assertThat(run("deployments", "list")).as(stderr()).isZero();
      assertThat(stdout()).contains("web");
      assertThat(run("deployments", "show", "web")).isZero();
      assertThat(run("deployments", "show", "nope")).isEqualTo(1);
      assertThat(stderr()).contains("deployment 'nope' not found");

      assertThat(run("endpoints", "create", "--template", "qwen2.5-0.5b", "--label", "cost-center=42",
          "--spot-extra", "1", "--json")).as(stderr()).isZero();
      String id = (String) json().get("id");
      assertThat(Json.obj(json().get("labels"), "labels")).containsEntry("cost-center", "42");
      assertThat(r.endpoints.get(id).spec().spotExtra()).as("--spot-extra reaches the server").isEqualTo(1);
      assertThat(r.endpoints.get(id).spec().labels()).containsEntry("cost-center", "42");
      assertThat((String) json().get("url")).isEqualTo(r.server.uri() + "/endpoints/" + id + "/v1");
      assertThat(run("endpoints", "list")).isZero();
      assertThat(stdout()).contains(id);
      assertThat(run("endpoints", "stats", "--json")).isZero();
      assertThat(json()).containsKey("total_endpoints");
      assertThat(run("endpoints", "delete", id)).isZero();
      assertThat(r.endpoints.list()).isEmpty();
      assertThat(run("deployments", "apply", "-f", spec.toString())).isZero();
      r.engine.reconcileNow(); // launch now rather than at the next tick
      assertThat(CliContext.simulatedCloud().liveInstances()).isNotEmpty();
    }
    // stopping the server leaves the fleet as it is
    assertThat(CliContext.simulatedCloud().liveInstances()).isNotEmpty();
    // stopped: the commands work locally again
    assertThat(run("deployments", "list", "--json")).as(stderr()).isZero();
    assertThat(stderr()).doesNotContain("via dumont serve");
    assertThat(run("serve", "keys", "list", "--json")).isZero();
    assertThat((List<?>) json().get("keys")).hasSize(1);
    assertThat(Files.readString(home.resolve("server/api-keys.json"))).doesNotContain("dk_");
  }

  @Test
  @SuppressWarnings("unchecked")
  void servedCommands_currency_askTheServerForItAndShowItsAmounts() throws Exception {
    ServeCommand cmd = new ServeCommand();
    cmd.port = 0;
    cmd.host = "127.0.0.1";
    try (ServeCommand.Running r = cmd.start()) {
      Path spec = home.resolve("web.yaml");
      Files.writeString(spec, "id: web\ntemplate: budget\nreplicas: 1\n");
      assertThat(run("deployments", "apply", "-f", spec.toString(), "--json", "--currency", "EUR")).as(stderr())
          .isZero();
      assertThat(json()).containsEntry("id", "web").containsEntry("currency", "EUR");
      r.engine.reconcileNow(); // the replica launches: its slot has a price

      assertThat(run("deployments", "show", "web", "--json")).as(stderr()).isZero();
      assertThat(stderr()).contains("via dumont serve");
      Map<String, Object> usd = json();
      assertThat(usd).doesNotContainKeys("currency", "fx");
      assertThat(run("deployments", "show", "web", "-o", "json", "--currency", "eur")).as(stderr()).isZero();
      Map<String, Object> eur = json();
      assertThat(eur).containsEntry("currency", "EUR");
      assertThat((Map<String, Object>) eur.get("fx")).containsEntry("as_of", "2025-06-30");
      double usdPrice = ((Number) ((List<Map<String, Object>>) usd.get("slots")).get(0).get("price_per_hour"))
          .doubleValue();
      double eurPrice = ((Number) ((List<Map<String, Object>>) eur.get("slots")).get(0).get("price_per_hour"))
          .doubleValue();
      assertThat(usdPrice).isPositive();
      assertThat(eurPrice).isCloseTo(usdPrice * 0.853, within(1e-4));

      assertThat(run("deployments", "show", "web", "--currency", "EUR")).as(stderr()).isZero();
      assertThat(stdout()).contains("PRICE/H").contains(" EUR").doesNotContain("$");
      assertThat(run("deployments", "list", "--json", "--currency", "EUR")).isZero();
      List<Map<String, Object>> list = (List<Map<String, Object>>) com.dumontcloud.sdk.internal.json.MoshiJsonCodec
          .get().parse(stdout());
      assertThat(list).singleElement().satisfies(d -> assertThat(d).containsEntry("currency", "EUR").containsKey("fx"));
      assertThat(run("deployments", "list")).isZero();
      assertThat(stdout()).contains("SPEND").contains("$").doesNotContain("EUR");

      assertThat(run("endpoints", "create", "--template", "qwen2.5-0.5b", "--json", "--currency", "EUR")).isZero();
      String id = (String) json().get("id");
      assertThat(json()).containsEntry("currency", "EUR");
      assertThat(run("endpoints", "list", "--currency", "EUR")).isZero();
      assertThat(stdout()).contains(id).contains(" EUR").doesNotContain("$");
      assertThat(run("endpoints", "stats", id, "--currency", "EUR")).isZero();
      assertThat(stdout()).contains("total_cost_24h:").contains(" EUR").doesNotContain("fx").doesNotContain("{");
      assertThat(run("endpoints", "stats", "--json", "--currency", "EUR")).isZero();
      assertThat(json()).containsEntry("currency", "EUR").containsKey("total_cost_24h");

      assertThat(run("deployments", "show", "web", "--currency", "XYZ")).isNotZero();
      assertThat(stderr()).contains("--currency").contains("'XYZ'").doesNotContain("via dumont serve");
    }
  }

  @Test
  void noAuthOffLoopbackIsRefused() {
    assertThat(run("serve", "--host", "0.0.0.0", "--no-auth", "--port", "0")).isEqualTo(2);
    assertThat(stderr()).contains("--no-auth is refused on --host 0.0.0.0");
    assertThat(run("serve", "keys", "create", "--name", "ci")).isZero();
    String token = stdout().strip();
    assertThat(token).startsWith("dk_");
    assertThat(run("serve", "keys", "list")).isZero();
    assertThat(stdout()).contains("ci").doesNotContain(token);
    String keyId = token.split("_")[1];
    assertThat(run("serve", "keys", "revoke", keyId)).isZero();
    assertThat(run("serve", "keys", "revoke", keyId)).isEqualTo(1);
  }
}
