package com.dumontcloud.sdk.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A launch template: what image to run, what it serves and what hardware it needs.
 *
 * @param name slug, e.g. "budget", "qwen2.5-0.5b"
 * @param displayName human name, e.g. "Qwen 2.5 0.5B"
 * @param description one line
 * @param category workload kind
 * @param image container image that really serves the model
 * @param port container port of the workload's HTTP API
 * @param healthPath HTTP path that answers 200 when the workload is ready
 * @param modelId model id served (e.g. "Qwen/Qwen2.5-0.5B-Instruct"), or null
 * @param minGpuRamGib minimum GPU memory per GPU, GiB
 * @param vramRequiredGib memory the model itself needs, GiB (seed 000), or 0
 * @param maxPricePerHour price cap per hour, or null for none
 * @param recommendedGpu the GPU the seeds recommend, or null
 * @param config seed-shaped config map (vllm_model_name, vllm_max_model_len, ...); nested maps and lists are copied
 *     and numbers normalised (see {@link Templates}), so a config compares equal after a JSON or YAML round trip
 * @param env environment variables for the container
 * @param args container arguments
 * @param cpuFallback what a CPU standby of this template runs to serve degraded (an OpenAI-compatible CPU server),
 *     or null when the model has no sensible CPU build (the standby then only holds the synced data)
 * @see Templates#toMap(Template) the map (JSON/YAML) form
 */
public record Template(
    String name,
    String displayName,
    String description,
    TemplateCategory category,
    String image,
    int port,
    String healthPath,
    String modelId,
    double minGpuRamGib,
    double vramRequiredGib,
    Money maxPricePerHour,
    String recommendedGpu,
    Map<String, Object> config,
    Map<String, String> env,
    List<String> args,
    CpuFallback cpuFallback) {

  public Template {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(image, "image");
    category = category == null ? TemplateCategory.GENERAL : category;
    healthPath = healthPath == null ? "/health" : healthPath;
    config = config == null ? Map.of() : Templates.canonicalConfig(config);
    env = env == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
    args = args == null ? List.of() : List.copyOf(args);
  }

  /** A template without a CPU fallback (the 15 components before {@link #cpuFallback()} existed). */
  public Template(String name, String displayName, String description, TemplateCategory category, String image,
      int port, String healthPath, String modelId, double minGpuRamGib, double vramRequiredGib, Money maxPricePerHour,
      String recommendedGpu, Map<String, Object> config, Map<String, String> env, List<String> args) {
    this(name, displayName, description, category, image, port, healthPath, modelId, minGpuRamGib, vramRequiredGib,
        maxPricePerHour, recommendedGpu, config, env, args, null);
  }

  /** A copy with the given seed-style config overrides applied (validate them first with the catalog). */
  public Template withConfig(Map<String, Object> newConfig) {
    return new Template(name, displayName, description, category, image, port, healthPath, modelId, minGpuRamGib,
        vramRequiredGib, maxPricePerHour, recommendedGpu, newConfig, env, args, cpuFallback);
  }

  /** A copy with another CPU fallback (null for none). */
  public Template withCpuFallback(CpuFallback fallback) {
    return new Template(name, displayName, description, category, image, port, healthPath, modelId, minGpuRamGib,
        vramRequiredGib, maxPricePerHour, recommendedGpu, config, env, args, fallback);
  }
}
