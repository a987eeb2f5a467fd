package com.dumontcloud.sdk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dumont serve --no-auth}: an explicit development mode on loopback where a request without credentials acts
 * as the local admin; credentials that are sent are still checked, and the mode is refused off loopback.
 */
class NoAuthOnLoopbackTest {
  @Test
  void requestsWithoutCredentialsActAsTheLocalAdmin_sentCredentialsAreStillChecked(@TempDir Path dir) {
    try (ServerHarness h = new ServerHarness(dir, DumontServer.Builder::noAuthOnLoopback)) {
      assertThat(h.call("GET", "/api/vast/statistics", null, null).status()).isEqualTo(200);
      assertThat(h.call("GET", "/api/v1/deployments", null, null).status()).isEqualTo(200);
      ServerHarness.Answer wrong = h.call("GET", "/api/vast/statistics", null, "dk_not_a_key");
      assertThat(wrong.status()).isEqualTo(401);
      assertThat(h.call("GET", "/api/vast/statistics", null, h.key).status()).isEqualTo(200);
    }
  }

  @Test
  void withoutTheModeEveryRouteStillNeedsCredentials(@TempDir Path dir) {
    try (ServerHarness h = new ServerHarness(dir)) {
      assertThat(h.call("GET", "/api/vast/statistics", null, null).status()).isEqualTo(401);
    }
  }

  @Test
  void offLoopbackTheModeIsRefused(@TempDir Path dir) {
    assertThatThrownBy(() -> new ServerHarness(dir, b -> b.host("0.0.0.0").noAuthOnLoopback()))
        .hasMessageContaining("--no-auth is refused on --host 0.0.0.0");
  }
}
