package com.dumontcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.spi.support.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The foundation CLI contract, in process, on the persisted simulated cloud. */
class CliContractTest extends CliTestBase {
  @Test
  void offersSearch_json_isSeedShapedAndSortedByPrice() {
    assertThat(run("offers", "search", "--json", "gpu_name=RTX_4090", "dph<0.5")).isZero();
    Map<String, Object> page = json();
    assertThat(page).containsKeys("offers", "total", "filtered_count", "sort_info");
    List<Object> offers = Json.arr(page.get("offers"), "offers");
    assertThat(offers).isNotEmpty();
    double last = 0;
    for (Object o : offers) {
      Map<String, Object> m = Json.obj(o, "offer");
      assertThat(Json.str(m, "gpu_name")).isEqualTo("RTX 4090");
      double p = Json.num(m, "dph_total");
      assertThat(p).isLessThan(0.5).isGreaterThanOrEqualTo(last);
      last = p;
    }
  }

  @Test
  void launchListCostDestroy_acrossInvocations() {
    assertThat(run("instances", "launch", "--template", "budget", "--wait", "--json")).isZero();
    String id = Json.str(json(), "instance_id");
    assertThat(Json.str(json(), "status")).isEqualTo("running");
    assertThat(stderr()).contains("running");
    CliContext.reset(); // a new process would reload the persisted cloud
    assertThat(run("instances", "list", "--json")).isZero();
    assertThat(stdout()).contains(id);
    assertThat(run("instances", "cost", id, "--json")).isZero();
    Map<String, Object> cost = json();
    Map<String, Object> breakdown = Json.obj(cost.get("cost_breakdown"), "cost_breakdown");
    assertThat(Json.num(breakdown, "estimated_monthly_cost")).isCloseTo(Json.num(cost, "cost_per_hour") * 720,
        org.assertj.core.data.Offset.offset(0.01));
    assertThat(run("stats", "--json")).isZero();
    assertThat(json()).containsKeys("total_instances", "active_instances", "destroyed_instances", "total_cost",
        "average_cost_per_hour", "gpu_distribution", "status_distribution");
    assertThat(run("instances", "destroy", id)).isZero();
    assertThat(run("instances", "show", id, "--json")).isZero();
    assertThat(Json.str(json(), "status")).isEqualTo("terminated");
  }

  @Test
  void errors_areOneClearLine_withoutStackTrace() {
    assertThat(run("offers", "search", "gpu_name=RTX_4090", "dph<<0.5")).isNotZero();
    assertThat(stderr()).startsWith("error: ").contains("position").doesNotContain("\tat ");
    assertThat(run("instances", "show", "no-such-instance")).isNotZero();
    assertThat(stderr()).contains("no-such-instance").doesNotContain("\tat ");
    assertThat(run("templates", "show", "nope")).isNotZero();
    assertThat(stderr()).contains("unknown template").contains("budget");
    assertThat(run("instances", "launch", "--template", "budget", "--set", "vllm_gpu_memory_utilization=1.5")).isNotZero();
    assertThat(stderr()).contains("vllm_gpu_memory_utilization");
  }

  @Test
  void templatesList_containsSeedTemplates() {
    assertThat(run("templates", "list", "--json")).isZero();
    assertThat(stdout()).contains("high_performance", "budget", "research", "Qwen/Qwen2.5-Coder-32B-Instruct",
        "qwen2.5-0.5b", "whisper-small");
  }

  @Test
  void providers_listsSimWithoutValues() {
    assertThat(run("providers", "--json")).isZero();
    assertThat(stdout()).contains("\"sim\"");
  }

