package com.dumontcloud.sdk.testkit.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.testkit.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class LlmReplayTest {
  private final VirtualScheduler vs = VirtualScheduler.create();

  /** One replica that is ready from t = 5 s: earlier requests wait for it; every third request is refused. */
  private final class LateReplica implements LlmReplay.Router {
    final List<Duration> completed = new ArrayList<>();
    final List<CompletableFuture<LlmReplay.Lease>> waiting = new ArrayList<>();
    int calls;

    LateReplica() {
      vs.schedule(() -> waiting.forEach(f -> f.complete(lease())), Duration.ofSeconds(5));
    }

    LlmReplay.Lease lease() {
      return new LlmReplay.Lease() {
        public String replicaId() { return "r1"; }
        public void complete(boolean ok, Duration serviceTime) { completed.add(serviceTime); }
      };
    }

    @Override
    public CompletableFuture<LlmReplay.Lease> acquire(Instant arrivedAt) {
      if (++calls % 3 == 0) return CompletableFuture.failedFuture(new IllegalStateException("queue full"));
      if (vs.now().isBefore(VirtualScheduler.DEFAULT_START.plusSeconds(5))) {
        CompletableFuture<LlmReplay.Lease> f = new CompletableFuture<>();
        waiting.add(f);
        return f;
      }
      return CompletableFuture.completedFuture(lease());
    }
  }

  @Test
  void everyRequestEndsAnsweredOrAsAnErrorWithQueueWaitsInItsLatency() {
    List<LlmRequest> reqs = new ArrayList<>();
    for (int i = 0; i < 12; i++) reqs.add(new LlmRequest(i * 1000L, 500, 11));
    LateReplica router = new LateReplica();
    LlmReplay replay = LlmReplay.start(vs, LlmTrace.of("t", reqs), LlmServiceModel.defaults(), router);
    assertThat(replay.pending()).isEqualTo(12);
    vs.advanceBy(Duration.ofMinutes(1));
    assertThat(replay.finished()).isTrue();
    LlmReplay.Summary s = replay.summary();
    assertThat(s.errors()).isEqualTo(4);
    assertThat(s.answered()).isEqualTo(8);
    assertThat(router.completed).hasSize(8);
    LlmReplay.Outcome first = replay.outcomes().get(0);
    assertThat(first.acquiredAt()).isEqualTo(VirtualScheduler.DEFAULT_START.plusSeconds(5));
    // waited 5 s, then 150 ms + 100 ms prefill + 10 tokens at 50 tok/s alone
    assertThat(first.timeToFirstToken()).isGreaterThanOrEqualTo(Duration.ofMillis(5250));
    assertThat(first.latency()).isGreaterThan(first.timeToFirstToken());
    assertThat(s.p99Ms()).isGreaterThanOrEqualTo(5450);
    assertThat(replay.outcomes().get(2).error()).isEqualTo("queue full");
    assertThat(replay.replicasUsed()).isEqualTo(1);
  }

  @Test
  void nearestRankPercentiles() {
    long[] v = {5, 1, 4, 2, 3};
    assertThat(LlmReplay.percentileOf(v, 0.5)).isEqualTo(3);
    assertThat(LlmReplay.percentileOf(v, 0.99)).isEqualTo(5);
    assertThat(LlmReplay.percentileOf(v, 0.0)).isEqualTo(1);
    assertThat(LlmReplay.percentile(new long[0], 0.5)).isZero();
  }
}
