package com.dumontcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.dumontcloud.sdk.spi.support.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 12 on the CLI: honest waits, flags checked before renting, idempotent destroy, credentials at create. */
class CliFirstHourTest extends CliTestBase {
  private int instanceCount() {
    assertThat(run("instances", "list", "--all", "-o", "json")).isZero();
    return Json.arr(com.dumontcloud.sdk.internal.json.MoshiJsonCodec.get().parse(stdout()), "list").size();
  }

  @Test
  void badFlags_areRejectedBeforeAnythingIsRented() {
    for (String[] bad : List.of(
        new String[] {"--timeout", "-1"}, new String[] {"--timeout", "0"}, new String[] {"--timeout", "soon"},
        new String[] {"--query", "dph<<0.5"}, new String[] {"--max-price", "-5"}, new String[] {"--disk", "0"},
        new String[] {"--port", "70000"}, new String[] {"--env", "NOVALUE"}, new String[] {"-o", "xml"},
        new String[] {"--set", "vllm_gpu_memory_utilization=1.5"})) {
      String[] args = new String[bad.length + 5];
      System.arraycopy(new String[] {"instances", "launch", "--template", "budget", "--wait"}, 0, args, 0, 5);
      System.arraycopy(bad, 0, args, 5, bad.length);
      assertThat(run(args)).as(String.join(" ", bad)).isNotZero();
      assertThat(stdout()).as(String.join(" ", bad)).doesNotContain("sim-");
      assertThat(stderr()).startsWith("error: ").contains(bad[0].startsWith("--set") ? "vllm_gpu_memory_utilization"
          : bad[0]).doesNotContain("Exception").doesNotContain("\tat ");
    }
    assertThat(instanceCount()).isZero();
  }

  @Test
  void launchWait_thatCannotFinishInTime_failsWithOneLine_withinTheTimeout() {
    long t0 = System.nanoTime();
    assertThat(run("instances", "launch", "--template", "budget", "--wait", "--timeout", "1s")).isEqualTo(1);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(ms).isLessThan(4_000);
    assertThat(stderr()).contains("error: instance sim-1 is not running within --timeout")
        .contains("dumont instances destroy sim-1").doesNotContain("Exception");
  }

  @Test
  void query_honoursTheTemplateCap_unlessMaxPriceOverrides() {
    assertThat(run("instances", "launch", "--template", "budget", "--query", "gpu_name=H100", "--json")).isEqualTo(1);
    assertThat(stderr()).contains("within the price cap of $0.50/h").contains("--max-price")
        .doesNotContain("OfferQuery[");
    assertThat(instanceCount()).isZero();
    assertThat(run("instances", "launch", "--template", "budget", "--query", "gpu_name=RTX_3080", "--json")).isZero();
    assertThat(Json.num(json(), "cost_per_hour")).isLessThanOrEqualTo(0.5);
    assertThat(run("instances", "launch", "--template", "budget", "--query", "gpu_name=H100", "--max-price", "9",
        "--json")).as(stderr()).isZero();
    assertThat(Json.num(json(), "cost_per_hour")).isGreaterThan(0.5).isLessThanOrEqualTo(9);
  }

  @Test
  void destroy_isIdempotent() {
    assertThat(run("instances", "launch", "--template", "budget", "--json")).isZero();
    String id = Json.str(json(), "instance_id");
    assertThat(run("instances", "destroy", id)).isZero();
    assertThat(stdout()).contains("destroyed " + id);
    assertThat(run("instances", "destroy", id)).as(stderr()).isZero();
    assertThat(stdout()).contains(id + " is already destroyed");
  }

  @Test
  void endpointsCreate_onAProviderWithoutCredentials_failsNamingTheVariable() {
    assumeTrue(System.getenv("VAST_API_KEY") == null && System.getenv("DUMONT_VAST_API_KEY") == null);
    assertThat(run("endpoints", "create", "--template", "qwen2.5-0.5b", "--provider", "vast")).isEqualTo(1);
    assertThat(stderr()).contains("VAST_API_KEY").contains("dumont config set providers.vast.api-key")
        .doesNotContain("Exception");
    assertThat(run("endpoints", "list", "--json")).isZero();
    assertThat(Json.arr(json().get("endpoints"), "endpoints")).isEmpty();
  }

