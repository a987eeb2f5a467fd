package com.dumontcloud.sdk.store.jdbc;

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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Seed 001's instance DB and execution log in PostgreSQL; statistics count destroyed instances from it. */
class JdbcInstanceRecordsTest {
  @Test
  void launchesAndDestroys_areRecorded_andCountedAfterTheProviderForgetsThem() {
    DataSource db = EmbeddedPostgresSupport.freshDatabase();
    VirtualScheduler time = VirtualScheduler.create();
    double rate;
    try (JdbcStateStore store = JdbcStateStore.builder(db).clock(time.clock()).build()) {
      SimulatedCloud cloud = SimulatedCloud.builder().scheduler(time).seed(3).build();
      try (Dumont d = client(cloud, time, store.instanceRecords(Duration.ofDays(30)))) {
        var offer = d.offers().search(OfferQuery.builder().pricingModel(PricingModel.ON_DEMAND).build()).offers()
            .get(0);
        Instance a = d.instances().launch(LaunchSpec.fromTemplate(MultiReplicaSimulationTest.template()).offer(offer)
            .build());
        rate = a.pricePerHour().doubleValue();
        time.advanceBy(Duration.ofHours(3));
        d.instances().stop(a.id());
        d.instances().destroy(a.id());
      }
      List<Map<String, Object>> recs = store.instanceRecords(Duration.ofDays(30)).all();
      assertThat(recs).hasSize(1);
      Map<String, Object> r = recs.get(0);
      assertThat(r).containsEntry("status", "terminated").containsEntry("image_name", "vllm/vllm-openai:latest")
          .containsKeys("instance_id", "offer_id", "gpu_name", "num_gpus", "gpu_ram", "cost_per_hour", "template_name",
              "created_at", "updated_at", "destroyed_at", "auto_destroy");
      List<Map<String, Object>> logRows = store.executionLog(time.now().minus(Duration.ofDays(1)));
      assertThat(logRows).extracting(m -> m.get("operation")).contains("search_offers", "launch", "stop", "terminate");
      assertThat(logRows).allSatisfy(m -> assertThat(m).containsKeys("operation", "command", "result",
          "execution_time", "success", "metadata"));

      SimulatedCloud forgetful = SimulatedCloud.builder().scheduler(time).seed(4).build();
      try (Dumont d = client(forgetful, time, store.instanceRecords(Duration.ofDays(30)))) {
        FleetStatistics s = d.instances().statistics();
        assertThat(s.destroyedInstances()).isEqualTo(1);
        assertThat(s.totalCost().doubleValue()).isCloseTo(3 * rate, Offset.offset(0.01));
      }
      time.advanceBy(Duration.ofDays(31));
      assertThat(store.instanceRecords(Duration.ofDays(30)).all()).as("past the retention").isEmpty();
    }
  }

  private static Dumont client(SimulatedCloud cloud, VirtualScheduler time, InstanceRecords records) {
    return Dumont.builder().provider("sim").scheduler(time).providerFactories(List.of(cloud.factory()))
        .auditSink(AuditSink.none()).instanceRecords(records).build();
  }
}
