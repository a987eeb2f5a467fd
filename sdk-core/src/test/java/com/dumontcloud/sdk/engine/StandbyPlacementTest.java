package com.dumontcloud.sdk.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.catalog.TemplateCatalog;
import com.dumontcloud.sdk.model.CpuFallback;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.model.Template;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The standby's provider-side search and the serving endpoint's wire form. */
class StandbyPlacementTest {
  private static DeploymentSpec spec(Template t, StandbyPolicy sb) {
    return DeploymentSpec.builder("svc", t).standby(sb).build();
  }

  @Test
  void standbyQuery_pushesCpuOnlyMinimumsAndPriceCapToTheProvider() {
    Template t = TemplateCatalog.get("qwen2.5-0.5b").withCpuFallback(CpuFallback.llamaCpp("x/y-GGUF", 4, 8));
    StandbyPolicy asked = Orchestrator.standbyPolicy(spec(t, StandbyPolicy.cpuSpot()), PricingModel.SPOT);
    OfferQuery q = Orchestrator.standbyQuery(asked);

    assertThat(q.pricingModel()).isEqualTo(PricingModel.SPOT);
    assertThat(q.filters()).containsExactlyInAnyOrder(
        new OfferQuery.Filter("num_gpus", OfferQuery.Op.EQ, 0.0),
        new OfferQuery.Filter("cpu_cores", OfferQuery.Op.GE, 4.0),
        new OfferQuery.Filter("cpu_ram", OfferQuery.Op.GE, 8.0),
        new OfferQuery.Filter("dph", OfferQuery.Op.LE, 0.05));
  }

  @Test
  void standbyPolicy_takesTheLargerMinimumOfPolicyAndFallback_andKeepsCpuOnlyOff() {
    Template t = TemplateCatalog.get("qwen2.5-0.5b").withCpuFallback(CpuFallback.llamaCpp("x/y-GGUF", 2, 16));
    StandbyPolicy asked = Orchestrator.standbyPolicy(
        spec(t, StandbyPolicy.cpuSpot().withMinimums(8, 4).withCpuOnly(false)), PricingModel.ON_DEMAND);
    assertThat(asked.minVcpus()).isEqualTo(8);
    assertThat(asked.minRamGib()).isEqualTo(16);
    assertThat(asked.pricingModel()).isEqualTo(PricingModel.ON_DEMAND);
    assertThat(Orchestrator.standbyQuery(asked).filters("num_gpus")).isEmpty();

    StandbyPolicy noFallback = Orchestrator.standbyPolicy(
        spec(t.withCpuFallback(null), StandbyPolicy.cpuSpot()), PricingModel.SPOT);
    assertThat(noFallback.minVcpus()).isEqualTo(2);
    assertThat(noFallback.minRamGib()).isEqualTo(4);
  }

  @Test
  void servingEndpoint_roundTripsAndRejectsBadValues() {
    ServingEndpoint e = new ServingEndpoint("http://127.0.0.1:8080/", ServingEndpoint.Role.DEGRADED, "s0", "i-1");
    assertThat(e.url()).isEqualTo("http://127.0.0.1:8080");
    assertThat(e.toMap()).isEqualTo(Map.of("url", "http://127.0.0.1:8080", "role", "degraded", "slot", "s0",
        "instance", "i-1"));
    assertThat(ServingEndpoint.fromMap(e.toMap())).isEqualTo(e);
    assertThatThrownBy(() -> ServingEndpoint.fromMap(Map.of("url", "http://h:1", "role", "backup")))
        .hasMessageContaining("primary or degraded").hasMessageContaining("'backup'");
    EngineEvent.ServingEndpointsChanged ev = new EngineEvent.ServingEndpointsChanged(java.time.Instant.EPOCH, "svc",
        List.of(e));
    assertThat(ev.toMap()).containsEntry("type", "serving_endpoints_changed").containsEntry("degraded", true)
        .containsEntry("endpoints", List.of(e.toMap()));
  }
}
