package com.dumontcloud.sdk.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.audit.AuditRecord;
import com.dumontcloud.sdk.server.ServerHarness.Answer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditAndCurrencyRoutesTest {
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

  private void rec(Instant at, String op, boolean ok, String team, String principal) {
    h.audit.record(new AuditRecord(at, "sim", op, op, ok ? "ok" : "no capacity", Duration.ofMillis(40), ok,
        Map.of("team", team, "principal", principal)));
  }

  @Test
  @SuppressWarnings("unchecked")
  void audit_filtersByTeamActionPrincipalTimeAndFailures() {
    h.audit.clear();
    Instant t = Instant.parse("2026-01-05T10:00:00Z");
    rec(t, "launch", true, "ml", "alice");
    rec(t.plusSeconds(60), "launch", false, "ml", "bob");
    rec(t.plusSeconds(120), "terminate", true, "web", "alice");

    Answer all = h.call("GET", "/api/v1/audit", null);
    assertThat(all.status()).isEqualTo(200);
    assertThat(all.json()).containsEntry("total", 3.0);
    Answer failures = h.call("GET", "/api/v1/audit?action=launch&failures=true", null);
    assertThat((List<Map<String, Object>>) failures.json().get("records")).singleElement()
        .satisfies(r -> assertThat((Map<String, Object>) r.get("metadata")).containsEntry("principal", "bob"));
    Answer team = h.call("GET", "/api/v1/audit?team=web&principal=alice", null);
    assertThat(team.json()).containsEntry("total", 1.0);
    Answer window = h.call("GET", "/api/v1/audit?since=2026-01-05T10:01:00Z&until=2026-01-05T10:02:00Z", null);
    assertThat(window.json()).containsEntry("total", 1.0);

    Answer bad = h.call("GET", "/api/v1/audit?since=yesterday", null);
    assertThat(bad.status()).isEqualTo(400);
    assertThat((String) bad.json().get("detail")).contains("since").contains("'yesterday'");
  }

  @Test
  @SuppressWarnings("unchecked")
  void offers_currencyParameter_convertsAndStatesTheRates() {
    Answer usd = h.call("GET", "/api/vast/offers?limit=1", null);
    Answer eur = h.call("GET", "/api/vast/offers?limit=1&currency=EUR", null);

    double d = ((Number) ((List<Map<String, Object>>) usd.json().get("offers")).get(0).get("dph_total")).doubleValue();
    Map<String, Object> e = ((List<Map<String, Object>>) eur.json().get("offers")).get(0);
    assertThat(eur.json()).containsEntry("currency", "EUR").containsKey("fx");
    assertThat(((Number) e.get("dph_total")).doubleValue()).isCloseTo(d * 0.853, org.assertj.core.api.Assertions.within(1e-4));

    Answer bad = h.call("GET", "/api/vast/statistics?currency=XYZ", null);
    assertThat(bad.status()).isEqualTo(400);
    assertThat((String) bad.json().get("detail")).startsWith("currency:").contains("ISO 4217");
  }

  @Test
  @SuppressWarnings("unchecked")
  void openApi_documentsTheAuditRouteAndTheCurrencyParameter() {
    Map<String, Object> paths = (Map<String, Object>) h.call("GET", "/openapi.json", null).json().get("paths");

    assertThat(paths).containsKey("/api/v1/audit");
    assertThat(String.valueOf(paths.get("/api/v1/audit"))).contains("principal").contains("failures");
    assertThat(String.valueOf(paths.get("/api/vast/statistics"))).contains("currency");
  }
}
