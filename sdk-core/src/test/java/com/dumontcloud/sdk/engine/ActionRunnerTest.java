package com.dumontcloud.sdk.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ActionRunnerTest {
  @Test
  void provider_sameKeyWhileInFlight_refused_thenFreeAfterDrain() {
    try (ActionRunner r = new ActionRunner(2, 1)) {
      assertThat(r.provider("k", "p", () -> null)).isTrue();
      assertThat(r.provider("k", "p", () -> null)).isFalse();
      r.awaitTick(Duration.ofSeconds(5));
      assertThat(r.busy("k")).isTrue(); // outcome not yet applied
      r.drain();
      assertThat(r.busy("k")).isFalse();
    }
  }

  @Test
  void provider_oneQueueRunsInOrder_outcomesDrainInSubmissionOrder() {
    List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
    List<Integer> applied = new ArrayList<>();
    try (ActionRunner r = new ActionRunner(4, 1)) {
      for (int i = 0; i < 20; i++) {
        int n = i;
        r.provider("k" + i, "p", () -> {
          ran.add(n);
          return () -> applied.add(n);
        });
      }
      r.awaitTick(Duration.ofSeconds(5));
      r.drain().forEach(Runnable::run);
    }
    assertThat(ran).isSorted().hasSize(20);
    assertThat(applied).isSorted().hasSize(20);
  }

  @Test
  void data_slowOperation_doesNotHoldProviderCalls_andTheTickWaitIsBounded() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (ActionRunner r = new ActionRunner(2, 1)) {
      r.data("slow", "d", () -> {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return null;
      });
      CountDownLatch providerRan = new CountDownLatch(1);
      r.provider("fast", "p", () -> {
        providerRan.countDown();
        return null;
      });
      r.awaitTick(Duration.ofMillis(50)); // returns although the data operation is stuck
      assertThat(providerRan.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      r.drain();
      assertThat(r.busy("slow")).isTrue();
      assertThat(r.busy("fast")).isFalse();
      release.countDown();
    }
  }

  @Test
  void work_throwingError_surfacesWhenTheOutcomeIsApplied() {
    try (ActionRunner r = new ActionRunner(1, 1)) {
      r.provider("boom", "p", () -> {
        throw new AssertionError("crash");
      });
      r.awaitTick(Duration.ofSeconds(5));
      List<Runnable> out = r.drain();
      assertThat(out).hasSize(1);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> out.get(0).run()).isInstanceOf(AssertionError.class);
    }
  }
}
