package com.dumontcloud.sdk.testkit.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.Secret;
import com.dumontcloud.sdk.engine.EngineEvent;
import com.dumontcloud.sdk.testkit.VirtualScheduler;
import com.dumontcloud.sdk.webhook.WebhookDelivery;
import com.dumontcloud.sdk.webhook.WebhookEndpoint;
import com.dumontcloud.sdk.webhook.WebhookListener;
import com.dumontcloud.sdk.webhook.WebhookSignature;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookListenerTest {
  private static final String SECRET = "whsec-0123456789abcdef-planted";
  private static final Instant T0 = Instant.parse("2026-01-05T12:00:00Z");

  /** What the loopback receiver got. */
  record Received(String body, Map<String, List<String>> headers, String thread) {
    String header(String name) {
      for (var e : headers.entrySet()) if (e.getKey().equalsIgnoreCase(name)) return e.getValue().get(0);
      return null;
    }
  }

  private HttpServer receiver;
  private final BlockingQueue<Integer> answers = new ArrayBlockingQueue<>(16);
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private final VirtualScheduler scheduler = VirtualScheduler.startingAt(T0);
  private String url;

  @BeforeEach
  void start() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    receiver.createContext("/hook", x -> {
      String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      received.add(new Received(body, Map.copyOf(x.getRequestHeaders()), Thread.currentThread().getName()));
      Integer status = answers.poll();
      if (status == null) status = 200;
      if (status == 0) { // hang until the test ends: the sender's timeout must fire
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        status = 200;
      }
      x.sendResponseHeaders(status, -1);
      x.close();
    });
    receiver.start();
    url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
  }

  @AfterEach
  void stop() {
    release.countDown();
    receiver.stop(0);
  }

  private WebhookEndpoint endpoint(String... types) {
    return WebhookEndpoint.builder(url).secret(Secret.of(SECRET)).events(List.of(types)).build();
  }

  /** Runs deliveries on the calling thread, so virtual time alone drives the retries. */
  private WebhookListener.Builder listener(WebhookEndpoint e) {
    return WebhookListener.builder(scheduler).addEndpoint(e).executor(Runnable::run);
  }

  private static EngineEvent failover() {
    return new EngineEvent.FailoverStarted(T0, "llm", "replica-0", "sim-7");
  }

  @Test
  void onEvent_deliversTheEventsJsonSignedOverTimestampAndBody() {
    try (WebhookListener hooks = listener(endpoint("failover_started")).build()) {
      hooks.onEvent(failover());

      assertThat(received).hasSize(1);
      Received r = received.get(0);
      assertThat(r.body()).isEqualTo(failover().toJson());
      assertThat(r.header("X-Dumont-Event")).isEqualTo("failover_started");
      assertThat(r.header("Content-Type")).startsWith("application/json");
      assertThat(r.header(WebhookSignature.TIMESTAMP_HEADER)).isEqualTo(Long.toString(T0.getEpochSecond()));
      assertThat(WebhookSignature.verify(SECRET, r.header(WebhookSignature.TIMESTAMP_HEADER),
          r.header(WebhookSignature.SIGNATURE_HEADER), r.body(), T0.plusSeconds(30))).isTrue();
      assertThat(WebhookSignature.verify("another-secret-of-16+", r.header(WebhookSignature.TIMESTAMP_HEADER),
          r.header(WebhookSignature.SIGNATURE_HEADER), r.body(), T0)).isFalse();
      assertThat(WebhookSignature.verify(SECRET, r.header(WebhookSignature.TIMESTAMP_HEADER),
          r.header(WebhookSignature.SIGNATURE_HEADER), r.body().replace("llm", "xxx"), T0)).isFalse();
      assertThat(hooks.deliveries()).singleElement().satisfies(d -> {
        assertThat(d.outcome()).isEqualTo(WebhookDelivery.Outcome.DELIVERED);
        assertThat(d.status()).isEqualTo(200);
        assertThat(d.attempts()).isEqualTo(1);
        assertThat(d.eventType()).isEqualTo("failover_started");
      });
    }
  }

  @Test
  void verify_replayWindow_rejectsTimestampsOlderThanFiveMinutes() {
    try (WebhookListener hooks = listener(endpoint()).build()) {
      hooks.onEvent(failover());
    }
    Received r = received.get(0);
    String ts = r.header(WebhookSignature.TIMESTAMP_HEADER);
    String sig = r.header(WebhookSignature.SIGNATURE_HEADER);

    assertThat(WebhookSignature.verify(SECRET, ts, sig, r.body(), T0.plus(Duration.ofMinutes(5)))).isTrue();
    assertThat(WebhookSignature.verify(SECRET, ts, sig, r.body(), T0.plus(Duration.ofMinutes(5)).plusSeconds(1)))
        .isFalse();
    assertThat(WebhookSignature.verify(SECRET, ts, sig, r.body(), T0.minus(Duration.ofMinutes(6)))).isFalse();
    assertThat(WebhookSignature.verify(SECRET, "soon", sig, r.body(), T0)).isFalse();
    assertThat(WebhookSignature.verify(SECRET, ts, null, r.body(), T0)).isFalse();
  }

  @Test
  void onEvent_unwantedType_isNotSent() {
    try (WebhookListener hooks = listener(endpoint("failover_completed")).build()) {
      hooks.onEvent(failover());

      assertThat(received).isEmpty();
      assertThat(hooks.deliveries()).isEmpty();
    }
  }

  @Test
  void onEvent_500Then200_retriesAfterTheBackoffOnVirtualTime() {
    answers.add(500);
    try (WebhookListener hooks = listener(endpoint()).build()) {
      hooks.onEvent(failover());

      assertThat(received).hasSize(1);
      assertThat(hooks.deliveries().get(0).outcome()).isEqualTo(WebhookDelivery.Outcome.PENDING);
      assertThat(hooks.deliveries().get(0).status()).isEqualTo(500);
      scheduler.advanceBy(Duration.ofMillis(999));
      assertThat(received).hasSize(1);
      scheduler.advanceBy(Duration.ofMillis(1));

      assertThat(received).hasSize(2);
      WebhookDelivery d = hooks.deliveries().get(0);
      assertThat(d.outcome()).isEqualTo(WebhookDelivery.Outcome.DELIVERED);
      assertThat(d.attempts()).isEqualTo(2);
      assertThat(received.get(0).header("X-Dumont-Delivery")).isEqualTo(received.get(1).header("X-Dumont-Delivery"));
      // the retry is signed with the time it is sent at
      assertThat(received.get(1).header(WebhookSignature.TIMESTAMP_HEADER))
          .isEqualTo(Long.toString(T0.plusSeconds(1).getEpochSecond()));
    }
  }

  @Test
  void onEvent_alwaysFailing_givesUpAfterThreeAttemptsAndLogsIt() {
    answers.addAll(List.of(503, 502, 500, 500));
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (WebhookListener hooks = listener(endpoint()).build()) {
      hooks.onEvent(failover());
      scheduler.advanceBy(Duration.ofSeconds(1)); // 2nd attempt
      scheduler.advanceBy(Duration.ofSeconds(2)); // 3rd attempt after 2 s (doubling)
      scheduler.advanceBy(Duration.ofMinutes(10)); // nothing more

      assertThat(received).hasSize(3);
      assertThat(hooks.deliveries(null, url, WebhookDelivery.Outcome.FAILED)).singleElement().satisfies(d -> {
        assertThat(d.attempts()).isEqualTo(3);
        assertThat(d.status()).isEqualTo(500);
        assertThat(d.error()).isEqualTo("HTTP 500");
      });
    } finally {
      System.setErr(err);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log).contains("webhook delivery failed").contains("attempts=3").doesNotContain(SECRET);
  }

  @Test
  void onEvent_4xx_failsAtOnceWithoutRetrying() {
    answers.add(401);
    try (WebhookListener hooks = listener(endpoint()).build()) {
      hooks.onEvent(failover());
      scheduler.advanceBy(Duration.ofMinutes(1));

      assertThat(received).hasSize(1);
      assertThat(hooks.deliveries().get(0).outcome()).isEqualTo(WebhookDelivery.Outcome.FAILED);
      assertThat(hooks.deliveries().get(0).status()).isEqualTo(401);
    }
  }

  @Test
  void onEvent_receiverHangs_attemptTimesOut() {
    answers.add(0);
    try (WebhookListener hooks = listener(endpoint()).timeout(Duration.ofMillis(300)).maxAttempts(1).build()) {
      hooks.onEvent(failover());

      WebhookDelivery d = hooks.deliveries().get(0);
      assertThat(d.outcome()).isEqualTo(WebhookDelivery.Outcome.FAILED);
      assertThat(d.status()).isNull();
      assertThat(d.error()).isEqualTo("timed out");
    }
  }

  @Test
  void onEvent_defaultExecutor_sendsOffTheCallingThread() throws InterruptedException {
    CountDownLatch got = new CountDownLatch(1);
    try (WebhookListener hooks = WebhookListener.builder(scheduler).addEndpoint(endpoint()).build()) {
      String caller = Thread.currentThread().getName();
      hooks.onEvent(failover());
      for (int i = 0; i < 100 && hooks.deliveries().get(0).outcome() == WebhookDelivery.Outcome.PENDING; i++) {
        got.await(50, TimeUnit.MILLISECONDS);
      }
      assertThat(hooks.deliveries().get(0).outcome()).isEqualTo(WebhookDelivery.Outcome.DELIVERED);
      assertThat(received).hasSize(1);
      assertThat(caller).doesNotStartWith("sdk-webhook");
    }
  }

  @Test
  void toString_andTheLog_neverShowTheSecret() {
    WebhookEndpoint e = WebhookEndpoint.builder(url + "?token=abc123secret").secret(Secret.of(SECRET)).build();
    try (WebhookListener hooks = listener(e).build()) {
      hooks.onEvent(failover());

      assertThat(e.toString()).doesNotContain(SECRET).doesNotContain("abc123secret").contains("****");
      assertThat(hooks.toString()).doesNotContain(SECRET);
      assertThat(hooks.deliveries().toString()).doesNotContain(SECRET).doesNotContain("abc123secret");
    }
  }

  @Test
  void endpoint_shortOrMissingSecret_isRefusedWithTheFix() {
    assertThatThrownBy(() -> WebhookEndpoint.builder(url).secret(Secret.of("short")).build())
        .hasMessageContaining("at least 16 characters").hasMessageNotContaining("short'");
    assertThatThrownBy(() -> WebhookEndpoint.builder("ftp://x").secret(Secret.of(SECRET)).build())
        .hasMessageContaining("http(s) URL");
  }
}
