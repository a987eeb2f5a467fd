package com.dumontcloud.sdk.vast;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.spi.InstanceLogs;
import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.Secret;
import com.dumontcloud.sdk.audit.AuditRecord;
import com.dumontcloud.sdk.audit.InMemoryAuditSink;
import com.dumontcloud.sdk.exception.DumontException;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.Labels;
import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.model.TemplateCategory;
import com.dumontcloud.sdk.spi.AccountBalance;
import com.dumontcloud.sdk.spi.CloudProvider;
import com.dumontcloud.sdk.spi.ProviderLaunchRequest;
import com.dumontcloud.sdk.spi.SpotMarket;
import com.dumontcloud.sdk.spi.Volumes;
import com.dumontcloud.sdk.testkit.vast.Fault;
import com.dumontcloud.sdk.testkit.vast.FakeVastOffer;
import com.dumontcloud.sdk.testkit.vast.FakeVastServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A key planted in the configuration never appears in a URL, a query string, a body sent, an exception (message,
 * toString, suppressed, cause), an audit record or a log line — across every operation, including the error paths
 * where Vast echoes it back.
 */
class VastSecretFunctionalTest {
  private static final String PLANTED = "PLANTED-vast-key-9f8e7d6c5b4a3210";

  @Test
  void plantedKey_onlyEverTravelsInTheAuthorizationHeader() {
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    PrintStream originalErr = System.err;
    InMemoryAuditSink audit = InMemoryAuditSink.create();
    List<Throwable> errors = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
    try (FakeVastServer fake = FakeVastServer.start().apiKey(PLANTED);
        Dumont d = Dumont.builder()
            .provider("vast", s -> s.apiKey(Secret.of(PLANTED)).baseUrl(fake.baseUrl()))
            .scheduler(new ManualScheduler()).environment(k -> null).systemProperties(k -> null)
            .offerCacheTtl(Duration.ZERO).maxAttempts(1).auditSink(audit).home(Path.of("target", "dumont-home"))
            .build()) {
      CloudProvider vast = d.provider("vast");
      texts.add(d.toString());
      texts.add(vast.toString());
      texts.add(String.valueOf(d.configKeysSet("vast")));
      fake.addOffer(FakeVastOffer.builder().id(4242).dphTotal(0.3).minBid(0.1));
      fake.addVolume(Map.of("id", 12345L, "disk_space", 100.0));

      Offer offer = vast.searchOffers(OfferQuery.all()).get(0);
      Template t = Template.builder("t", "nginx").displayName("t").description("").category(TemplateCategory.GENERAL)
          .port(80).healthPath("/").build();
      Instance i = vast.launch(new ProviderLaunchRequest(offer, t, Map.of(Labels.KEY, "secret-test"), "secret-test",
          PricingModel.ON_DEMAND, null, 10));
      fake.settle();
      texts.add(vast.get(i.id()).toString());
      texts.add(vast.list(Map.of()).toString());
      vast.setLabels(i.id(), Map.of(Labels.KEY, "secret-test", "x", "y"));
      vast.stop(i.id());
      vast.start(i.id());
      SpotMarket spot = vast.capability(SpotMarket.class).orElseThrow();
      spot.changeBid(i.id(), Money.usd(0.5));
      texts.add(spot.interruptions(List.of(i.id()), Instant.EPOCH).toString());
      texts.add(vast.capability(Volumes.class).orElseThrow().listVolumes().toString());
      texts.add(vast.capability(AccountBalance.class).orElseThrow().balance().toString()); // the answer carries api_key
      texts.add(vast.capability(VastTemplates.class).orElseThrow().searchTemplates("").toString());
      texts.add(vast.capability(InstanceLogs.class).orElseThrow().logs(i.id(), 50));

      // error paths, some of which echo the key back
      fake.failNext("GET", "/api/v0/users/current/", Fault.malformed("{\"api_key\": \"" + PLANTED + "\", \"credit\": \"x\"}"));
      fake.failNext("GET", "/api/v0/instances/", Fault.status(400, "{\"success\": false, \"error\": \"invalid_args\", "
          + "\"msg\": \"key " + PLANTED + " is not allowed\"}"));
      fake.failNext("PUT", "/api/v0/instances/", Fault.status(500, "Authorization: Bearer " + PLANTED));
      fake.failNext("*", "/", Fault.rateLimited(Fault.RateLimitStyle.PLAIN));
      collect(errors, () -> vast.searchOffers(OfferQuery.all()));
      collect(errors, () -> vast.capability(AccountBalance.class).orElseThrow().balance());
      collect(errors, () -> vast.get(i.id()));
      collect(errors, () -> vast.stop(i.id()));
      fake.apiKey("some-other-key");
      collect(errors, () -> vast.list(Map.of()));
      fake.apiKey(PLANTED);
      vast.terminate(i.id());
      vast.terminate(i.id());

      assertThat(errors).hasSize(5);
      assertThat(errors).extracting(Throwable::getMessage)
          .anySatisfy(m -> assertThat(m).contains("is not allowed").contains("****"))
          .anySatisfy(m -> assertThat(m).contains("too frequent"));
      assertThat(fake.calls()).isNotEmpty().allSatisfy(c -> {
        assertThat(c.keyInUrl()).isFalse();
        assertThat(c.path() + "?" + c.query()).doesNotContain(PLANTED);
        assertThat(c.body()).doesNotContain(PLANTED);
        if (c.path().startsWith("/fake-logs/")) {
          assertThat(c.authorization()).as("log downloads go to another host: never send the key").isNull();
        } else {
          assertThat(c.authorization()).isEqualTo("Bearer " + PLANTED);
        }
      });
    } finally {
      System.setErr(originalErr);
    }
    for (Throwable e : errors) {
      assertThat(e).isInstanceOf(DumontException.class);
      for (Throwable x = e; x != null; x = x.getCause()) {
        texts.add(x.toString());
        texts.add(String.valueOf(x.getMessage()));
        for (Throwable s : x.getSuppressed()) texts.add(s.toString());
      }
    }
    for (AuditRecord r : audit.records()) texts.add(r.toString());
    String log = logs.toString(StandardCharsets.UTF_8);
    assertThat(log).as("the test logs at DEBUG").contains("vast");
    texts.add(log);
    assertThat(audit.records()).isNotEmpty();
    assertThat(texts).allSatisfy(s -> assertThat(s).doesNotContain(PLANTED));
  }

  private static void collect(List<Throwable> errors, Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      errors.add(e);
    }
  }
}
