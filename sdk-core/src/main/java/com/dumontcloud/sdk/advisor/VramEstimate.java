package com.dumontcloud.sdk.advisor;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The GPU memory a model needs for a workload, every term reported. Sizes are bytes, or GiB (2<sup>30</sup> bytes)
 * where the name says so, like the GPU memory sizes they are compared with (an "80 GB" A100 has 80 GiB).
 *
 * <pre>
 * weights  = parameters × bytes per weight            (fp32 4, fp16/bf16 2, fp8/int8 1, int4 0.5)
 * kv_cache = 2 × layers × kv_heads × head_dim × bytes per KV value × context × concurrent sequences
 * runtime  = {@value #CUDA_CONTEXT_GIB} GiB CUDA context + {@value #ACTIVATION_GIB} GiB activations, per GPU
 *            (+ the model's own activation peak for image models)
 * total    = (weights + kv_cache + runtime) / gpu_memory_utilization       (vLLM's default 0.9; 1 for
 *            speech, image and embedding models, whose servers do not cap their share of the GPU)
 * overhead = total − weights − kv_cache   (runtime + the headroom gpu_memory_utilization leaves free)
 * </pre>
 *
 * <p>{@link #total()} is what one GPU would need. Across {@code tp} GPUs of one host (vLLM's tensor parallelism, 1, 2,
 * 4 or 8, for language models whose attention heads divide by {@code tp}) each GPU holds {@code weights / tp}, its
 * share of the KV heads (a KV head is replicated when {@code tp} exceeds the KV heads) and a full runtime; a GPU of
 * {@code V} GiB fits when that is at most {@code gpu_memory_utilization × V} ({@link #fits}).
 *
 * <p>The runtime constants are estimates, not measurements of ours: about 0.5 GiB for the CUDA context, cuBLAS and
 * NCCL workspaces, and 1 GiB for vLLM's profiled activation peak and CUDA graphs of a 7-8B model at its default
 * batch size (vLLM prints both at start-up; larger models and batches need more). The KV cache dtype defaults to
 * vLLM's {@code --kv-cache-dtype auto}: the model's 16-bit dtype even for int4 or fp8 weights.
 */
public final class VramEstimate {
  /** CUDA context with cuBLAS/NCCL workspaces, per GPU, GiB (an estimate). */
  public static final double CUDA_CONTEXT_GIB = 0.5;

  /** Activation peak of vLLM's profiling run and CUDA graphs, per GPU, GiB (an estimate for a 7-8B model). */
  public static final double ACTIVATION_GIB = 1.0;

  /** Tensor-parallel sizes tried, in order: the GPUs of one host. */
  public static final List<Integer> TENSOR_PARALLEL_SIZES = List.of(1, 2, 4, 8);

  static final double GIB = 1L << 30;

  private final ModelSpec model;
  private final Dtype dtype;
  private final Dtype kvCacheDtype;
  private final int context;
  private final int concurrency;
  private final double gpuMemoryUtilization;
  private final double weights;
  private final double kvCache;
  private final double runtime;

  private VramEstimate(ModelSpec model, Dtype dtype, Dtype kvCacheDtype, int context, int concurrency, double util) {
    this.model = model;
    this.dtype = dtype;
    this.kvCacheDtype = kvCacheDtype;
    this.context = context;
    this.concurrency = concurrency;
    this.gpuMemoryUtilization = util;
    this.weights = model.parameters() * dtype.bytes();
    this.kvCache = (double) model.kvElementsPerToken() * kvCacheDtype.bytes() * context * concurrency;
    this.runtime = (CUDA_CONTEXT_GIB + ACTIVATION_GIB + model.activationGib()) * GIB;
  }

  /**
   * The estimate of a model for a workload.
   *
   * @throws IllegalArgumentException when the context exceeds the model's maximum (naming {@code --context} and the
   *     maximum)
   */
  public static VramEstimate of(ModelSpec model, Workload workload) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(workload, "workload");
    Dtype dtype = workload.dtype() != null ? workload.dtype() : model.defaultDtype();
    Dtype sixteen = model.defaultDtype().bytes() == 2 ? model.defaultDtype() : Dtype.FP16;
    Dtype kv = workload.kvCacheDtype() != null ? workload.kvCacheDtype()
        : dtype.bytes() >= 2 ? dtype : sixteen;
    if (kv == Dtype.INT4) throw new IllegalArgumentException("--kv-cache-dtype must be fp8 or a 16/32-bit dtype; vLLM has no int4 KV cache");
    int context;
    if (model.kind() == ModelSpec.Kind.IMAGE) {
      context = 0;
    } else if (workload.context() == null) {
      context = model.maxContext() == null ? Workload.DEFAULT_CONTEXT : Math.min(Workload.DEFAULT_CONTEXT, model.maxContext());
    } else {
      context = workload.context();
      if (model.maxContext() != null && context > model.maxContext()) {
        throw new IllegalArgumentException("--context " + context + " is more than " + model.id() + " can take ("
            + model.maxContext() + " tokens, max_position_embeddings of its config.json); use --context "
            + model.maxContext() + " or less");
      }
    }
    double util = model.kind() == ModelSpec.Kind.LLM ? workload.gpuMemoryUtilization() : 1.0;
    return new VramEstimate(model, dtype, kv, context, workload.concurrency(), util);
  }

  public ModelSpec model() { return model; }

  public Dtype dtype() { return dtype; }

  public Dtype kvCacheDtype() { return kvCacheDtype; }

  /** Tokens per sequence in the KV cache (0 for image models). */
  public int context() { return context; }

  public int concurrency() { return concurrency; }

  /** The share of each GPU the server may use: the workload's for language models (vLLM), else 1. */
  public double gpuMemoryUtilization() { return gpuMemoryUtilization; }

  /** Weights, bytes: parameters × bytes per weight. */
  public double weightsBytes() { return weights; }

  /** KV cache of every sequence, bytes. */
  public double kvCacheBytes() { return kvCache; }

  /** KV cache of one sequence of {@link #context()} tokens, bytes. */
  public double kvCacheBytesPerSequence() { return kvCache / concurrency; }

  /** CUDA context and activations of one GPU, bytes. */
  public double runtimeBytes() { return runtime; }

  /** What one GPU would need, bytes: (weights + KV cache + runtime) / gpu_memory_utilization. */
  public double totalBytes() { return (weights + kvCache + runtime) / gpuMemoryUtilization; }

  /** Runtime plus the unused headroom, bytes: total − weights − KV cache. */
  public double overheadBytes() { return totalBytes() - weights - kvCache; }

  /** The headroom {@code gpu_memory_utilization} keeps free, bytes. */
  public double headroomBytes() { return totalBytes() - weights - kvCache - runtime; }

  public double weightsGib() { return weights / GIB; }

  public double kvCacheGib() { return kvCache / GIB; }

  public double overheadGib() { return overheadBytes() / GIB; }

  public double totalGib() { return totalBytes() / GIB; }

  /** Whether vLLM can split this model {@code tp} ways: heads divide by it and KV heads divide it or by it. */
  public boolean tensorParallelAllowed(int tp) {
    if (tp == 1) return true;
    if (!model.tensorParallel() || !TENSOR_PARALLEL_SIZES.contains(tp)) return false;
    int kvh = model.kvHeads();
    return model.attentionHeads() % tp == 0 && (kvh % tp == 0 || tp % kvh == 0);
  }

  /** What each of {@code tp} GPUs holds, bytes (weights share, KV heads share, runtime; before the headroom). */
  public double perGpuBytes(int tp) {
    return weights / tp + kvCache * kvShare(tp) + runtime;
  }

  /**
   * What each of {@code tp} GPUs reads from memory for one decode step of all {@link #concurrency()} sequences, bytes:
   * its share of the weights (of the active parameters only, for a mixture of experts whose active count the catalog
   * gives) and its share of every sequence's KV cache at the full {@link #context()}. The denominator of
   * {@link MemoryBandwidth}'s roofline.
   */
  public double decodeBytesPerGpu(int tp) {
    double read = model.activeParameters() == null ? weights : model.activeParameters() * dtype.bytes();
    return read / tp + kvCache * kvShare(tp);
  }

  private double kvShare(int tp) {
    if (tp < 1) throw new IllegalArgumentException("tensor parallel size must be at least 1, got " + tp);
    if (model.kvHeads() == null || tp == 1) return 1.0 / tp;
    int kvh = model.kvHeads();
    return (double) Math.max(1, kvh / tp) / kvh; // a KV head is replicated when tp > kv heads
  }

  /** The memory {@code tp} GPUs of {@code gpuVramGib} each leave unused by this estimate, GiB per GPU. */
  public double spareGibPerGpu(double gpuVramGib, int tp) {
    return (gpuMemoryUtilization * gpuVramGib * GIB - perGpuBytes(tp)) / GIB;
  }

  /** Whether {@code tp} GPUs of {@code gpuVramGib} GiB each hold the workload. */
  public boolean fits(double gpuVramGib, int tp) {
    return tensorParallelAllowed(tp) && perGpuBytes(tp) <= gpuMemoryUtilization * gpuVramGib * GIB;
  }

  /** The fewest GPUs of {@code gpuVramGib} GiB on one host (1, 2, 4 or 8) that hold the workload, or 0 when 8 do not. */
  public int gpusNeeded(double gpuVramGib) {
    for (int tp : TENSOR_PARALLEL_SIZES) {
      if (fits(gpuVramGib, tp)) return tp;
    }
    return 0;
  }

  /** The JSON form: {@code weights_gb}, {@code kv_cache_gb}, {@code overhead_gb}, {@code total_gb} (GiB, 2 decimals). */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("weights_gb", round(weightsGib()));
    m.put("kv_cache_gb", round(kvCacheGib()));
    m.put("overhead_gb", round(overheadGib()));
    m.put("total_gb", round(totalGib()));
    return m;
  }

  static double round(double v) {
    return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_EVEN).doubleValue();
  }

  @Override
  public String toString() {
    return "VramEstimate[" + model.id() + " " + dtype.wireName() + ", " + context + " tokens × " + concurrency
        + ": " + toMap() + "]";
  }
}
