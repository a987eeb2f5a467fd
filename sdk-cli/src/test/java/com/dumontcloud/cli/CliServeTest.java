package com.dumontcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

      assertThat(run("endpoints", "create", "--template", "qwen2.5-0.5b", "--json")).as(stderr()).isZero();
      String id = (String) json().get("id");
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
