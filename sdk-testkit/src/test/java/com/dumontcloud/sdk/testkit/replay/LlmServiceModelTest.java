package com.dumontcloud.sdk.testkit.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.testkit.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LlmServiceModelTest {
  private final VirtualScheduler vs = VirtualScheduler.create();
  private final LlmServiceModel model = LlmServiceModel.defaults();

  private static long ms(Instant from, Instant to) {
    return Duration.between(from, to).toMillis();
  }

  @Test
  void aRequestAloneTakesOverheadPlusPrefillPlusDecode() {
    LlmServiceModel.Server server = model.server(vs);
    Instant t0 = vs.now();
    List<LlmServiceModel.Sequence> done = new ArrayList<>();
    server.submit(1000, 101, done::add);
    vs.advanceBy(Duration.ofMinutes(1));
    assertThat(done).hasSize(1);
    LlmServiceModel.Sequence s = done.get(0);
    // 150 ms + 1000 / 5000 s prefill; then 100 more tokens at 50 tok/s
    assertThat(ms(t0, s.firstTokenAt())).isEqualTo(350);
    assertThat(ms(t0, s.doneAt())).isEqualTo(350 + 2000);
    assertThat(model.isolatedServiceTime(1000, 101).toMillis()).isEqualTo(2350);
  }

  @Test
  void tokenCountsMatter() {
    LlmServiceModel.Server a = model.server(vs);
    LlmServiceModel.Server b = model.server(vs);
    LlmServiceModel.Server c = model.server(vs);
    Instant t0 = vs.now();
    List<LlmServiceModel.Sequence> small = new ArrayList<>();
    List<LlmServiceModel.Sequence> longPrompt = new ArrayList<>();
    List<LlmServiceModel.Sequence> longAnswer = new ArrayList<>();
    a.submit(500, 20, small::add);
    b.submit(5000, 20, longPrompt::add);
    c.submit(500, 400, longAnswer::add);
    vs.advanceBy(Duration.ofMinutes(1));
    // a long prompt delays the first token; a long answer only the end
    assertThat(ms(t0, longPrompt.get(0).firstTokenAt())).isGreaterThan(ms(t0, small.get(0).firstTokenAt()) + 800);
    assertThat(longAnswer.get(0).firstTokenAt()).isEqualTo(small.get(0).firstTokenAt());
    assertThat(ms(t0, longAnswer.get(0).doneAt())).isGreaterThan(ms(t0, small.get(0).doneAt()) + 7000);
  }

  @Test
  void concurrentRequestsFinishLaterThanOneAlone() {
    LlmServiceModel model = LlmServiceModel.builder().contention(0.1).build();
    Instant t0 = vs.now();
    List<LlmServiceModel.Sequence> alone = new ArrayList<>();
    model.server(vs).submit(1000, 101, alone::add);
    LlmServiceModel.Server shared = model.server(vs);
    List<LlmServiceModel.Sequence> eight = new ArrayList<>();
    for (int i = 0; i < 8; i++) shared.submit(1000, 101, eight::add);
    assertThat(shared.active()).isEqualTo(8);
    vs.advanceBy(Duration.ofMinutes(1));
    assertThat(eight).hasSize(8);
    long one = ms(t0, alone.get(0).doneAt());
    for (LlmServiceModel.Sequence s : eight) {
      // prefill shared by 8: 150 + 8 × 200 ms; decode at 50 / (1 + 0.1 × 7) tok/s
      assertThat(ms(t0, s.firstTokenAt())).isEqualTo(150 + 1600);
      assertThat(ms(t0, s.doneAt())).isEqualTo(150 + 1600 + Math.round(100 / (50 / 1.7) * 1000));
      assertThat(ms(t0, s.doneAt())).isGreaterThan(one);
    }
    // but the replica's throughput grows with the batch: 8 answers in far less than 8 × one
    assertThat(ms(t0, eight.get(7).doneAt())).isLessThan(8 * one / 2);
  }

  @Test
  void aLateArrivalSlowsTheRunningSequenceFromThenOn() {
    LlmServiceModel m = LlmServiceModel.builder().overhead(Duration.ZERO).contention(1.0).build();
    LlmServiceModel.Server server = m.server(vs);
    Instant t0 = vs.now();
    List<LlmServiceModel.Sequence> first = new ArrayList<>();
    server.submit(0, 101, first::add); // 100 decode tokens at 50 tok/s alone = 2 s
    vs.advanceBy(Duration.ofSeconds(1)); // 50 done
    server.submit(0, 1_000, s -> {});
    vs.advanceBy(Duration.ofSeconds(10));
    // the other 50 at 25 tok/s (α = 1, two sequences): 2 s more
    assertThat(ms(t0, first.get(0).doneAt())).isEqualTo(3000);
  }

  @Test
  void aFullBatchQueuesAtTheReplicaAndTheWaitCountsInTheFirstToken() {
    LlmServiceModel m = LlmServiceModel.builder().maxBatch(2).build();
    LlmServiceModel.Server server = m.server(vs);
    Instant t0 = vs.now();
    List<LlmServiceModel.Sequence> done = new ArrayList<>();
    for (int i = 0; i < 3; i++) server.submit(100, 51, done::add);
    assertThat(server.active()).isEqualTo(2);
    assertThat(server.waiting()).isEqualTo(1);
    vs.advanceBy(Duration.ofMinutes(1));
    assertThat(done).hasSize(3);
    LlmServiceModel.Sequence third = done.get(2);
    assertThat(third.startedAt()).isEqualTo(done.get(0).doneAt());
    assertThat(ms(t0, third.firstTokenAt())).isGreaterThan(ms(t0, done.get(0).doneAt()));
    assertThat(server.served()).isEqualTo(3);
  }

  @Test
  void steadyStateEstimateUsesTheBatchDecodeRate() {
    LlmServiceModel model = LlmServiceModel.builder().contention(0.1).build();
    assertThat(model.decodeRate(1)).isEqualTo(50.0);
    assertThat(model.decodeRate(11)).isEqualTo(25.0);
    assertThat(model.serviceTimeAt(1000, 101, 11).toMillis()).isEqualTo(150 + 200 + 4000);
  }

  @Test
  void defaultsAreTheDocumentedConstants() {
    assertThat(model.overhead()).isEqualTo(Duration.ofMillis(150));
    assertThat(model.prefillTokensPerSecond()).isEqualTo(5000);
    assertThat(model.decodeTokensPerSecond()).isEqualTo(50);
    assertThat(model.contention()).isEqualTo(0.02);
    assertThat(model.maxBatch()).isEqualTo(64);
    // the class comment's example: 1000 in, 100 out, in a batch of 8
    assertThat(model.serviceTimeAt(1000, 100, 8).toMillis()).isEqualTo(150 + 200 + 2257);
  }

  @Test
  void badConstantsAreRefusedWithTheirName() {
    assertThatThrownBy(() -> LlmServiceModel.builder().decodeTokensPerSecond(0)).hasMessageContaining("decode");
    assertThatThrownBy(() -> LlmServiceModel.builder().maxBatch(0)).hasMessageContaining("maxBatch");
    assertThatThrownBy(() -> LlmServiceModel.builder().contention(Double.NaN)).hasMessageContaining("contention");
  }
}
