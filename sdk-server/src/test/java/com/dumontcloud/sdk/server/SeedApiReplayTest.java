package com.dumontcloud.sdk.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.server.ServerHarness.Answer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every request example of seed 001 (VastAI instance API guide) and seed 000 (serverless report), as written there,
 * against a server on the simulated cloud; the answers carry the documented fields.
 */
class SeedApiReplayTest {
  @TempDir Path dir;
  ServerHarness h;

  @BeforeEach
  void start() {
    h = new ServerHarness(dir);
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @SuppressWarnings("unchecked")
  @Test
  void seed001ExamplesAnswerAsDocumented() {
    // GET /api/vast/offers?gpu_name=RTX4090&max_price=1.5&rentable=true
    Answer offers = ok(h.call("GET", "/api/vast/offers?gpu_name=RTX4090&max_price=1.5&rentable=true", null));
    List<Map<String, Object>> list = (List<Map<String, Object>>) offers.json().get("offers");
    assertThat(list).isNotEmpty().allSatisfy(o -> {
      assertThat(o.get("gpu_name")).isEqualTo("RTX 4090");
      assertThat(((Number) o.get("dph_total")).doubleValue()).isLessThanOrEqualTo(1.5);
      assertThat(o).containsKeys("id", "num_gpus", "gpu_ram", "rentable");
    });

    // POST /api/vast/search-offers (the guide's body)
    Map<String, Object> search = ok(h.call("POST", "/api/vast/search-offers", """
        {"gpu_name": "RTX4090", "max_price": 2.0, "min_gpu_ram": 16, "num_gpus": 1, "rentable": true,
         "sort_by": "price", "limit": 10}""")).json();
    assertThat(search).containsKeys("offers", "total", "filtered_count", "sort_info");
    assertThat((Map<String, Object>) search.get("sort_info")).containsEntry("sort_by", "price")
        .containsEntry("order", "ascending");
    assertThat((List<?>) search.get("offers")).hasSizeLessThanOrEqualTo(10);

    // curl example 1.2: {"max_price": 0.5, "min_gpu_ram": 8, "limit": 5}
    Map<String, Object> budgetOffers = ok(h.call("POST", "/api/vast/search-offers",
        "{\"max_price\": 0.5, \"min_gpu_ram\": 8, \"limit\": 5}")).json();
    assertThat((List<Map<String, Object>>) budgetOffers.get("offers")).hasSizeBetween(1, 5)
        .allSatisfy(o -> assertThat(((Number) o.get("dph_total")).doubleValue()).isLessThanOrEqualTo(0.5));

    // templates
    Map<String, Object> templates = ok(h.call("GET", "/api/vast/templates", null)).json();
    assertThat((List<Map<String, Object>>) templates.get("templates")).extracting(t -> t.get("name"))
        .contains("high_performance", "budget", "research");
    Map<String, Object> hp = ok(h.call("GET", "/api/vast/templates/high_performance", null)).json();
    assertThat((Map<String, Object>) hp.get("config")).containsEntry("vllm_model_name",
        "Qwen/Qwen2.5-Coder-32B-Instruct");
    ok(h.call("GET", "/api/vast/templates/budget", null));
    Answer missing = h.call("GET", "/api/vast/templates/invalid_template", null);
    assertThat(missing.status()).isEqualTo(404);
    assertThat((String) missing.json().get("detail")).contains("invalid_template");

    // POST /api/vast/instances/from-template?template_name=high_performance&offer_id=... (custom_config body)
    String offerId = (String) ((List<Map<String, Object>>) ok(h.call("POST", "/api/vast/search-offers",
        "{\"min_gpu_ram\": 24, \"max_price\": 2.0, \"type\": \"on-demand\", \"limit\": 1}")).json().get("offers"))
        .get(0).get("id");
    Map<String, Object> fromTemplate = ok(h.call("POST",
        "/api/vast/instances/from-template?template_name=high_performance&offer_id=" + offerId,
        "{\"custom_config\": {\"vllm_max_model_len\": 4096}}")).json();
    assertThat(fromTemplate).containsEntry("success", true).containsEntry("template_name", "high_performance")
        .containsKeys("instance_id", "message", "status");
    // curl example 1.3: no body at all
    ok(h.call("POST", "/api/vast/instances/from-template?template_name=budget", null));

    // POST /api/vast/instances {"offer_id", "template_name": "budget", "custom_config": {"auto_destroy": true}}
    Map<String, Object> created = ok(h.call("POST", "/api/vast/instances",
        "{\"template_name\": \"budget\", \"custom_config\": {\"auto_destroy\": true}}")).json();
    assertThat(created).containsKeys("success", "instance_id", "template_name", "message", "status");
    String id = (String) created.get("instance_id");
    // curl example 2: high_performance with custom vLLM settings
    ok(h.call("POST", "/api/vast/instances", """
        {"template_name": "high_performance",
         "custom_config": {"vllm_max_model_len": 16384, "vllm_gpu_memory_utilization": 0.9}}"""));

    h.vs.advanceBy(Duration.ofMinutes(90)); // boots, and 1.5 h of uptime
    Map<String, Object> inst = ok(h.call("GET", "/api/vast/instances/" + id, null)).json();
    assertThat(inst).containsEntry("instance_id", id).containsEntry("status", "running");
    Map<String, Object> enhanced = ok(h.call("GET", "/api/vast/instances/" + id + "/enhanced", null)).json();
    Map<String, Object> data = (Map<String, Object>) enhanced.get("data");
    assertThat(enhanced).containsEntry("success", true);
    assertThat(data).containsKeys("instance_id", "basic_status", "vllm_status", "db_info");
    assertThat((Map<String, Object>) data.get("basic_status")).containsEntry("status", "running")
        .containsKey("public_ip");
    assertThat((Map<String, Object>) data.get("vllm_status")).containsKeys("running", "port");
    Map<String, Object> db = (Map<String, Object>) data.get("db_info");
    assertThat(db).containsKeys("status", "cost_per_hour", "gpu_info");
    assertThat((String) db.get("uptime")).matches("\\d+:\\d\\d:\\d\\d");
    Map<String, Object> cost = ok(h.call("GET", "/api/vast/instances/" + id + "/cost-analysis", null)).json();
    assertThat(cost).containsKeys("instance_id", "cost_per_hour", "total_cost", "uptime_hours", "cost_breakdown");
    assertThat((Map<String, Object>) cost.get("cost_breakdown")).containsKeys("hourly_rate", "uptime_days",
        "estimated_daily_cost", "estimated_monthly_cost");

    Map<String, Object> running = ok(h.call("GET", "/api/vast/instances?status_filter=running&sort_by=created_at",
        null)).json();
    assertThat((List<Map<String, Object>>) running.get("instances")).isNotEmpty()
        .allSatisfy(i -> assertThat(i.get("status")).isEqualTo("running"));
    Map<String, Object> stats = ok(h.call("GET", "/api/vast/statistics", null)).json();
    assertThat(stats).containsKeys("total_instances", "active_instances", "destroyed_instances", "total_cost",
        "average_cost_per_hour", "gpu_distribution", "status_distribution");
    assertThat(((Number) stats.get("total_instances")).intValue()).isGreaterThanOrEqualTo(4);

    // the same routes for a named provider
    ok(h.call("GET", "/api/v1/providers/sim/instances/" + id + "/cost-analysis", null));
    Answer unknownProvider = h.call("GET", "/api/v1/providers/nope/offers", null);
    assertThat(unknownProvider.status()).isEqualTo(404);
    assertThat((String) unknownProvider.json().get("detail")).contains("nope").contains("sim");

    ok(h.call("DELETE", "/api/vast/instances/" + id, null));
    Answer gone = h.call("GET", "/api/vast/instances/no-such-instance", null);
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.json()).containsKey("detail");
  }

