package com.dumontcloud.sdk.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.engine.Classifier.Health;
import com.dumontcloud.sdk.engine.Classifier.Kind;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.InstanceState;
import com.dumontcloud.sdk.spi.SpotMarket;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pure part of detection: slot × snapshot → condition, without a cloud. */
class ClassifierTest {
  static final Instant NOW = Instant.parse("2026-01-01T01:00:00Z");
  static final Instant HEALTHY_AT = Instant.parse("2026-01-01T00:59:55Z");

  static Instance inst(InstanceState st) {
    return Instance.builder().id("i-1").providerId("p").state(st).rawStatus(st.name().toLowerCase()).build();
  }

  @Test
  void replica_listingFailed_unknownWhateverElse() {
    assertThat(Classifier.replica(false, null, true, null, true, HEALTHY_AT, NOW).kind()).isEqualTo(Kind.UNKNOWN);
  }

  @Test
  void replica_missingOnce_unknownNotLost() {
    assertThat(Classifier.replica(true, null, false, null, true, HEALTHY_AT, NOW).kind()).isEqualTo(Kind.UNKNOWN);
  }

  @Test
  void replica_missingConfirmed_lostAtLastHealthy() {
    Classifier.Condition c = Classifier.replica(true, null, true, null, true, HEALTHY_AT, NOW);
    assertThat(c.kind()).isEqualTo(Kind.LOST);
    assertThat(c.occurredAt()).isEqualTo(HEALTHY_AT);
    assertThat(c.reason()).isEqualTo("instance disappeared");
  }

  @ParameterizedTest
  @CsvSource({"INTERRUPTED,true,LOST", "FAILED,false,LOST", "TERMINATED,false,LOST", "STOPPED,true,LOST",
      "STOPPED,false,NOT_RUNNING", "STOPPING,true,LOST", "PROVISIONING,false,NOT_RUNNING", "RUNNING,true,RUNNING",
      "RUNNING,false,RUNNING"})
  void replica_byState(InstanceState st, boolean serving, Kind expected) {
    assertThat(Classifier.replica(true, inst(st), false, null, serving, HEALTHY_AT, NOW).kind()).isEqualTo(expected);
  }

  @Test
  void replica_signalOnAStoppedInstance_lostWithTheSignalsReasonAndTime() {
    Instant at = Instant.parse("2026-01-01T00:59:58Z");
    SpotMarket.Interruption sig = new SpotMarket.Interruption("i-1", at, "outbid");
    Classifier.Condition c = Classifier.replica(true, inst(InstanceState.STOPPED), false, sig, false, HEALTHY_AT, NOW);
    assertThat(c.kind()).isEqualTo(Kind.LOST);
    assertThat(c.reason()).isEqualTo("outbid");
    assertThat(c.occurredAt()).isEqualTo(at);
  }

  @Test
  void replica_signalButStillRunning_running() {
    SpotMarket.Interruption sig = new SpotMarket.Interruption("i-1", NOW, "preemption notice");
    assertThat(Classifier.replica(true, inst(InstanceState.RUNNING), false, sig, true, HEALTHY_AT, NOW).kind())
        .isEqualTo(Kind.RUNNING);
  }

  @ParameterizedTest
  @CsvSource({"true,true,0,2,HEALTHY", "true,false,5,2,HEALTHY", "false,false,0,2,BOOTING", "false,true,0,2,SUSPECT",
      "false,true,1,2,FAILED", "false,true,0,1,FAILED", "false,true,1,3,SUSPECT"})
  void probe_thresholds(boolean ok, boolean serving, int before, int threshold, Health expected) {
    assertThat(Classifier.probe(ok, serving, before, threshold)).isEqualTo(expected);
  }
}
