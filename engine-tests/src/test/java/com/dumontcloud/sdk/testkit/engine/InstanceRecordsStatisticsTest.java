package com.dumontcloud.sdk.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.audit.AuditSink;
import com.dumontcloud.sdk.audit.InstanceRecords;
import com.dumontcloud.sdk.model.FleetStatistics;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.LaunchSpec;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.testkit.SimulatedCloud;
import com.dumontcloud.sdk.testkit.VirtualScheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file default keeps seed 001's instance records as JSON lines: statistics count destroyed instances and their
 * spend even when the provider no longer lists them (a new simulated cloud knows none, as Vast forgets them).
 */
class InstanceRecordsStatisticsTest {
  @TempDir Path dir;

  @Test
  void destroyedInstances_countInStatistics_afterTheProviderForgetsThem() {
    VirtualScheduler time = VirtualScheduler.create();
    Path file = dir.resolve("state").resolve("instances.jsonl");
    SimulatedCloud cloud = SimulatedCloud.builder().scheduler(time).seed(7).build();
    double rate;
    String kept;
    try (Dumont d = client(cloud, time, file)) {
      var offer = d.offers().search(OfferQuery.builder().pricingModel(PricingModel.ON_DEMAND).build()).offers().get(0);
      Instance a = d.instances().launch(LaunchSpec.fromTemplate(Rig.qwen()).offer(offer).build());
      Instance b = d.instances().launch(LaunchSpec.fromTemplate(Rig.qwen()).offer(offer).build());
      kept = a.id();
      rate = b.pricePerHour().doubleValue();
      time.advanceBy(Duration.ofHours(2));
      d.instances().destroy(b.id());
      List<Map<String, Object>> recs = d.instanceRecords().all();
      assertThat(recs).hasSize(2);
      Map<String, Object> rb = recs.stream().filter(r -> r.get("instance_id").equals(b.id())).findFirst().orElseThrow();
      assertThat(rb).containsKeys("instance_id", "offer_id", "image_name", "status", "gpu_name", "num_gpus", "gpu_ram",
          "cost_per_hour", "template_name", "created_at", "updated_at", "destroyed_at", "auto_destroy");
      assertThat(rb.get("status")).isEqualTo("terminated");
      assertThat(rb.get("image_name")).isEqualTo("vllm/vllm-openai:latest");
    }
    // a new process on a provider that lists neither instance any more
    SimulatedCloud forgetful = SimulatedCloud.builder().scheduler(time).seed(8).build();
    try (Dumont d = client(forgetful, time, file)) {
      FleetStatistics s = d.instances().statistics();
      assertThat(s.totalInstances()).isEqualTo(2);
      assertThat(s.destroyedInstances()).isEqualTo(2);
      assertThat(s.totalCost().doubleValue()).as("b ran 2 h at its rate").isCloseTo(2 * rate,
          org.assertj.core.data.Offset.offset(0.01));
      assertThat(d.instanceRecords().all()).extracting(r -> r.get("instance_id")).contains(kept);
      String destroyedId = d.instanceRecords().all().stream().filter(r -> r.get("destroyed_at") != null)
          .map(r -> (String) r.get("instance_id")).findFirst().orElseThrow();
      var cost = d.costs().analyze(destroyedId); // the provider no longer knows it: from the records
      assertThat(cost.uptimeHours()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.001));
      assertThat(cost.totalCost().doubleValue()).isCloseTo(2 * rate, org.assertj.core.data.Offset.offset(0.01));
    }
  }

  @Test
  void retention_dropsLongDestroyedRecordsOnOpen() {
    VirtualScheduler time = VirtualScheduler.create();
    Path file = dir.resolve("instances.jsonl");
    SimulatedCloud cloud = SimulatedCloud.builder().scheduler(time).seed(9).build();
    try (Dumont d = client(cloud, time, file)) {
      var offer = d.offers().search(OfferQuery.builder().pricingModel(PricingModel.ON_DEMAND).build()).offers().get(0);
      Instance a = d.instances().launch(LaunchSpec.fromTemplate(Rig.qwen()).offer(offer).build());
      d.instances().destroy(a.id());
    }
    time.advanceBy(Duration.ofDays(40));
    InstanceRecords kept = InstanceRecords.jsonLines(file, Duration.ofDays(90), time.clock());
    assertThat(kept.all()).hasSize(1);
    InstanceRecords pruned = InstanceRecords.jsonLines(file, Duration.ofDays(30), time.clock());
    assertThat(pruned.all()).isEmpty();
  }

  private static Dumont client(SimulatedCloud cloud, VirtualScheduler time, Path file) {
    return Dumont.builder().provider("sim").scheduler(time).providerFactories(List.of(cloud.factory()))
        .auditSink(AuditSink.none()).instanceRecords(InstanceRecords.jsonLines(file, Duration.ofDays(30), time.clock()))
        .build();
  }
}
