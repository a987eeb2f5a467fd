package com.dumontcloud.sdk.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A launch template: what image to run, what it serves and what hardware it needs.
 *
 * <p>Build one with {@link #builder(String, String)} (name and image are required) and copy one with
 * {@link #toBuilder()}. Immutable and thread-safe; two templates are equal when every field is. The map (JSON/YAML)
 * form is {@link Templates#toMap(Template)}.
 *
 * <p>Fields (and their defaults in the builder):
 * <ul>
 *   <li>{@link #name()} slug, e.g. "budget", "qwen2.5-0.5b" (required)</li>
 *   <li>{@link #displayName()} human name, e.g. "Qwen 2.5 0.5B", or null</li>
 *   <li>{@link #description()} one line, or null</li>
 *   <li>{@link #category()} workload kind (GENERAL when unset or null)</li>
 *   <li>{@link #image()} container image that really serves the model (required)</li>
 *   <li>{@link #port()} container port of the workload's HTTP API (8000, as in the map form)</li>
 *   <li>{@link #healthPath()} HTTP path that answers 200 when the workload is ready ({@code /health} when null)</li>
 *   <li>{@link #modelId()} model id served (e.g. "Qwen/Qwen2.5-0.5B-Instruct"), or null</li>
 *   <li>{@link #minGpuRamGib()} minimum GPU memory per GPU, GiB (0)</li>
 *   <li>{@link #vramRequiredGib()} memory the model itself needs, GiB (seed 000), or 0</li>
 *   <li>{@link #maxPricePerHour()} price cap per hour, or null for none</li>
 *   <li>{@link #recommendedGpu()} the GPU the seeds recommend, or null</li>
 *   <li>{@link #config()} seed-shaped config map (vllm_model_name, vllm_max_model_len, ...); nested maps and lists
 *       are copied and numbers normalised (see {@link Templates}), so a config compares equal after a JSON or YAML
 *       round trip (empty)</li>
 *   <li>{@link #env()} environment variables for the container (empty)</li>
 *   <li>{@link #args()} container arguments (empty)</li>
 *   <li>{@link #cpuFallback()} what a CPU standby of this template runs to serve degraded (an OpenAI-compatible CPU
 *       server), or null when the model has no sensible CPU build (the standby then only holds the synced data)</li>
 * </ul>
 *
 * @see Templates#toMap(Template) the map (JSON/YAML) form
 */
public final class Template {
  private final String name;
  private final String displayName;
  private final String description;
  private final TemplateCategory category;
  private final String image;
  private final int port;
  private final String healthPath;
  private final String modelId;
  private final double minGpuRamGib;
  private final double vramRequiredGib;
  private final Money maxPricePerHour;
  private final String recommendedGpu;
  private final Map<String, Object> config;
  private final Map<String, String> env;
  private final List<String> args;
  private final CpuFallback cpuFallback;

  private Template(Builder b) {
    this.name = Objects.requireNonNull(b.name, "name");
    this.image = Objects.requireNonNull(b.image, "image");
    this.displayName = b.displayName;
    this.description = b.description;
    this.category = b.category == null ? TemplateCategory.GENERAL : b.category;
    this.port = b.port;
    this.healthPath = b.healthPath == null ? "/health" : b.healthPath;
    this.modelId = b.modelId;
    this.minGpuRamGib = b.minGpuRamGib;
    this.vramRequiredGib = b.vramRequiredGib;
    this.maxPricePerHour = b.maxPricePerHour;
    this.recommendedGpu = b.recommendedGpu;
    this.config = b.config == null ? Map.of() : Templates.canonicalConfig(b.config);
    this.env = b.env == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(b.env));
    this.args = b.args == null ? List.of() : List.copyOf(b.args);
    this.cpuFallback = b.cpuFallback;
  }

  /**
   * A builder for a template named {@code name} running {@code image}; every other field has the default listed in
   * the class comment.
   */
  public static Builder builder(String name, String image) {
    return new Builder().name(name).image(image);
  }

  /** A builder holding this template's fields, to build a modified copy. */
  public Builder toBuilder() {
    return new Builder().name(name).displayName(displayName).description(description).category(category)
        .image(image).port(port).healthPath(healthPath).modelId(modelId).minGpuRamGib(minGpuRamGib)
        .vramRequiredGib(vramRequiredGib).maxPricePerHour(maxPricePerHour).recommendedGpu(recommendedGpu)
        .config(config).env(env).args(args).cpuFallback(cpuFallback);
  }

  /** Slug, e.g. "budget", "qwen2.5-0.5b". */
  public String name() {
    return name;
  }

  /** Human name, e.g. "Qwen 2.5 0.5B", or null. */
  public String displayName() {
    return displayName;
  }

  /** One line, or null. */
  public String description() {
    return description;
  }

  /** Workload kind (never null). */
  public TemplateCategory category() {
    return category;
  }

  /** Container image that really serves the model. */
  public String image() {
    return image;
  }

  /** Container port of the workload's HTTP API. */
  public int port() {
    return port;
  }

  /** HTTP path that answers 200 when the workload is ready (never null). */
  public String healthPath() {
    return healthPath;
  }

  /** Model id served (e.g. "Qwen/Qwen2.5-0.5B-Instruct"), or null. */
  public String modelId() {
    return modelId;
  }

  /** Minimum GPU memory per GPU, GiB. */
  public double minGpuRamGib() {
    return minGpuRamGib;
  }

  /** Memory the model itself needs, GiB (seed 000), or 0. */
  public double vramRequiredGib() {
    return vramRequiredGib;
  }

  /** Price cap per hour, or null for none. */
  public Money maxPricePerHour() {
    return maxPricePerHour;
  }

  /** The GPU the seeds recommend, or null. */
  public String recommendedGpu() {
    return recommendedGpu;
  }

  /** Seed-shaped config map, unmodifiable, numbers normalised (see {@link Templates}). */
  public Map<String, Object> config() {
    return config;
  }

  /** Environment variables for the container, unmodifiable, in insertion order. */
  public Map<String, String> env() {
    return env;
  }

  /** Container arguments, unmodifiable. */
  public List<String> args() {
    return args;
  }

  /** What a CPU standby of this template runs, or null when it only holds the synced data. */
  public CpuFallback cpuFallback() {
    return cpuFallback;
  }

  /** A copy with the given seed-style config overrides applied (validate them first with the catalog). */
  public Template withConfig(Map<String, Object> newConfig) {
    return toBuilder().config(newConfig).build();
  }

  /** A copy with another CPU fallback (null for none). */
  public Template withCpuFallback(CpuFallback fallback) {
    return toBuilder().cpuFallback(fallback).build();
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    return o instanceof Template t && name.equals(t.name) && Objects.equals(displayName, t.displayName)
        && Objects.equals(description, t.description) && category == t.category && image.equals(t.image)
        && port == t.port && healthPath.equals(t.healthPath) && Objects.equals(modelId, t.modelId)
        && Double.compare(minGpuRamGib, t.minGpuRamGib) == 0 && Double.compare(vramRequiredGib, t.vramRequiredGib) == 0
        && Objects.equals(maxPricePerHour, t.maxPricePerHour) && Objects.equals(recommendedGpu, t.recommendedGpu)
        && config.equals(t.config) && env.equals(t.env) && args.equals(t.args)
        && Objects.equals(cpuFallback, t.cpuFallback);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, displayName, description, category, image, port, healthPath, modelId, minGpuRamGib,
        vramRequiredGib, maxPricePerHour, recommendedGpu, config, env, args, cpuFallback);
  }

  /**
   * The fields for people; the environment by names only (its values may be tokens), the config by keys and the
   * description left out.
   */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("Template[").append(name);
    if (displayName != null) s.append(" \"").append(displayName).append('"');
    s.append(", ").append(category).append(", image ").append(image).append(", port ").append(port)
        .append(healthPath);
    if (modelId != null) s.append(", model ").append(modelId);
    s.append(", GPU RAM >= ").append(Templates.showNumber(minGpuRamGib)).append(" GiB");
    if (vramRequiredGib != 0) s.append(", needs ").append(Templates.showNumber(vramRequiredGib)).append(" GiB");
    if (maxPricePerHour != null) s.append(", max ").append(maxPricePerHour).append("/h");
    if (recommendedGpu != null) s.append(", recommended ").append(recommendedGpu);
    if (!config.isEmpty()) s.append(", config keys ").append(String.join(", ", config.keySet()));
    if (!env.isEmpty()) s.append(", env ").append(String.join(", ", env.keySet()));
    if (!args.isEmpty()) s.append(", args ").append(String.join(" ", args));
    if (cpuFallback != null) s.append(", cpu fallback ").append(cpuFallback);
    return s.append(']').toString();
  }

  /**
   * Builder of a {@link Template}; {@link #build()} checks that name and image are set and applies the defaults.
   * Collection setters replace the collection; the builder keeps its own copy.
   */
  public static final class Builder {
    private String name;
    private String displayName;
    private String description;
    private TemplateCategory category = TemplateCategory.GENERAL;
    private String image;
    private int port = 8000;
    private String healthPath = "/health";
    private String modelId;
    private double minGpuRamGib;
    private double vramRequiredGib;
    private Money maxPricePerHour;
    private String recommendedGpu;
    private Map<String, Object> config;
    private Map<String, String> env;
    private List<String> args;
    private CpuFallback cpuFallback;

    private Builder() {}

    /** Slug, e.g. "qwen2.5-0.5b" (required). */
    public Builder name(String v) { name = v; return this; }
    /** Human name, or null. */
    public Builder displayName(String v) { displayName = v; return this; }
    /** One line, or null. */
    public Builder description(String v) { description = v; return this; }
    /** Workload kind; null means GENERAL. */
    public Builder category(TemplateCategory v) { category = v; return this; }
    /** Container image (required). */
    public Builder image(String v) { image = v; return this; }
    /** Container port of the workload's HTTP API (default 8000). */
    public Builder port(int v) { port = v; return this; }
    /** Readiness path; null means {@code /health}. */
    public Builder healthPath(String v) { healthPath = v; return this; }
    /** Model id served, or null. */
    public Builder modelId(String v) { modelId = v; return this; }
    /** Minimum GPU memory per GPU, GiB. */
    public Builder minGpuRamGib(double v) { minGpuRamGib = v; return this; }
    /** Memory the model itself needs, GiB, or 0. */
    public Builder vramRequiredGib(double v) { vramRequiredGib = v; return this; }
    /** Price cap per hour, or null for none. */
    public Builder maxPricePerHour(Money v) { maxPricePerHour = v; return this; }
    /** The recommended GPU, or null. */
    public Builder recommendedGpu(String v) { recommendedGpu = v; return this; }
    /** Seed-shaped config (replaces); null means empty. Copied and normalised at {@link #build()}. */
    public Builder config(Map<String, ?> v) {
      config = v == null ? null : new LinkedHashMap<String, Object>(v);
      return this;
    }
    /** Container environment (replaces); null means empty. */
    public Builder env(Map<String, String> v) { env = v == null ? null : new LinkedHashMap<>(v); return this; }
    /** Container arguments (replaces); null means none. */
    public Builder args(List<String> v) { args = v == null ? null : new ArrayList<>(v); return this; }
    /** The CPU standby's server, or null for none. */
    public Builder cpuFallback(CpuFallback v) { cpuFallback = v; return this; }

    /**
     * @throws NullPointerException naming {@code name} or {@code image} when one is missing, or when an argument
     *     is null
     */
    public Template build() {
      if (maxPricePerHour != null && maxPricePerHour.amount().signum() < 0) {
        throw new IllegalArgumentException("template maxPricePerHour (template.max_price) must be 0 or more, got "
            + maxPricePerHour.amount().stripTrailingZeros().toPlainString() + " " + maxPricePerHour.currency());
      }
      return new Template(this);
    }
  }
}
