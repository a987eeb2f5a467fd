package com.dumontcloud.sdk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.exception.AuthenticationException;
import com.dumontcloud.sdk.exception.NotFoundException;
import com.dumontcloud.sdk.model.CostAnalysis;
import com.dumontcloud.sdk.model.FleetStatistics;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.InstanceState;
import com.dumontcloud.sdk.model.LaunchSpec;
import com.dumontcloud.sdk.model.OfferPage;
import com.dumontcloud.sdk.query.OfferQueries;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same client code, embedded and remote: only the line that makes the client differs. */
class RemoteClientTest {
  @TempDir Path dir;

  @Test
  void offersInstancesCostsAndStatisticsOverTheApi() {
    try (ServerHarness h = new ServerHarness(dir); Dumont remote = Dumont.remote(h.server.uri(), h.key)) {
      assertThat(remote.providerIds()).containsExactly("sim");
      OfferPage page = remote.offers().search(OfferQueries.parse("gpu_ram>=8 dph<0.5 type=on-demand"));
      OfferPage embedded = h.dumont.offers().search(OfferQueries.parse("gpu_ram>=8 dph<0.5 type=on-demand"));
      assertThat(page.offers()).isNotEmpty();
      assertThat(page.offers()).extracting(o -> o.id()).isEqualTo(embedded.offers().stream().map(o -> o.id()).toList());

      Instance i = remote.instances().launch(LaunchSpec.fromTemplate("budget").build());
      assertThat(h.dumont.instances().get(i.id()).labels()).containsAllEntriesOf(i.labels());
      h.vs.advanceBy(Duration.ofHours(2));
      Instance running = remote.instances().get(i.id());
      assertThat(running.state()).isEqualTo(InstanceState.RUNNING);
      assertThat(remote.instances().list(InstanceState.RUNNING, com.dumontcloud.sdk.Instances.Sort.COST))
          .extracting(Instance::id).contains(i.id());
      // costs run on the client's clock (here the wall clock, while the server's cloud runs on virtual time)
      CostAnalysis c = remote.costs().analyze(i.id());
      assertThat(c.costPerHour()).isEqualTo(h.dumont.costs().analyze(i.id()).costPerHour());
      assertThat(c.totalCost().doubleValue()).isPositive();
      FleetStatistics st = remote.instances().statistics();
      assertThat(st.totalInstances()).isEqualTo(h.dumont.instances().statistics().totalInstances());
      remote.instances().destroy(i.id());
      h.vs.advanceBy(Duration.ofMinutes(5));
      assertThat(h.dumont.instances().get(i.id()).state()).isEqualTo(InstanceState.TERMINATED);
      assertThatThrownBy(() -> remote.instances().get("sim-987654321")).isInstanceOf(NotFoundException.class);
    }
  }

  @Test
  void aWrongKeyIsAnAuthenticationError() {
    try (ServerHarness h = new ServerHarness(dir)) {
      assertThatThrownBy(() -> Dumont.remote(h.server.uri(), "dk_00000000_nope"))
          .isInstanceOf(AuthenticationException.class).hasMessageContaining("not valid");
    }
  }
}