  @Test
  @SuppressWarnings("unchecked")
  void demo_json_showsDetectionWithin10s_failover_costVsOnDemand_andServerlessFromZero() {
    // in euros: the offers and the cost report are converted, the engine's events stay in US dollars
    assertThat(run("demo", "--json", "--currency", "EUR")).isZero();
    Map<String, Object> root = json();
    assertThat(root).containsEntry("currency", "EUR");
    List<Object> events = Json.arr(root.get("events"), "events");
    Map<String, Object> launched = events.stream().map(e -> Json.obj(e, "event"))
        .filter(e -> "launched".equals(e.get("type"))).findFirst().orElseThrow();
    Map<String, Object> offer = Json.arr(root.get("offers"), "offers").stream().map(o -> Json.obj(o, "offer"))
        .filter(o -> launched.get("host").equals(o.get("host"))).findFirst().orElseThrow();
    assertThat(Json.num(offer, "price_per_hour")).isCloseTo(Json.num(launched, "price_per_hour") * 0.853,
        org.assertj.core.api.Assertions.within(1e-4));
    Map<String, Object> failover = events.stream().map(e -> Json.obj(e, "event"))
        .filter(e -> "failover_completed".equals(e.get("type"))).findFirst().orElseThrow();
    Map<String, Object> timings = Json.obj(failover.get("timings"), "timings");
    assertThat(Json.num(timings, "detect")).isPositive().isLessThanOrEqualTo(10.0);
    assertThat(events).anyMatch(e -> "interrupted".equals(((Map<String, Object>) e).get("type")));
    assertThat(events).anyMatch(e -> "hibernated".equals(((Map<String, Object>) e).get("type")));
    Map<String, Object> cost = Json.obj(root.get("cost_report"), "cost_report");
    assertThat(Json.num(cost, "spend")).isPositive().isLessThan(Json.num(cost, "on_demand"));
    Map<String, Object> serverless = Json.obj(root.get("serverless"), "serverless");
    Map<String, Object> stats = Json.obj(serverless.get("stats"), "stats");
    assertThat(Json.num(stats, "cold_starts_24h")).isEqualTo(1.0);
    assertThat(Json.num(stats, "total_requests_24h")).isGreaterThanOrEqualTo(37.0);
    Map<String, Object> ep = Json.obj(stats.get("endpoint"), "endpoint");
    assertThat(Json.num(ep, "errors_24h")).isZero();
    List<Object> sEvents = Json.arr(serverless.get("events"), "serverless events");
    assertThat(sEvents).anyMatch(e -> "failover".equals(((Map<String, Object>) e).get("type")));
    assertThat(sEvents).anyMatch(e -> "recovered".equals(((Map<String, Object>) e).get("type"))
        && Json.num((Map<String, Object>) e, "failed_requests") == 0.0);
  }

  @Test
  void deployments_applyFromYaml_showAndDelete_acrossInvocations() throws Exception {
    Path spec = home.resolve("svc.yaml");
    java.nio.file.Files.writeString(spec, String.join("\n",
        "id: chat",
        "template: qwen2.5-0.5b",
        "replicas: 1",
        "spot_policy: on_demand",
        "failover: {strategies: [cold]}",
        ""));
    assertThat(run("deployments", "apply", "-f", spec.toString(), "--json")).isZero();
    assertThat(Json.str(json(), "id")).isEqualTo("chat");
    CliContext.reset();
    assertThat(run("deployments", "show", "chat", "--json")).isZero();
    List<Object> slots = Json.arr(json().get("slots"), "slots");
    String instance = Json.str(Json.obj(slots.get(0), "slot"), "instance_id");
    assertThat(instance).startsWith("sim-");
    assertThat(run("instances", "show", instance, "--json")).isZero();
    assertThat(Json.obj(json().get("labels"), "labels")).containsEntry("dumont-deployment", "chat")
        .containsKeys("dumont-replica", "dumont-key", "dumont-owner");
    CliContext.reset();
    assertThat(run("deployments", "delete", "chat")).isZero();
    assertThat(run("instances", "show", instance, "--json")).isZero();
    assertThat(Json.str(json(), "status")).isEqualTo("terminated");
    assertThat(run("deployments", "show", "chat")).isNotZero();
    assertThat(stderr()).contains("no deployment 'chat'");
  }

  @Test
  void deployments_badSpec_isOneClearError() throws Exception {
    Path spec = home.resolve("bad.yaml");
    java.nio.file.Files.writeString(spec, "replicas: 1\n");
    assertThat(run("deployments", "apply", "-f", spec.toString())).isNotZero();
    assertThat(stderr()).startsWith("error: ").contains("template").doesNotContain("\tat ");
  }
}