  @Test
  void endpointsCreate_badFlags_areOneLineNamingTheFlag_andCreateNothing() {
    for (String[] bad : List.of(new String[] {"--machine-type", "sometimes"}, new String[] {"--idle-timeout", "-5"},
        new String[] {"--min", "3", "--max", "2"}, new String[] {"--min", "two"}, new String[] {"-o", "xml"},
        new String[] {"--label", "oops"})) {
      String[] args = new String[bad.length + 4];
      System.arraycopy(new String[] {"endpoints", "create", "--template", "qwen2.5-0.5b"}, 0, args, 0, 4);
      System.arraycopy(bad, 0, args, 4, bad.length);
      assertThat(run(args)).as(String.join(" ", bad)).isNotZero();
      assertThat(stderr()).startsWith("error: ").contains(bad[0]).contains(bad[1])
          .doesNotContain("No enum constant").doesNotContain("For input string").doesNotContain("Exception");
      assertThat(stderr().strip().lines().count()).isEqualTo(1);
    }
    // a label the engine reserves, named with the flag
    assertThat(run("endpoints", "create", "--template", "qwen2.5-0.5b", "--label", "dumont-owner=me")).isNotZero();
    assertThat(stderr()).startsWith("error: --label").contains("dumont-owner").contains("reserved");
    assertThat(run("endpoints", "list", "--json")).isZero();
    assertThat(Json.arr(json().get("endpoints"), "endpoints")).isEmpty();
    // a good one is on the endpoint
    assertThat(run("endpoints", "create", "--template", "qwen2.5-0.5b", "-l", "cost-center=42", "--json")).isZero();
    assertThat(Json.obj(json().get("labels"), "labels")).containsEntry("cost-center", "42");
  }

  private Path spec(String name, String... lines) throws Exception {
    Path p = home.resolve(name);
    Files.writeString(p, String.join("\n", lines) + "\n");
    return p;
  }

  @Test
  void deploymentsApplyWait_notHealthyInTime_failsWithinTheTimeout() throws Exception {
    Path s = spec("svc.yaml", "id: slow", "template: qwen2.5-0.5b", "replicas: 1", "spot_policy: on_demand",
        "failover: {strategies: [cold]}");
    long t0 = System.nanoTime();
    assertThat(run("deployments", "apply", "-f", s.toString(), "--wait", "--timeout", "2s")).isEqualTo(1);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(ms).isLessThan(5_000);
    assertThat(stderr()).contains("deployment slow is not healthy within --timeout").contains("0/1 healthy");
    assertThat(run("deployments", "apply", "-f", s.toString(), "--timeout", "-3s")).isEqualTo(2);
    assertThat(stderr()).contains("--timeout");
  }

  @Test
  void dryRun_printsTheChanges_andChangesNothing() throws Exception {
    Path s1 = spec("a.yaml", "id: web", "template: qwen2.5-0.5b", "replicas: 1", "spot_policy: on_demand",
        "failover: {strategies: [cold]}");
    assertThat(run("deployments", "apply", "-f", s1.toString(), "--dry-run")).isZero();
    assertThat(stdout()).contains("deployment web would be created").contains("+ replicas: 1");
    assertThat(run("deployments", "list", "--json")).isZero();
    assertThat(stdout().strip()).isEqualTo("[]");
    assertThat(run("deployments", "apply", "-f", s1.toString())).as(stderr()).isZero();
    Path s2 = spec("b.yaml", "id: web", "template: qwen2.5-0.5b", "replicas: 2", "spot_policy: on_demand",
        "failover: {strategies: [cold]}", "labels: {team: search}");
    assertThat(run("deployments", "apply", "-f", s2.toString(), "--dry-run")).isZero();
    assertThat(stdout()).contains("would change").contains("~ replicas: 1 → 2").contains("+ labels.team: search");
    assertThat(run("deployments", "apply", "-f", s2.toString(), "--dry-run", "-o", "json")).isZero();
    assertThat(Json.str(json(), "action")).isEqualTo("update");
    assertThat(run("deployments", "show", "web", "--json")).isZero();
    assertThat(Json.num(json(), "replicas")).isEqualTo(1.0);
    assertThat(run("deployments", "apply", "-f", s1.toString(), "--dry-run")).isZero();
    assertThat(stdout()).contains("unchanged");
  }

