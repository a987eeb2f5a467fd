package com.dumontcloud.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VirtualSchedulerTest {
  @Test
  void advanceBy_runsDueTasksInTimeOrder_withClockAtDueTime() {
    VirtualScheduler vs = VirtualScheduler.create();
    List<String> log = new ArrayList<>();
    vs.schedule(() -> log.add("b@" + vs.now()), Duration.ofSeconds(2));
    vs.schedule(() -> log.add("a@" + vs.now()), Duration.ofSeconds(1));
    vs.schedule(() -> log.add("c@" + vs.now()), Duration.ofSeconds(5));
    vs.advanceBy(Duration.ofSeconds(3));
    Instant t0 = VirtualScheduler.DEFAULT_START;
    assertThat(log).containsExactly("a@" + t0.plusSeconds(1), "b@" + t0.plusSeconds(2));
    assertThat(vs.now()).isEqualTo(t0.plusSeconds(3));
  }

  @Test
  void fixedRate_repeats_untilCancelled() {
    VirtualScheduler vs = VirtualScheduler.create();
    int[] n = {0};
    var c = vs.scheduleAtFixedRate(() -> n[0]++, Duration.ZERO, Duration.ofSeconds(10));
    vs.advanceBy(Duration.ofSeconds(35));
    assertThat(n[0]).isEqualTo(4);
    c.cancel();
    vs.advanceBy(Duration.ofMinutes(5));
    assertThat(n[0]).isEqualTo(4);
  }

  @Test
  void sleep_advancesTime_andRunsTasksScheduledInsideTasks() {
    VirtualScheduler vs = VirtualScheduler.create();
    List<Integer> log = new ArrayList<>();
    vs.schedule(() -> vs.schedule(() -> log.add(2), Duration.ofSeconds(1)), Duration.ofSeconds(1));
    vs.sleep(Duration.ofSeconds(5));
    assertThat(log).containsExactly(2);
    assertThat(vs.pendingTasks()).isZero();
  }
}
