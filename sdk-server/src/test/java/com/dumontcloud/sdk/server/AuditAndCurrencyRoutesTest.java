package com.dumontcloud.sdk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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

  private static double num(Object o) {
    return ((Number) o).doubleValue();
  }

  @Test
  @SuppressWarnings("unchecked")
  void deployment_currencyParameter_convertsEveryAmountInPlaceAndStatesTheRatesOnce() {
    assertThat(h.call("POST", "/api/v1/deployments", "{\"id\": \"web\", \"template\": \"budget\", "
        + "\"replicas\": 1}").status()).isEqualTo(200);
    for (int i = 0; i < 600; i++) h.vs.advanceBy(Duration.ofSeconds(1)); // launch, boot, then 10 min of spend
    h.engine.reconcileNow();

    Answer usd = h.call("GET", "/api/v1/deployments/web", null);
    Answer eur = h.call("GET", "/api/v1/deployments/web?currency=eur", null);

    Map<String, Object> u = usd.json();
    Map<String, Object> e = eur.json();
    assertThat(usd.body()).doesNotContain("\"currency\"").doesNotContain("\"fx\"");
    assertThat(num(u.get("spend"))).isPositive();
    assertThat(e).containsEntry("currency", "EUR");
    assertThat((Map<String, Object>) e.get("fx")).containsEntry("as_of", "2025-06-30");
    assertThat(num(e.get("spend"))).isCloseTo(num(u.get("spend")) * 0.853, within(1e-4));
    assertThat(num(e.get("on_demand_equivalent")))
        .isCloseTo(num(u.get("on_demand_equivalent")) * 0.853, within(1e-4));
    Map<String, Object> uSlot = ((List<Map<String, Object>>) u.get("slots")).get(0);
    Map<String, Object> eSlot = ((List<Map<String, Object>>) e.get("slots")).get(0);
    assertThat(num(uSlot.get("price_per_hour"))).isPositive();
    assertThat(num(eSlot.get("price_per_hour"))).isCloseTo(num(uSlot.get("price_per_hour")) * 0.853, within(1e-4));
    assertThat(eSlot).doesNotContainKeys("currency", "fx");
    assertThat(e.get("spec")).isEqualTo(u.get("spec"));

    Map<String, Object> list = h.call("GET", "/api/v1/deployments?currency=EUR", null).json();
    assertThat(list).containsEntry("currency", "EUR").containsKey("fx");
    assertThat(num(((List<Map<String, Object>>) list.get("deployments")).get(0).get("spend")))
        .isEqualTo(num(e.get("spend")));
    Map<String, Object> costs = h.call("GET", "/api/v1/costs?currency=EUR", null).json();
    Map<String, Object> usdCosts = h.call("GET", "/api/v1/costs", null).json();
    assertThat(costs).containsEntry("currency", "EUR");
    assertThat(usdCosts).doesNotContainKey("currency");
    assertThat(num(costs.get("total"))).isCloseTo(num(usdCosts.get("total")) * 0.853, within(1e-4));
    assertThat(num(((Map<String, Object>) costs.get("by_deployment")).get("web")))
        .isCloseTo(num(((Map<String, Object>) usdCosts.get("by_deployment")).get("web")) * 0.853, within(1e-4));

    for (String path : List.of("/api/v1/deployments/web?currency=XYZ", "/api/v1/deployments?currency=XYZ",
        "/api/v1/costs?currency=XYZ")) {
      Answer bad = h.call("GET", path, null);
      assertThat(bad.status()).as(path).isEqualTo(400);
      assertThat((String) bad.json().get("detail")).as(path).startsWith("currency:").contains("ISO 4217");
    }
    Answer badApply = h.call("POST", "/api/v1/deployments?currency=XYZ", "{\"id\": \"other\", "
        + "\"template\": \"budget\", \"replicas\": 1}");
    assertThat(badApply.status()).isEqualTo(400);
    assertThat(h.engine.get("other")).isEmpty(); // refused before anything was applied
  }

  @Test
  @SuppressWarnings("unchecked")
  void serverless_currencyParameter_convertsEndpointsAndStats() {
    Map<String, Object> created = h.call("POST", "/api/v1/serverless/endpoints?currency=EUR",
        "{\"template\": \"qwen2.5-0.5b\", \"min_instances\": 0, \"max_instances\": 2}").json();
    String id = (String) created.get("id");
    assertThat(created).containsEntry("currency", "EUR");

    Map<String, Object> usd = h.call("GET", "/api/v1/serverless/endpoints/" + id, null).json();
    Map<String, Object> eur = h.call("GET", "/api/v1/serverless/endpoints/" + id + "?currency=EUR", null).json();
    assertThat(usd).doesNotContainKeys("currency", "fx");
    assertThat(num(usd.get("price_per_hour"))).isPositive();
    assertThat(eur).containsEntry("currency", "EUR").containsKey("fx");
    assertThat(num(eur.get("price_per_hour"))).isCloseTo(num(usd.get("price_per_hour")) * 0.853, within(1e-4));
    assertThat((Map<String, Object>) eur.get("metrics")).containsKey("total_cost_24h").doesNotContainKey("currency");

    Map<String, Object> list = h.call("GET", "/api/v1/serverless/endpoints?currency=EUR", null).json();
    assertThat(list).containsEntry("currency", "EUR").containsEntry("total", 1.0);
    assertThat(h.call("GET", "/api/v1/serverless/stats?currency=EUR", null).json())
        .containsEntry("currency", "EUR").containsKey("total_cost_24h");
    assertThat(h.call("GET", "/api/v1/serverless/endpoints/" + id + "/stats?currency=GBP", null).json())
        .containsEntry("currency", "GBP");

    for (String path : List.of("/api/v1/serverless/stats?currency=XYZ", "/api/v1/serverless/endpoints?currency=XYZ",
        "/api/v1/serverless/endpoints/" + id + "?currency=XYZ")) {
      Answer bad = h.call("GET", path, null);
      assertThat(bad.status()).as(path).isEqualTo(400);
      assertThat((String) bad.json().get("detail")).as(path).startsWith("currency:");
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void openApi_documentsTheAuditRouteAndTheCurrencyParameter() {
    Map<String, Object> paths = (Map<String, Object>) h.call("GET", "/openapi.json", null).json().get("paths");

    assertThat(paths).containsKey("/api/v1/audit");
    assertThat(String.valueOf(paths.get("/api/v1/audit"))).contains("principal").contains("failures");
    assertThat(String.valueOf(paths.get("/api/vast/statistics"))).contains("currency");
    for (String p : List.of("/api/v1/deployments", "/api/v1/deployments/{id}", "/api/v1/costs",
        "/api/v1/serverless/endpoints", "/api/v1/serverless/endpoints/{id}", "/api/v1/serverless/endpoints/{id}/stats",
        "/api/v1/serverless/stats")) {
      assertThat(String.valueOf(((Map<String, Object>) paths.get(p)).get("get"))).as(p).contains("name=currency");
    }
    assertThat(String.valueOf(((Map<String, Object>) paths.get("/api/v1/deployments")).get("post")))
        .contains("name=currency");
    assertThat(String.valueOf(((Map<String, Object>) paths.get("/api/v1/deployments/{id}")).get("delete")))
        .doesNotContain("currency");
  }
}
