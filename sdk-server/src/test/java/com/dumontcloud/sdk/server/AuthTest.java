package com.dumontcloud.sdk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.server.ServerHarness.Answer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every route but /healthz (and the dashboard's static shell) refuses requests without a valid key. */
class AuthTest {
  @TempDir Path dir;
  ServerHarness h;

  @BeforeEach
  void start() {
    h = new ServerHarness(dir);
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void everyApiRouteRefusesRequestsWithoutAKey() {
    int checked = 0;
    for (String route : h.server.routes()) {
      String method = route.substring(0, route.indexOf(' '));
      String path = route.substring(route.indexOf(' ') + 1).replaceAll("\\{\\*?[a-z_]+}", "x");
      if (path.equals("/healthz") || path.equals("/") || path.startsWith("/dashboard/") || path.startsWith("/webjars/")) {
        continue; // the static dashboard shell holds no data
      }
      for (String key : new String[] {null, "dk_00000000_wrong", "not-a-key"}) {
        Answer a = h.call(method, path, method.equals("POST") ? "{}" : null, key);
        assertThat(a.status()).as(route + " with key " + key).isEqualTo(401);
        assertThat(a.json()).containsKey("detail");
      }
      checked++;
    }
    assertThat(checked).isGreaterThan(30);
    assertThat(h.call("GET", "/healthz", null, null).status()).isEqualTo(200);
    assertThat(h.call("GET", "/api/vast/statistics", null).status()).isEqualTo(200);
  }

  @Test
  void revokedKeysAreRefusedAtOnceAndKeysAreStoredOnlyHashed() throws Exception {
    ApiKeys.NewKey second = h.keys.create("second");
    assertThat(h.call("GET", "/api/vast/statistics", null, second.token()).status()).isEqualTo(200);
    assertThat(h.keys.revoke(second.info().id())).isTrue();
    assertThat(h.call("GET", "/api/vast/statistics", null, second.token()).status()).isEqualTo(401);
    assertThat(h.call("GET", "/api/vast/statistics", null).status()).isEqualTo(200);
    String stored = Files.readString(h.keys.file());
    assertThat(stored).doesNotContain(h.key).doesNotContain(h.key.substring(12)).contains("PBKDF2WithHmacSHA512");
    assertThat(second.toString()).doesNotContain(second.token());
    assertThat(h.keys.list()).extracting(ApiKeys.KeyInfo::name).containsExactly("test");
  }

  @Test
  void badInputGetsOneLineDetailsNeverStackTraces() {
    Answer malformed = h.call("POST", "/api/vast/search-offers", "{\"max_price\": ");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat((String) malformed.json().get("detail")).startsWith("malformed JSON").doesNotContain("\n");
    Answer field = h.call("POST", "/api/vast/search-offers", "{\"max_price\": \"cheap\"}");
    assertThat(field.status()).isEqualTo(400);
    assertThat((String) field.json().get("detail")).contains("max_price");
    Answer unknown = h.call("POST", "/api/vast/search-offers", "{\"colour\": \"red\"}");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat((String) unknown.json().get("detail")).contains("colour");
    Answer notObject = h.call("POST", "/api/v1/serverless/endpoints", "[1, 2]");
    assertThat(notObject.status()).isEqualTo(400);
    Answer minMax = h.call("POST", "/api/v1/serverless/endpoints",
        "{\"template\": \"qwen2.5-0.5b\", \"min_instances\": 3, \"max_instances\": 1}");
    assertThat(minMax.status()).isEqualTo(400);
    assertThat((String) minMax.json().get("detail")).contains("max_instances");
    Answer big = h.call("POST", "/api/vast/search-offers", "{\"x\": \"" + "a".repeat(70 * 1024) + "\"}");
    assertThat(big.status()).isEqualTo(413);
    Answer noRoute = h.call("GET", "/api/vast/nothing-here", null);
    assertThat(noRoute.status()).isEqualTo(404);
    for (Answer a : new Answer[] {malformed, field, unknown, notObject, minMax, big, noRoute}) {
      assertThat(a.body()).doesNotContainPattern("[a-z]+\\.[a-z]+\\.[A-Z][A-Za-z]+(Exception|Error)")
          .doesNotContain("\tat ").doesNotContain("java.");
    }
  }

  @Test
  void aServerWithoutKeysCannotBeBuilt() {
    assertThatThrownBy(() -> DumontServer.builder(h.dumont).host("127.0.0.1").build())
        .hasMessageContaining("always authenticates");
  }

  @Test
  void oneServerPerStateDirectory() {
    Path sd = dir.resolve("lockdir");
    try (ServerLock lock = ServerLock.acquire(sd)) {
      lock.publish(h.server.uri(), "ds_token");
      assertThatThrownBy(() -> ServerLock.acquire(sd)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("another dumont serve is running").hasMessageContaining(h.server.uri().toString());
      assertThat(ServerLock.running(sd)).hasValueSatisfying(r -> assertThat(r.uri()).isEqualTo(h.server.uri()));
    }
    assertThat(ServerLock.running(sd)).isEmpty();
    ServerLock.acquire(sd).close();
  }
}
