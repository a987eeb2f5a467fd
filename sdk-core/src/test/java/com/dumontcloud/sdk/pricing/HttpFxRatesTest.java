package com.dumontcloud.sdk.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.exception.DumontException;
import com.dumontcloud.sdk.internal.http.FakeScheduler;
import com.dumontcloud.sdk.internal.http.OkHttpTransport;
import com.dumontcloud.sdk.internal.http.TransportSettings;
import com.dumontcloud.sdk.model.Money;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpFxRatesTest {
  private static final Instant T0 = Instant.parse("2026-01-05T17:00:00Z");

  private MockWebServer server;
  private OkHttpClient client;
  private FakeScheduler scheduler;
  private OkHttpTransport transport;
  private String xml;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start(InetAddress.getLoopbackAddress(), 0);
    client = new OkHttpClient.Builder().connectTimeout(2, TimeUnit.SECONDS).readTimeout(5, TimeUnit.SECONDS).build();
    scheduler = new FakeScheduler(T0);
    transport = new OkHttpTransport(client, scheduler, TransportSettings.defaults().withMaxAttempts(1));
    try (InputStream in = getClass().getResourceAsStream("/fx/eurofxref-daily.xml")) {
      xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @AfterEach
  void stop() throws IOException {
    server.shutdown();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  private HttpFxRates.Builder rates() {
    return FxRates.ecb().url(server.url("/stats/eurofxref/eurofxref-daily.xml").toString()).transport(transport)
        .clock(scheduler.clock());
  }

  private void advance(Duration d) {
    scheduler.sleep(d);
  }

  @Test
  void snapshot_ecbDocument_parsesEuroBasedRatesAndDate() throws InterruptedException {
    server.enqueue(new MockResponse().setBody(xml));

    FxRates fx = rates().build().snapshot();

    RecordedRequest req = server.takeRequest(1, TimeUnit.SECONDS);
    assertThat(req.getMethod()).isEqualTo("GET");
    assertThat(req.getPath()).isEqualTo("/stats/eurofxref/eurofxref-daily.xml");
    assertThat(fx.asOf()).isEqualTo(LocalDate.of(2026, 1, 5));
    assertThat(fx.source()).contains("ECB").contains("2026-01-05");
    assertThat(fx.currencies()).contains("EUR", "USD", "JPY", "CHF", "KRW");
    assertThat(fx.rate("EUR", "USD")).isEqualByComparingTo("1.25");
    // cross rate through the euro: 180 JPY per EUR / 1.25 USD per EUR = 144 JPY per USD
    assertThat(fx.rate("USD", "JPY")).isEqualByComparingTo("144");
    assertThat(fx.convert(Money.usd("10"), "EUR").amount()).isEqualByComparingTo("8");
  }

  @Test
  void snapshot_withinRefreshInterval_servesTheCacheWithoutFetching() {
    server.enqueue(new MockResponse().setBody(xml));
    HttpFxRates fx = rates().build();

    fx.snapshot();
    advance(Duration.ofMinutes(59));
    fx.snapshot();

    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void snapshot_refreshFailsWithin72h_usesCachedRatesAndReportsStaleAfter24h() {
    server.enqueue(new MockResponse().setBody(xml));
    HttpFxRates fx = rates().build();
    fx.snapshot();

    server.enqueue(new MockResponse().setResponseCode(500));
    advance(Duration.ofHours(2));
    assertThat(fx.snapshot().asOf()).isEqualTo(LocalDate.of(2026, 1, 5));
    assertThat(fx.stale()).isFalse();

    server.enqueue(new MockResponse().setResponseCode(500));
    advance(Duration.ofHours(23));
    assertThat(fx.snapshot().rate("EUR", "USD")).isEqualByComparingTo("1.25");
    assertThat(fx.stale()).isTrue();
    assertThat(fx.fetchedAt()).isEqualTo(T0);
  }

  @Test
  void snapshot_refreshFailsAfter72h_refusesNamingAgeAndTheWayOut() {
    server.enqueue(new MockResponse().setBody(xml));
    HttpFxRates fx = rates().build();
    fx.snapshot();

    server.enqueue(new MockResponse().setResponseCode(503));
    advance(Duration.ofHours(73));

    assertThatThrownBy(fx::snapshot).isInstanceOf(DumontException.class)
        .hasMessageContaining("73 h old").hasMessageContaining("72 h limit").hasMessageContaining("fx.allow-stale");
  }

  @Test
  void snapshot_refreshFailsAfter72hWithAllowStale_usesTheOldRates() {
    server.enqueue(new MockResponse().setBody(xml));
    HttpFxRates fx = rates().allowStale(true).build();
    fx.snapshot();

    server.enqueue(new MockResponse().setResponseCode(503));
    advance(Duration.ofDays(10));

    assertThat(fx.snapshot().asOf()).isEqualTo(LocalDate.of(2026, 1, 5));
  }

  @Test
  void snapshot_staleCacheRefreshes_whenTheServerAnswersAgain() {
    server.enqueue(new MockResponse().setBody(xml));
    HttpFxRates fx = rates().build();
    fx.snapshot();

    server.enqueue(new MockResponse().setBody(xml.replace("2026-01-05", "2026-01-08").replace("1.2500", "1.2000")));
    advance(Duration.ofHours(80));

    assertThat(fx.snapshot().asOf()).isEqualTo(LocalDate.of(2026, 1, 8));
    assertThat(fx.rate("EUR", "USD")).isEqualByComparingTo("1.2");
    assertThat(fx.stale()).isFalse();
  }

  @Test
  void snapshot_cacheFile_letsANewInstanceStartWithoutFetching(@TempDir Path dir) {
    server.enqueue(new MockResponse().setBody(xml));
    Path cache = dir.resolve("fx/ecb.json");
    rates().cacheFile(cache).build().snapshot();

    advance(Duration.ofMinutes(10));
    FxRates again = rates().cacheFile(cache).build().snapshot();

    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(again.rate("USD", "JPY")).isEqualByComparingTo("144");
  }

  @Test
  void snapshot_noRatesAtAll_failsNamingTheUrl() {
    server.enqueue(new MockResponse().setResponseCode(404));

    assertThatThrownBy(() -> rates().build().snapshot()).isInstanceOf(DumontException.class)
        .hasMessageContaining("cannot get exchange rates from " + server.url("/stats/eurofxref/eurofxref-daily.xml"))
        .hasMessageContaining("fx.source=static");
  }

  @Test
  void parse_doctypeWithExternalEntity_isRefused() {
    String evil = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        + "<Envelope><Cube><Cube time='2026-01-05'><Cube currency='USD' rate='&x;'/></Cube></Cube></Envelope>";
    server.enqueue(new MockResponse().setBody(evil));

    assertThatThrownBy(() -> rates().build().snapshot()).isInstanceOf(DumontException.class)
        .hasMessageContaining("DOCTYPE").hasMessageNotContaining("root:");
  }

  @Test
  void parse_wrongShape_namesWhatIsMissing() {
    server.enqueue(new MockResponse().setBody("<Envelope><Cube><Cube currency='USD' rate='1.1'/></Cube></Envelope>"));

    assertThatThrownBy(() -> rates().build().snapshot()).isInstanceOf(DumontException.class)
        .hasMessageContaining("no Cube with a time attribute");
  }

  @Test
  void convertExact_keepsPrecisionAndRoundingHappensOnceAtTheEdge() {
    server.enqueue(new MockResponse().setBody(xml));
    FxRates fx = rates().build().snapshot();
    // 0.006251 USD x 0.8 = 0.0050008 EUR: exact, where a Money (6 decimals) would already have rounded it
    assertThat(fx.convertExact(Money.usd("0.006251"), "EUR")).isEqualByComparingTo("0.0050008");
    assertThat(fx.convert(Money.usd("0.006251"), "EUR").amount()).isEqualByComparingTo("0.005001");
    CurrencyView eur = CurrencyView.of(fx, "EUR");
    // ties at 2 decimals round half-even: 0.00625 USD -> 0.005 EUR -> 0.00; 0.01875 USD -> 0.015 EUR -> 0.02
    assertThat(eur.rounded(Money.usd("0.00625"), 2)).isEqualByComparingTo("0.00");
    assertThat(eur.rounded(Money.usd("0.01875"), 2)).isEqualByComparingTo("0.02");
    assertThat(eur.rounded(Money.usd("0.006251"), 2)).isEqualByComparingTo("0.01");
  }

  @Test
  void currencyView_displayUsesTheCurrencyMinorUnit() {
    server.enqueue(new MockResponse().setBody(xml));
    FxRates fx = rates().build().snapshot();

    // 0.2345 USD -> 33.768 JPY: JPY has 0 minor digits, so a 4-decimal USD figure shows with 2
    assertThat(CurrencyView.of(fx, "JPY").display(Money.usd("0.2345"), 4)).isEqualByComparingTo("33.77");
    assertThat(CurrencyView.of(fx, "EUR").describe()).containsEntry("currency", "EUR").containsKey("fx");
    assertThat(CurrencyView.usd().describe()).isEmpty();
  }

  @Test
  void currencyView_unknownCode_namesTheSourceAndItsCodes() {
    assertThatThrownBy(() -> CurrencyView.of(FxRates.staticDefault(), "CHF"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'CHF'").hasMessageContaining("static table").hasMessageContaining("EUR");
    assertThatThrownBy(() -> CurrencyView.of(FxRates.staticDefault(), "XYZ"))
        .hasMessageContaining("ISO 4217").hasMessageContaining("'XYZ'");
  }

  @Test
  void userSupplied_ratesAgainstAnyBase() {
    FxRates fx = FxRates.of("EUR", java.util.Map.of("USD", new BigDecimal("1.25"), "CHF", new BigDecimal("0.94")),
        LocalDate.of(2026, 1, 2), "treasury feed");

    assertThat(fx.source()).isEqualTo("treasury feed");
    assertThat(fx.convertExact(Money.usd("1.25"), "CHF")).isEqualByComparingTo("0.94");
  }
}
