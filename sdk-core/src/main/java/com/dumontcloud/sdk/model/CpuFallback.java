package com.dumontcloud.sdk.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a template's CPU standby runs: an OpenAI-compatible CPU server (for instance llama.cpp's {@code llama-server}
 * with a GGUF quantisation of the template's model, or of a smaller sibling) that serves degraded while no GPU
 * replica is healthy. The engine launches the standby with this image, arguments, port and environment instead of
 * the GPU template's, rents it from CPU-only offers with at least {@link #minVcpus()} vCPUs and
 * {@link #minRamGib()} GiB, and calls it ready only once {@link #healthPath()} answers 2xx on {@link #port()}.
 *
 * <p>Map form (inside a template, see {@link Templates}): {@code cpu_fallback: {image, args, port, health_path,
 * env, min_vcpus, min_ram_gib, model}}. Immutable and thread-safe; build one with {@link #builder(String)}.
 */
public final class CpuFallback {
  /** llama.cpp's server image (CPU build), the built-in templates' fallback. */
  public static final String LLAMA_CPP_IMAGE = "ghcr.io/ggml-org/llama.cpp:server";

  /** Port llama.cpp's server listens on in the built-in fallbacks. */
  public static final int LLAMA_CPP_PORT = 8080;

  private final String image;
  private final List<String> args;
  private final int port;
  private final String healthPath;
  private final Map<String, String> env;
  private final int minVcpus;
  private final double minRamGib;
  private final String modelId;

  private CpuFallback(Builder b) {
    if (b.image == null || b.image.isBlank()) {
      throw new IllegalArgumentException("cpu_fallback.image must name a container image, e.g. " + LLAMA_CPP_IMAGE);
    }
    if (b.port < 1 || b.port > 65535) {
      throw new IllegalArgumentException("cpu_fallback.port must be a container port in 1..65535, got " + b.port);
    }
    String hp = b.healthPath == null || b.healthPath.isBlank() ? "/health" : b.healthPath.trim();
    if (!hp.startsWith("/")) {
      throw new IllegalArgumentException("cpu_fallback.health_path must start with '/', got '" + hp + "'");
    }
    if (b.minVcpus < 0 || b.minVcpus > 4096) {
      throw new IllegalArgumentException("cpu_fallback.min_vcpus must be in 0..4096, got " + b.minVcpus);
    }
    if (!(b.minRamGib >= 0) || b.minRamGib > 1_000_000) {
      throw new IllegalArgumentException("cpu_fallback.min_ram_gib must be a number of GiB in 0..1000000, got "
          + Templates.showNumber(b.minRamGib));
    }
    for (int i = 0; i < b.args.size(); i++) {
      if (b.args.get(i) == null) throw new IllegalArgumentException("cpu_fallback.args[" + i + "] must be a text");
    }
    for (Map.Entry<String, String> e : b.env.entrySet()) {
      if (e.getKey() == null || e.getKey().isBlank() || e.getValue() == null) {
        throw new IllegalArgumentException("cpu_fallback.env entries need a name and a text value, got "
            + e.getKey() + " = " + (e.getValue() == null ? "nothing" : "'" + e.getValue() + "'"));
      }
    }
    this.image = b.image.trim();
    this.args = List.copyOf(b.args);
    this.port = b.port;
    this.healthPath = hp;
    this.env = Collections.unmodifiableMap(new LinkedHashMap<>(b.env));
    this.minVcpus = b.minVcpus;
    this.minRamGib = b.minRamGib;
    this.modelId = b.modelId == null || b.modelId.isBlank() ? null : b.modelId.trim();
  }

  /** A builder for a fallback running {@code image} (port 8080, health {@code /health}, 2 vCPUs, 4 GiB). */
  public static Builder builder(String image) {
    return new Builder().image(image);
  }

  /**
   * llama.cpp's server pulling a GGUF repository from Hugging Face ({@code -hf <repo>}), on port 8080 with
   * {@code /health}.
   *
   * @param ggufRepo e.g. {@code Qwen/Qwen2.5-0.5B-Instruct-GGUF}, optionally with {@code :<quant>} (e.g.
   *     {@code :Q4_K_M})
   */
  public static CpuFallback llamaCpp(String ggufRepo, int minVcpus, double minRamGib) {
    Objects.requireNonNull(ggufRepo, "ggufRepo");
    return builder(LLAMA_CPP_IMAGE)
        .args(List.of("-hf", ggufRepo, "--host", "0.0.0.0", "--port", String.valueOf(LLAMA_CPP_PORT)))
        .port(LLAMA_CPP_PORT).healthPath("/health").minVcpus(minVcpus).minRamGib(minRamGib).modelId(ggufRepo).build();
  }

  public Builder toBuilder() {
    return new Builder().image(image).args(args).port(port).healthPath(healthPath).env(env).minVcpus(minVcpus)
        .minRamGib(minRamGib).modelId(modelId);
  }

  /** Container image of the CPU server. */
  public String image() {
    return image;
  }

  /** Container arguments. */
  public List<String> args() {
    return args;
  }

  /** Container port of its OpenAI-compatible HTTP API. */
  public int port() {
    return port;
  }

  /** Path that answers 2xx once the model is loaded. */
  public String healthPath() {
    return healthPath;
  }

  /** Environment of the container. */
  public Map<String, String> env() {
    return env;
  }

  /** Fewest vCPUs the standby machine may have. */
  public int minVcpus() {
    return minVcpus;
  }

  /** Least memory in GiB the standby machine may have. */
  public double minRamGib() {
    return minRamGib;
  }

  /** The model the CPU server serves (e.g. the GGUF repository), or null. */
  public String modelId() {
    return modelId;
  }

  /**
   * The launch template of the standby: the GPU template's name, category and description with this fallback's
   * image, port, health path, model, environment and arguments, and no GPU requirement.
   */
  public Template launchTemplate(Template gpu) {
    Objects.requireNonNull(gpu, "template");
    return Template.builder(gpu.name(), image)
        .displayName(gpu.displayName() == null ? null : gpu.displayName() + " (CPU fallback)")
        .description("CPU fallback of " + gpu.name() + ": " + image)
        .category(gpu.category())
        .port(port)
        .healthPath(healthPath)
        .modelId(modelId != null ? modelId : gpu.modelId())
        .env(env)
        .args(args)
        .build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CpuFallback c && image.equals(c.image) && args.equals(c.args) && port == c.port
        && healthPath.equals(c.healthPath) && env.equals(c.env) && minVcpus == c.minVcpus
        && Double.compare(minRamGib, c.minRamGib) == 0 && Objects.equals(modelId, c.modelId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(image, args, port, healthPath, env, minVcpus, minRamGib, modelId);
  }

  @Override
  public String toString() {
    return "CpuFallback[" + image + " " + String.join(" ", args) + ", port " + port + healthPath + ", >= "
        + minVcpus + " vCPUs, >= " + Templates.showNumber(minRamGib) + " GiB" + (modelId == null ? "" : ", " + modelId)
        + "]";
  }

  /** Builder of a {@link CpuFallback}; {@link #build()} validates. */
  public static final class Builder {
    private String image;
    private List<String> args = List.of();
    private int port = LLAMA_CPP_PORT;
    private String healthPath = "/health";
    private Map<String, String> env = Map.of();
    private int minVcpus = 2;
    private double minRamGib = 4;
    private String modelId;

    private Builder() {}

    public Builder image(String v) { image = v; return this; }
    public Builder args(List<String> v) { args = v == null ? List.of() : new java.util.ArrayList<>(v); return this; }
    public Builder port(int v) { port = v; return this; }
    public Builder healthPath(String v) { healthPath = v; return this; }
    public Builder env(Map<String, String> v) { env = v == null ? Map.of() : new LinkedHashMap<>(v); return this; }
    public Builder minVcpus(int v) { minVcpus = v; return this; }
    public Builder minRamGib(double v) { minRamGib = v; return this; }
    public Builder modelId(String v) { modelId = v; return this; }

    /**
     * @throws IllegalArgumentException naming the field ({@code cpu_fallback.<key>}), the bad value and what is
     *     accepted
     */
    public CpuFallback build() {
      return new CpuFallback(this);
    }
  }
}
