package com.dumontcloud.sdk.tensordock.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.model.InstanceState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TensorDockStatesTest {
  @ParameterizedTest
  @CsvSource({"running,RUNNING", "Running,RUNNING", "starting,STARTING", "creating,PROVISIONING",
      "stopping,STOPPING", "Stopped,STOPPED", "StoppedDisassociated,STOPPED", "stopped_disassociated,STOPPED",
      "Outbid,INTERRUPTED", "error,FAILED", "terminated,TERMINATED", "deleted,TERMINATED", "relocating,UNKNOWN"})
  void of_anyCase_mapsThroughTheOneTable(String raw, InstanceState expected) {
    assertThat(TensorDockStates.of(raw)).isEqualTo(expected);
  }
}