  @SuppressWarnings("unchecked")
  @Test
  void seed000EndpointsAnswerAsDocumentedAndServeThroughTheUrl() throws Exception {
    Map<String, Object> ep = ok(h.call("POST", "/api/v1/serverless/endpoints",
        "{\"template\": \"qwen2.5-0.5b\", \"min_instances\": 0, \"max_instances\": 5, \"machine_type\": \"spot\"}"))
        .json();
    String id = (String) ep.get("id");
    assertThat(id).matches("ep-[0-9a-f]{8}");
    assertThat(ep).containsEntry("model_id", "Qwen/Qwen2.5-0.5B-Instruct").containsEntry("machine_type", "spot")
        .containsKeys("status", "docker_image", "vram_required", "gpu", "price_per_hour", "auto_scaling", "url");
    Map<String, Object> scaling = (Map<String, Object>) ep.get("auto_scaling");
    assertThat(((Number) scaling.get("min")).intValue()).isZero();
    assertThat(((Number) scaling.get("max")).intValue()).isEqualTo(5);
    assertThat((String) ep.get("url")).isEqualTo(h.server.uri() + "/endpoints/" + id + "/v1");
    Map<String, Object> byModel = ok(h.call("POST", "/api/v1/serverless/endpoints",
        "{\"model_id\": \"openai/whisper-small\", \"min_instances\": 0, \"max_instances\": 5}")).json();
    assertThat(byModel.get("template")).isEqualTo("whisper-small"); // seed 000's model id names the template

    assertThat(ok(h.call("GET", "/api/v1/serverless/endpoints", null)).body()).contains(id);
    assertThat(ok(h.call("GET", "/api/v1/serverless/endpoints/" + id, null)).json()).containsEntry("id", id);
    Map<String, Object> before = ok(h.call("GET", "/api/v1/serverless/stats", null)).json();
    assertThat(before).containsKeys("total_endpoints", "total_requests_24h", "avg_latency_ms", "total_cost_24h",
        "active_instances", "cold_starts_24h");

    // the OpenAI-compatible URL: the first request scales the endpoint from zero
    Future<ServerHarness.Answer> chat = h.submit(() -> h.call("POST", "/endpoints/" + id + "/v1/chat/completions",
        "{\"model\": \"qwen\", \"messages\": [{\"role\": \"user\", \"content\": \"Say hello\"}]}"));
    Answer answer = h.advanceUntilDone(id, chat, Duration.ofMinutes(3));
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat((List<?>) answer.json().get("choices")).isNotEmpty();
    Map<String, Object> after = ok(h.call("GET", "/api/v1/serverless/stats", null)).json();
    assertThat(((Number) after.get("total_requests_24h")).intValue()).isGreaterThanOrEqualTo(1);
    assertThat(((Number) after.get("cold_starts_24h")).intValue()).isGreaterThanOrEqualTo(1);

    // streaming passes through as SSE
    Answer stream = h.call("POST", "/endpoints/" + id + "/v1/chat/completions",
        "{\"model\": \"qwen\", \"stream\": true, \"messages\": [{\"role\": \"user\", \"content\": \"Say hello\"}]}");
    assertThat(stream.contentType()).startsWith("text/event-stream");
    assertThat(stream.body()).contains("data: {").endsWith("data: [DONE]\n\n");

    ok(h.call("DELETE", "/api/v1/serverless/endpoints/" + id, null));
    assertThat(h.call("GET", "/api/v1/serverless/endpoints/" + id, null).status()).isEqualTo(404);
  }

