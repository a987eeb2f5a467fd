package com.dumontcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CliCurrencyAuditTest extends CliTestBase {
  private static final String ECB = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      + "<gesmes:Envelope xmlns:gesmes=\"http://www.gesmes.org/xml/2002-08-01\" "
      + "xmlns=\"http://www.ecb.int/vocabulary/2002-08-01/eurofxref\"><gesmes:subject>Reference rates</gesmes:subject>"
      + "<Cube><Cube time='2026-01-05'><Cube currency='USD' rate='1.2500'/><Cube currency='CHF' rate='0.9400'/>"
      + "</Cube></Cube></gesmes:Envelope>";
  private HttpServer fx;

  @AfterEach
  void stopFx() {
    if (fx != null) fx.stop(0);
    System.clearProperty("dumont.fx.source");
    System.clearProperty("dumont.fx.url");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> first(Map<String, Object> page) {
    return ((List<Map<String, Object>>) page.get("offers")).get(0);
  }

  @Test
  void offersSearch_currencyEur_convertsEveryPriceAndStatesTheRates() {
    assertThat(run("offers", "search", "num_gpus=1", "--json")).isZero();
    double usd = ((Number) first(json()).get("dph_total")).doubleValue();

    assertThat(run("offers", "search", "num_gpus=1", "--json", "--currency", "eur")).isZero();
    Map<String, Object> page = json();

    assertThat(page).containsEntry("currency", "EUR");
    assertThat((Map<String, Object>) page.get("fx")).containsEntry("as_of", "2025-06-30");
    assertThat(first(page)).containsEntry("currency", "EUR");
    assertThat(((Number) first(page).get("dph_total")).doubleValue()).isCloseTo(usd * 0.853, within(0.0001));
  }

  @SuppressWarnings("unchecked")
  private static double slotPrice(Map<String, Object> status) {
    return ((Number) ((List<Map<String, Object>>) status.get("slots")).get(0).get("price_per_hour")).doubleValue();
  }

  private static double spend(Map<String, Object> status) {
    return ((Number) status.get("spend")).doubleValue();
  }

  @Test
  @SuppressWarnings("unchecked")
  void deploymentsShow_currencyEur_convertsEveryAmountInPlaceAndStatesTheRatesOnce() throws Exception {
    java.nio.file.Path spec = home.resolve("web.yaml");
    java.nio.file.Files.writeString(spec, "id: web\ntemplate: budget\nreplicas: 1\n");
    assertThat(run("deployments", "apply", "-f", spec.toString(), "--json")).as(stderr()).isZero();

    // spend grows with (real) running time: the EUR figure lies between the USD ones read before and after it
    assertThat(run("deployments", "show", "web", "-o", "json")).as(stderr()).isZero();
    Map<String, Object> before = json();
    assertThat(run("deployments", "show", "web", "-o", "json", "--currency", "EUR")).as(stderr()).isZero();
    Map<String, Object> eur = json();
    assertThat(run("deployments", "show", "web", "-o", "json")).isZero();
    Map<String, Object> after = json();

    assertThat(before).doesNotContainKeys("currency", "fx");
    assertThat(eur).containsEntry("currency", "EUR");
    assertThat((Map<String, Object>) eur.get("fx")).containsEntry("as_of", "2025-06-30");
    assertThat(slotPrice(before)).isPositive();
    assertThat(slotPrice(eur)).isCloseTo(slotPrice(before) * 0.853, within(1e-4));
    assertThat(spend(eur)).isBetween(spend(before) * 0.853 - 1e-4, spend(after) * 0.853 + 1e-4);
    assertThat(((List<Map<String, Object>>) eur.get("slots")).get(0)).doesNotContainKeys("currency", "fx");
    assertThat(eur.get("spec")).isEqualTo(before.get("spec"));

    assertThat(run("deployments", "list", "--json", "--currency", "EUR")).isZero();
    List<Map<String, Object>> list = (List<Map<String, Object>>) com.dumontcloud.sdk.internal.json.MoshiJsonCodec
        .get().parse(stdout());
    assertThat(list).singleElement().satisfies(d -> assertThat(d).containsEntry("currency", "EUR").containsKey("fx"));
    assertThat(run("deployments", "show", "web", "--currency", "EUR")).isZero();
    assertThat(stdout()).contains("PRICE/H").contains(" EUR").doesNotContain("$");
  }

  @Test
  void endpoints_currencyEur_convertsThePriceAndTheCostsAndStatesTheRates() {
    assertThat(run("endpoints", "create", "--template", "qwen2.5-0.5b", "--json")).as(stderr()).isZero();
    String id = (String) json().get("id");
    double usd = ((Number) json().get("price_per_hour")).doubleValue();

    assertThat(run("endpoints", "show", id, "--json", "--currency", "EUR")).as(stderr()).isZero();
    assertThat(json()).containsEntry("currency", "EUR").containsKey("fx");
    assertThat(((Number) json().get("price_per_hour")).doubleValue()).isCloseTo(usd * 0.853, within(1e-4));
    assertThat(run("endpoints", "stats", id, "--json", "--currency", "EUR")).isZero();
    assertThat(json()).containsEntry("currency", "EUR").containsKey("total_cost_24h");
    assertThat(run("endpoints", "list", "--json", "--currency", "EUR")).isZero();
    assertThat(json()).containsEntry("currency", "EUR").containsKey("endpoints");
    assertThat(run("endpoints", "list", "--json")).isZero();
    assertThat(json()).doesNotContainKeys("currency", "fx");
  }

  @Test
  @SuppressWarnings("unchecked")
  void advisorRecommend_currencyEur_convertsTierPrices_andTheTableToo() {
    String[] ask = {"advisor", "recommend", "--model", "meta-llama/Llama-3.1-8B-Instruct", "--provider", "sim"};
    assertThat(run(concat(ask, "-o", "json"))).as(stderr()).isZero();
    Map<String, Object> usd = json();
    assertThat(usd).doesNotContainKeys("currency", "fx");

    assertThat(run(concat(ask, "-o", "json", "--currency", "EUR"))).as(stderr()).isZero();
    Map<String, Object> eur = json();
    assertThat(eur).containsEntry("currency", "EUR");
    assertThat((Map<String, Object>) eur.get("fx")).containsEntry("as_of", "2025-06-30");
    List<Map<String, Object>> u = (List<Map<String, Object>>) usd.get("tiers");
    List<Map<String, Object>> e = (List<Map<String, Object>>) eur.get("tiers");
    assertThat(e).hasSameSizeAs(u).isNotEmpty();
    for (int i = 0; i < u.size(); i++) {
      assertThat(((Number) e.get(i).get("price_per_hour")).doubleValue())
          .isCloseTo(((Number) u.get(i).get("price_per_hour")).doubleValue() * 0.853, within(0.0001));
      assertThat(((Number) e.get(i).get("price_per_million_output_tokens")).doubleValue())
          .isCloseTo(((Number) u.get(i).get("price_per_million_output_tokens")).doubleValue() * 0.853, within(0.0001));
    }

    assertThat(run(concat(ask, "--currency", "EUR"))).as(stderr()).isZero();
    assertThat(stdout()).contains(" EUR").doesNotContain("$");
    assertThat(run(concat(ask, "--currency", "EURO"))).isNotZero();
    assertThat(stderr().strip().lines()).hasSize(1);
    assertThat(stderr()).contains("--currency").contains("'EURO'");
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void currency_notIso_isOneLineNamingTheFlagAndTheWayToTheCodes() {
    assertThat(run("stats", "--currency", "EURO")).isNotZero();

    assertThat(stderr().strip().lines()).hasSize(1);
    assertThat(stderr()).contains("--currency").contains("'EURO'").contains("dumont fx rates")
        .doesNotContain("Exception");
  }

  @Test
  void currency_notInTheStaticTable_namesTheSourceAndItsCodes() {
    assertThat(run("stats", "--currency", "CHF")).isNotZero();

    assertThat(stderr()).contains("no exchange rate for CHF").contains("static table").contains("EUR")
        .contains("fx.source=ecb");
  }

  @Test
  void configCurrency_isTheDefaultOfEveryMoneyCommand() {
    assertThat(run("config", "set", "currency", "gbp")).isZero();

    assertThat(run("stats")).isZero();
    assertThat(stdout()).contains(" GBP").doesNotContain("$");
    assertThat(run("stats", "--currency", "USD")).isZero();
    assertThat(stdout()).contains("$");
  }

  @Test
  void ecbSource_fromALoopbackServer_convertsAndWideOutputStatesSourceAndDate() throws IOException {
    fx = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
    fx.createContext("/eurofxref-daily.xml", x -> {
      byte[] b = ECB.getBytes(StandardCharsets.UTF_8);
      x.sendResponseHeaders(200, b.length);
      x.getResponseBody().write(b);
      x.close();
    });
    fx.start();
    System.setProperty("dumont.fx.source", "ecb");
    System.setProperty("dumont.fx.url", "http://127.0.0.1:" + fx.getAddress().getPort() + "/eurofxref-daily.xml");

    assertThat(run("fx", "rates", "--json")).isZero();
    assertThat(json()).containsEntry("as_of", "2026-01-05");
    assertThat((Map<String, Object>) json().get("rates")).containsKeys("CHF", "EUR", "USD");
    assertThat(((Number) ((Map<String, Object>) json().get("rates")).get("EUR")).doubleValue()).isEqualTo(0.8);

    assertThat(run("offers", "search", "num_gpus=1", "--currency", "CHF", "-o", "wide")).isZero();
    assertThat(stdout()).contains(" CHF").contains("amounts in CHF at ECB reference rates of 2026-01-05")
        .doesNotContain("(rates of 2026-01-05)"); // the source names its date: once
  }

  @Test
  @SuppressWarnings("unchecked")
  void auditQuery_findsTheCliOwnOperationsByActionAndFailures() {
    assertThat(run("instances", "launch", "--template", "budget", "--json")).isZero();

    assertThat(run("audit", "query", "--action", "launch", "--json")).isZero();
    List<Map<String, Object>> records = (List<Map<String, Object>>) json().get("records");
    assertThat(records).isNotEmpty().allSatisfy(r -> assertThat(r).containsEntry("operation", "launch"));

    assertThat(run("audit", "query", "--action", "launch", "--failures", "--json")).isZero();
    assertThat((List<Object>) json().get("records")).isEmpty();
    assertThat(run("audit", "query", "--since", "1h")).isZero();
    assertThat(stdout()).contains("launch");
  }

  @Test
  void auditQuery_badSince_namesTheFlagAndTheForms() {
    assertThat(run("audit", "query", "--since", "yesterday")).isNotZero();

    assertThat(stderr()).contains("--since").contains("'yesterday'").contains("2026-01-05");
  }
}
