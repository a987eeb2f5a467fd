package com.dumontcloud.sdk.serverless;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.serverless.openai.ChatRequest;
import com.dumontcloud.sdk.serverless.openai.Completion;
import com.dumontcloud.sdk.serverless.openai.CompletionRequest;
import com.dumontcloud.sdk.serverless.openai.CompletionStream;
import com.dumontcloud.sdk.testkit.FaultPlan;
import com.dumontcloud.sdk.testkit.modelserver.ModelServerStub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EndpointsFunctionalTest {
  private final SimHarness h = new SimHarness();

  @AfterEach
  void tearDown() {
    h.close();
  }

  @Test
  void scalesFromZeroHoldingTheFirstRequestAndCountsOneColdStart() throws Exception {
    Endpoint ep = h.eps.create(SimHarness.spec().build());
    assertThat(ep.id()).matches("ep-[0-9a-f]{8}");
    h.advance(Duration.ofSeconds(10));
    assertThat(h.eps.get(ep.id()).status()).isEqualTo(EndpointStatus.SCALED_TO_ZERO);
    assertThat(h.liveReplicas(ep.id())).isEmpty();
    EndpointClient client = h.eps.client(ep.id());

    Future<Completion> first = h.submit(() -> client.chat(ChatRequest.of("qwen", "Say hello")));
    SimHarness.await(() -> h.eps.queued(ep.id()) == 1, "request queued");
    h.vs.runDue();
    assertThat(h.eps.get(ep.id()).status()).isEqualTo(EndpointStatus.DEPLOYING);
    assertThat(h.liveReplicas(ep.id())).hasSize(1);
    assertThat(first.isDone()).isFalse();
    Completion c = h.advanceUntilDone(first, Duration.ofSeconds(60));

    assertThat(c.text()).isEqualTo(String.join("", ModelServerStub.tokensFor("Say hello\n", 8)));
    Endpoint running = h.eps.get(ep.id());
    assertThat(running.status()).isEqualTo(EndpointStatus.RUNNING);
    assertThat(running.readyReplicas()).isEqualTo(1);
    EndpointStats s = h.eps.stats(ep.id());
    assertThat(s.coldStarts24h()).isEqualTo(1);
    // launch at t, RUNNING at t+20 s, model loaded at t+25 s, seen by the next 1 s-aligned tick
    assertThat(s.coldStartP50Ms()).isBetween(25_000L, 28_000L);
    assertThat(s.totalRequests24h()).isEqualTo(1);
    assertThat(s.p50LatencyMs()).isGreaterThanOrEqualTo(25_000L);

    Completion second = h.submit(() -> client.chat(ChatRequest.of("qwen", "again"))).get();
    assertThat(second.text()).isNotBlank();
    assertThat(h.eps.stats(ep.id()).coldStarts24h()).isEqualTo(1);
    assertThat(h.eps.stats().toJson()).containsKeys("total_endpoints", "total_requests_24h", "avg_latency_ms",
        "total_cost_24h", "active_instances", "cold_starts_24h").hasSize(6);
  }

  @Test
  void scalesBackToZeroAfterTheIdleTimeout() throws Exception {
    Endpoint ep = h.eps.create(SimHarness.spec().idleTimeout(Duration.ofMinutes(2)).build());
    EndpointClient client = h.eps.client(ep.id());
    h.advanceUntilDone(h.submit(() -> client.chat(ChatRequest.of("m", "hi"))), Duration.ofSeconds(60));
    h.advance(Duration.ofSeconds(100));
    assertThat(h.eps.get(ep.id()).status()).isEqualTo(EndpointStatus.RUNNING);
    h.advance(Duration.ofSeconds(30));
    Endpoint idle = h.eps.get(ep.id());
    assertThat(idle.status()).isEqualTo(EndpointStatus.SCALED_TO_ZERO);
    assertThat(idle.replicas()).isEmpty();
    assertThat(h.liveReplicas(ep.id())).isEmpty();
    assertThat(h.stubs.running()).isZero();
    assertThat(h.eps.stats(ep.id()).cost24h().doubleValue()).isGreaterThan(0);
  }

  @Test
  void burstScalesToMaxAndServesEveryRequest() throws Exception {
    Endpoint ep = h.eps.create(SimHarness.spec().replicas(0, 3).targetConcurrency(1).build());
    EndpointClient client = h.eps.client(ep.id());
    List<Future<Completion>> burst = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      int n = i;
      burst.add(h.submit(() -> client.chat(ChatRequest.of("m", "burst " + n))));
    }
    SimHarness.await(() -> h.eps.queued(ep.id()) == 10, "burst queued");
    h.advance(Duration.ofSeconds(2));
    assertThat(h.liveReplicas(ep.id())).hasSize(3);
    for (Future<Completion> f : burst) assertThat(h.advanceUntilDone(f, Duration.ofSeconds(60)).text()).isNotBlank();
    assertThat(h.eps.get(ep.id()).desiredReplicas()).isEqualTo(3);
    assertThat(h.eps.stats(ep.id()).coldStarts24h()).isEqualTo(1);
    assertThat(h.eps.stats(ep.id()).errors24h()).isZero();
    // scale-down waits for the stable window, then idles to zero
    h.advance(Duration.ofSeconds(30));
    assertThat(h.liveReplicas(ep.id())).hasSize(3);
    h.advance(Duration.ofMinutes(6));
    assertThat(h.liveReplicas(ep.id())).isEmpty();
  }

  @Test
  void spotStockoutFallsBackToOnDemandThenReturnsToSpot() throws Exception {
    h.sim.faults(FaultPlan.none().withStockouts(Set.of("spot")));
    Endpoint ep = h.eps.create(SimHarness.spec().replicas(1, 1).build());
    h.advance(Duration.ofSeconds(40));
    List<Instance> during = h.liveReplicas(ep.id());
    assertThat(during).hasSize(1);
    assertThat(during.get(0).pricingModel()).isEqualTo(PricingModel.ON_DEMAND);
    assertThat(h.eps.get(ep.id()).status()).isEqualTo(EndpointStatus.RUNNING);

    h.sim.faults(FaultPlan.none());
    h.advance(Duration.ofSeconds(4));
    assertThat(h.liveReplicas(ep.id())).extracting(Instance::pricingModel)
        .containsExactlyInAnyOrder(PricingModel.ON_DEMAND, PricingModel.SPOT);
    h.advance(Duration.ofSeconds(40));
    List<Instance> after = h.liveReplicas(ep.id());
    assertThat(after).hasSize(1);
    assertThat(after.get(0).pricingModel()).isEqualTo(PricingModel.SPOT);
    assertThat(h.eps.get(ep.id()).status()).isEqualTo(EndpointStatus.RUNNING);
  }

  @Test
  void interruptedReplicaIsReplacedWhileTrafficGoesToTheOther() throws Exception {
    Endpoint ep = h.eps.create(SimHarness.spec().replicas(2, 2).build());
    h.advance(Duration.ofSeconds(40));
    assertThat(h.eps.get(ep.id()).readyReplicas()).isEqualTo(2);
    EndpointClient client = h.eps.client(ep.id());
    String victim = h.eps.get(ep.id()).replicas().get(0).instanceId();
    h.sim.interrupt(victim);
    for (int i = 0; i < 6; i++) {
      int n = i;
      assertThat(h.submit(() -> client.chat(ChatRequest.of("m", "during " + n))).get().text()).isNotBlank();
    }
    assertThat(h.eps.stats(ep.id()).errors24h()).isZero();
    h.advance(Duration.ofSeconds(40));
    Endpoint healed = h.eps.get(ep.id());
    assertThat(healed.readyReplicas()).isEqualTo(2);
    assertThat(healed.replicas()).extracting(ReplicaInfo::instanceId).doesNotContain(victim);
    assertThat(h.eps.replacements(ep.id())).isEqualTo(1);
    assertThat(h.eps.stats(ep.id()).totalRequests24h()).isEqualTo(6);
  }

  @Test
  void fullQueueIsRejectedAtOnce() {
    h.sim.faults(FaultPlan.none().withStockouts(Set.of("*")));
    Endpoint ep = h.eps.create(SimHarness.spec().queueCapacity(2).build());
    EndpointClient client = h.eps.client(ep.id());
    h.submit(() -> client.chat(ChatRequest.of("m", "1")));
    h.submit(() -> client.chat(ChatRequest.of("m", "2")));
    SimHarness.await(() -> h.eps.queued(ep.id()) == 2, "two queued");
    assertThatThrownBy(() -> client.chat(ChatRequest.of("m", "3")))
        .isInstanceOf(EndpointOverloadedException.class)
        .hasMessageContaining(ep.id()).hasMessageContaining("queue full");
  }

  @Test
  void waitingRequestFailsWithEndpointUnavailableAfterTheColdStartTimeout() {
    h.sim.faults(FaultPlan.none().withStockouts(Set.of("*")));
    Endpoint ep = h.eps.create(SimHarness.spec().coldStartTimeout(Duration.ofSeconds(30)).build());
    EndpointClient client = h.eps.client(ep.id());
    Future<Completion> f = h.submit(() -> client.chat(ChatRequest.of("m", "x")));
    SimHarness.await(() -> h.eps.queued(ep.id()) == 1, "queued");
    h.advance(Duration.ofSeconds(29));
    assertThat(f.isDone()).isFalse();
    h.advance(Duration.ofSeconds(2));
    assertThatThrownBy(f::get).isInstanceOf(ExecutionException.class).cause()
        .isInstanceOf(EndpointUnavailableException.class).hasMessageContaining("no replica became healthy within 30 s");
    assertThat(h.eps.stats(ep.id()).errors24h()).isEqualTo(1);
  }

  @Test
  void streamsServerSentEventsThrough() throws Exception {
    Endpoint ep = h.eps.create(SimHarness.spec().replicas(1, 1).build());
    h.advance(Duration.ofSeconds(30));
    EndpointClient client = h.eps.client(ep.id());
    List<String> chunks = new ArrayList<>();
    try (CompletionStream s = client.chatStream(ChatRequest.of("m", "stream me").withMaxTokens(5))) {
      for (String data : s) chunks.add(CompletionStream.deltaText(data));
    }
    assertThat(chunks).containsExactlyElementsOf(ModelServerStub.tokensFor("stream me\n", 5));
    try (CompletionStream s = client.completeStream(CompletionRequest.of("m", "plain"))) {
      assertThat(s.collectText()).isEqualTo(String.join("", ModelServerStub.tokensFor("plain", 8)));
    }
    assertThat(h.eps.stats(ep.id()).totalRequests24h()).isEqualTo(2);
  }

  @Test
  void routesEmbeddingsImagesTranscriptionsAndCompletions() {
    Endpoint ep = h.eps.create(SimHarness.spec().replicas(1, 1).build());
    h.advance(Duration.ofSeconds(30));
    EndpointClient client = h.eps.client(ep.id());
    assertThat(client.embeddings("e", List.of("a", "b"))).hasSize(2).allSatisfy(v -> assertThat(v).hasSize(8));
    assertThat(client.generateImages("sdxl", "a cat", 2, "512x512")).hasSize(2);
    assertThat(client.transcribe("whisper", new byte[1234], "a.wav")).startsWith("transcribed");
    assertThat(client.complete(CompletionRequest.of("m", "x")).text()).isNotBlank();
    h.stubs.stub(h.eps.get(ep.id()).replicas().get(0).instanceId()).orElseThrow().failNext(1);
    assertThatThrownBy(() -> client.chat(ChatRequest.of("m", "boom"))).isInstanceOf(InferenceException.class)
        .hasMessageContaining("HTTP 500");
    assertThat(h.eps.stats(ep.id()).errors24h()).isEqualTo(1);
  }

  @Test
  void deleteTerminatesReplicasAndForgetsTheEndpoint() {
    Endpoint ep = h.eps.create(SimHarness.spec().replicas(1, 2).build());
    h.advance(Duration.ofSeconds(30));
    assertThat(h.liveReplicas(ep.id())).hasSize(1);
    h.eps.delete(ep.id());
    assertThat(h.liveReplicas(ep.id())).isEmpty();
    assertThat(h.eps.list()).isEmpty();
    assertThatThrownBy(() -> h.eps.get(ep.id())).isInstanceOf(EndpointNotFoundException.class);
  }
}