  @SuppressWarnings("unchecked")
  @Test
  void deploymentsAndOpenApi() {
    Map<String, Object> spec = Map.of("id", "web", "template", "budget", "replicas", 1);
    Map<String, Object> st = ok(h.call("POST", "/api/v1/deployments",
        com.dumontcloud.sdk.spi.support.JsonCodec.standard().write(spec))).json();
    assertThat(st).containsEntry("id", "web").containsKeys("phase", "slots", "spec");
    assertThat(ok(h.call("GET", "/api/v1/deployments", null)).body()).contains("\"web\"");
    ok(h.call("GET", "/api/v1/deployments/web", null));
    Answer bad = h.call("POST", "/api/v1/deployments", "{\"id\": \"x\"}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat((String) bad.json().get("detail")).doesNotContain("Exception");
    ok(h.call("DELETE", "/api/v1/deployments/web", null));
    assertThat(h.call("GET", "/api/v1/deployments/web", null).status()).isEqualTo(404);

    Map<String, Object> doc = ok(h.call("GET", "/openapi.json", null)).json();
    assertThat(doc).containsEntry("openapi", "3.0.3");
    assertThat((Map<String, Object>) doc.get("paths")).containsKeys("/api/vast/offers", "/api/vast/search-offers",
        "/api/v1/providers/{provider}/instances/{id}/enhanced", "/api/v1/serverless/endpoints",
        "/api/v1/serverless/stats", "/api/v1/deployments", "/api/v1/events", "/endpoints/{id}/v1/{path}");
  }

  private static Answer ok(Answer a) {
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    assertThat(a.contentType()).startsWith("application/json");
    return a;
  }
}