  @Test
  void ownWorkload_imageEnvPortsDiskOnstartArgs() {
    assertThat(run("instances", "launch", "--image", "pytorch/pytorch:latest", "--env", "A=1", "-e", "B=two",
        "--port", "8888", "--port", "6006", "--disk", "60", "--onstart", "echo hi", "--args", "sleep", "100",
        "--json")).as(stderr()).isZero();
    Map<String, Object> m = json();
    assertThat(Json.str(m, "image_name")).isEqualTo("pytorch/pytorch:latest");
    assertThat(Json.str(m, "template_name")).isEqualTo("pytorch-latest");
    assertThat(Json.str(m, "gpu_name")).isNotEqualTo("CPU");
  }

  @Test
  void ownWorkload_flagsBuildTheTemplate() {
    InstancesCommand.Launch l = new InstancesCommand.Launch();
    new picocli.CommandLine(l).parseArgs("--image", "vllm/vllm-openai:v0.9.2", "--port", "8000", "--args", "--model",
        "Qwen/Qwen2.5-0.5B-Instruct", "--port", "9000", "-e", "A=1", "--onstart", "nvidia-smi");
    com.dumontcloud.sdk.model.Template t = l.template(CustomTemplates.resolve(null, l.image));
    assertThat(t.image()).isEqualTo("vllm/vllm-openai:v0.9.2");
    assertThat(t.args()).containsExactly("--model", "Qwen/Qwen2.5-0.5B-Instruct");
    assertThat(t.port()).isEqualTo(8000);
    assertThat(t.config()).containsEntry("ports", List.of(9000)).containsEntry("onstart", "nvidia-smi");
    assertThat(t.env()).containsEntry("A", "1");
    assertThat(t.minGpuRamGib()).isPositive();
    InstancesCommand.Launch withTemplate = new InstancesCommand.Launch();
    new picocli.CommandLine(withTemplate).parseArgs("--template", "budget", "--image", "my/vllm:fork");
    com.dumontcloud.sdk.model.Template b = withTemplate.template(CustomTemplates.resolve("budget", null));
    assertThat(b.image()).isEqualTo("my/vllm:fork");
    assertThat(b.name()).isEqualTo("budget");
    assertThat(b.maxPricePerHour()).isNotNull();
  }

  @Test
  void templatesApply_storesATemplate_usableByName() throws Exception {
    Path f = spec("nb.yaml", "name: my-notebook", "image: jupyter/pytorch-notebook:latest", "port: 8888",
        "min_gpu_ram: 8", "max_price: 0.6", "env: {JUPYTER_TOKEN: t}");
    assertThat(run("templates", "apply", "-f", f.toString())).as(stderr()).isZero();
    assertThat(stdout()).contains("template my-notebook created");
    assertThat(run("templates", "list")).isZero();
    assertThat(stdout()).contains("my-notebook");
    assertThat(run("templates", "show", "my-notebook")).isZero();
    assertThat(stdout()).contains("jupyter/pytorch-notebook:latest").contains("$0.60/h");
    assertThat(run("instances", "launch", "--template", "my-notebook", "--json")).as(stderr()).isZero();
    assertThat(Json.str(json(), "image_name")).isEqualTo("jupyter/pytorch-notebook:latest");
    assertThat(Json.num(json(), "cost_per_hour")).isLessThanOrEqualTo(0.6);
    Path bad = spec("bad.yaml", "name: budget", "image: x");
    assertThat(run("templates", "apply", "-f", bad.toString())).isEqualTo(1);
    assertThat(stderr()).contains("built-in");
  }
}
