package com.dumontcloud.sdk.catalog;

import com.dumontcloud.sdk.exception.InvalidSpecException;
import com.dumontcloud.sdk.model.CpuFallback;
import com.dumontcloud.sdk.model.GpuModel;
import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.model.TemplateCategory;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The built-in launch templates.
 *
 * <p><b>General templates</b> (seed 001): {@code high_performance}, {@code budget} and {@code research}. Their
 * {@code config} is exactly the seed's (vLLM model name, {@code min_gpu_ram} GB, {@code max_price} $/h and, for
 * high_performance, {@code vllm_max_model_len} 8192), and they run that model on vLLM.
 *
 * <p><b>Model templates</b> (seed 000, origin catalog 7.3): {@code qwen3-0.6b}, {@code qwen2.5-0.5b},
 * {@code phi-3-mini}, {@code qwen2.5-7b}, {@code mistral-7b}, {@code llama-3.1-8b} (LLM, vLLM's OpenAI server),
 * {@code whisper-small} (SPEECH), {@code sdxl-turbo} (IMAGE), plus {@code bge-large-en-v1.5} (EMBEDDINGS). Each names
 * an image that really serves its model (the origin shipped TGI for Whisper and a non-serving diffusers image for
 * SDXL; see each template's description for the choice made here).
 *
 * <p><b>CPU fallbacks</b>: the LLM templates (and the general ones, which serve LLMs) carry a {@link CpuFallback}
 * running llama.cpp's server ({@value CpuFallback#LLAMA_CPP_IMAGE}, port 8080, {@code /health}) on a GGUF build of
 * the model or of a smaller sibling, which a deployment's CPU standby serves while no GPU replica is healthy.
 * Whisper, SDXL Turbo and BGE have none (no OpenAI-compatible CPU server of the same API worth running).
 *
 * <p><b>{@code minGpuRamGib} of model templates</b>: the smallest common GPU memory size (4, 6, 8, 10, 12, 16, 20,
 * 24, 32, 40, 48, 80, 96, 141 GB) that holds 1.2 × the VRAM the model needs (headroom for the CUDA context, KV cache
 * and activations), and never below the runtime minimum of origin catalog 7.2 (LLM on vLLM 8, speech 4, image 12,
 * embeddings 2). So qwen2.5-0.5b (1 GB) asks for 8, phi-3-mini (8 GB) 10, the 7-8B models (14-16 GB) 20,
 * sdxl-turbo (12 GB) 16.
 *
 * <p>Thread-safe and immutable.
 */
public final class TemplateCatalog {
  private TemplateCatalog() {}

  /** vLLM's OpenAI-compatible server, pinned (supports Qwen3, Phi-3, Mistral v0.3, Llama 3.1). */
  public static final String VLLM_IMAGE = "vllm/vllm-openai:v0.9.2";

  /** Container port of vLLM's OpenAI server. */
  public static final int VLLM_PORT = 8000;

  /** GPU memory share vLLM is started with unless overridden (origin catalog 7.2). */
  public static final double DEFAULT_GPU_MEMORY_UTILIZATION = 0.9;

  static final String WHISPER_IMAGE = "fedirz/faster-whisper-server:latest-cuda";
  static final String HF_INFERENCE_IMAGE = "us-docker.pkg.dev/deeplearning-platform-release/gcr.io/"
      + "huggingface-pytorch-inference-cu121.2-2.transformers.4-44.ubuntu2204.py311";
  static final String TEI_IMAGE_REPO = "ghcr.io/huggingface/text-embeddings-inference";
  static final String TEI_VERSION = "1.5";

  private static final double[] GPU_SIZES = {4, 6, 8, 10, 12, 16, 20, 24, 32, 40, 48, 80, 96, 141};

  /** Keys every template accepts in {@code custom_config}. */
  private static final Map<String, Key> GENERIC_KEYS = new LinkedHashMap<>();
  /** Keys only vLLM templates accept. */
  private static final Map<String, Key> VLLM_KEYS = new LinkedHashMap<>();

  private static final List<Template> TEMPLATES;

  /** CPU fallback of the general (Qwen2.5-Coder) templates: the family's 1.5B sibling as a Q4_K_M GGUF. */
  private static final CpuFallback CODER_CPU = CpuFallback.llamaCpp("Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF:Q4_K_M", 4, 8);

  static {
    key(GENERIC_KEYS, "min_gpu_ram", Kind.POSITIVE_NUMBER, "minimum GPU memory per GPU in GB");
    key(GENERIC_KEYS, "max_price", Kind.PRICE, "price cap in $/h");
    key(GENERIC_KEYS, "disk_gb", Kind.POSITIVE_NUMBER, "disk to allocate in GB");
    key(GENERIC_KEYS, "auto_destroy", Kind.BOOLEAN, "destroy the instance when its work ends");
    key(VLLM_KEYS, "vllm_model_name", Kind.TEXT, "Hugging Face model id to serve");
    key(VLLM_KEYS, "vllm_max_model_len", Kind.POSITIVE_INT, "context length (--max-model-len)");
    key(VLLM_KEYS, "vllm_gpu_memory_utilization", Kind.FRACTION, "GPU memory share in (0,1]");
    key(VLLM_KEYS, "vllm_tensor_parallel_size", Kind.POSITIVE_INT, "GPUs to shard each layer over");
    key(VLLM_KEYS, "vllm_pipeline_parallel_size", Kind.POSITIVE_INT, "pipeline stages");
    key(VLLM_KEYS, "vllm_max_num_seqs", Kind.POSITIVE_INT, "concurrent sequences");
    key(VLLM_KEYS, "vllm_dtype", Kind.DTYPE, "auto, half, float16, bfloat16, float or float32");
    key(VLLM_KEYS, "vllm_enforce_eager", Kind.BOOLEAN, "disable CUDA graphs");
    key(VLLM_KEYS, "vllm_trust_remote_code", Kind.BOOLEAN, "run model code from the Hub (off by default)");
    key(VLLM_KEYS, "vllm_swap_space", Kind.NON_NEGATIVE_NUMBER, "CPU swap space in GiB");
    key(VLLM_KEYS, "vllm_block_size", Kind.POSITIVE_INT, "KV cache block size in tokens");

    List<Template> t = new ArrayList<>();
    // Seed 001 general templates: config exactly as the seed.
    t.add(general("high_performance", "High performance",
        "Large models and heavy work (seed 001): Qwen2.5-Coder-32B-Instruct on vLLM, RTX 4090 / A100 class GPUs"
            + " (24 GB+), up to $2.0/h. Note: the BF16 weights of a 32B model need about 65 GB, more than one 24 GB"
            + " GPU holds; rent num_gpus>=4 with vllm_tensor_parallel_size=4, an 80 GB GPU, or override"
            + " vllm_model_name with a quantised build such as Qwen/Qwen2.5-Coder-32B-Instruct-AWQ.",
        seedConfig("Qwen/Qwen2.5-Coder-32B-Instruct", 8192, 24, 2.0), 65, "RTX 4090").withCpuFallback(CODER_CPU));
    t.add(general("budget", "Budget",
        "Development, tests and small jobs (seed 001): Qwen2.5-Coder-7B-Instruct on vLLM, RTX 3080 / 3090 class"
            + " GPUs (8 GB+), up to $0.5/h. Note: the BF16 weights need about 15 GB, so on GPUs under 16 GB"
            + " override vllm_model_name with a quantised build (e.g. Qwen/Qwen2.5-Coder-7B-Instruct-AWQ);"
            + " vLLM needs compute capability 7.0+, so Pascal cards such as the GTX 1080 Ti cannot run it.",
        seedConfig("Qwen/Qwen2.5-Coder-7B-Instruct", null, 8, 0.5), 16, "RTX 3080").withCpuFallback(CODER_CPU));
    t.add(general("research", "Research",
        "Research and experiments (seed 001): Qwen2.5-Coder-14B-Instruct on vLLM, RTX 4070 / 4080 / 3090 class"
            + " GPUs (16 GB+), up to $1.0/h. Note: the BF16 weights need about 28 GB; on 16-24 GB GPUs use"
            + " num_gpus>=2 with vllm_tensor_parallel_size=2 or a quantised build.",
        seedConfig("Qwen/Qwen2.5-Coder-14B-Instruct", null, 16, 1.0), 30, "RTX 4070").withCpuFallback(CODER_CPU));
    // Seed 000 / origin 7.3 model templates, VRAM and recommended GPU from the seed.
    t.add(llm("qwen3-0.6b", "Qwen3 0.6B", "Qwen/Qwen3-0.6B", 2, 8192, "RTX 3080")
        .withCpuFallback(CpuFallback.llamaCpp("Qwen/Qwen3-0.6B-GGUF", 2, 4)));
    t.add(llm("qwen2.5-0.5b", "Qwen 2.5 0.5B", "Qwen/Qwen2.5-0.5B-Instruct", 1, 8192, "RTX 3080")
        .withCpuFallback(CpuFallback.llamaCpp("Qwen/Qwen2.5-0.5B-Instruct-GGUF", 2, 4)));
    t.add(llm("phi-3-mini", "Phi-3 Mini", "microsoft/Phi-3-mini-4k-instruct", 8, 4096, "RTX 3080")
        .withCpuFallback(CpuFallback.llamaCpp("microsoft/Phi-3-mini-4k-instruct-gguf", 4, 8)));
    // 7-8B models: a Q4_K_M of the model itself needs ~5 GB and 8+ cores to answer at a few tokens/s on CPU, so
    // the fallback is the family's small sibling where one exists (Qwen 2.5 1.5B, Llama 3.2 1B); Mistral has none
    // and serves its own Q4_K_M on a larger CPU machine.
    t.add(llm("qwen2.5-7b", "Qwen 2.5 7B", "Qwen/Qwen2.5-7B-Instruct", 14, 8192, "RTX 4090")
        .withCpuFallback(CpuFallback.llamaCpp("Qwen/Qwen2.5-1.5B-Instruct-GGUF:Q4_K_M", 4, 8)));
    t.add(llm("mistral-7b", "Mistral 7B v0.3", "mistralai/Mistral-7B-Instruct-v0.3", 14, 8192, "RTX 4090")
        .withCpuFallback(CpuFallback.llamaCpp("bartowski/Mistral-7B-Instruct-v0.3-GGUF:Q4_K_M", 8, 16)));
    t.add(llm("llama-3.1-8b", "Llama 3.1 8B", "meta-llama/Llama-3.1-8B-Instruct", 16, 8192, "RTX 4090")
        .withCpuFallback(CpuFallback.llamaCpp("bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M", 4, 8)));
    t.add(whisperSmall());
    t.add(sdxlTurbo());
    t.add(bgeLarge());
    TEMPLATES = List.copyOf(t);
  }

  /** Every built-in template: the three general ones first, then the model templates. */
  public static List<Template> all() {
    return TEMPLATES;
  }

  /** The templates of one category (e.g. EMBEDDINGS for a serverless embeddings endpoint). */
  public static List<Template> byCategory(TemplateCategory category) {
    return TEMPLATES.stream().filter(t -> t.category() == category).toList();
  }

  /** Names of every built-in template, in catalog order. */
  public static List<String> names() {
    return TEMPLATES.stream().map(Template::name).toList();
  }

  /**
   * The template with this name. Case is ignored and {@code -} and {@code _} are equivalent, so
   * {@code "High-Performance"} finds {@code high_performance}.
   */
  public static Optional<Template> find(String name) {
    if (name == null) return Optional.empty();
    String key = slug(name);
    return TEMPLATES.stream().filter(t -> slug(t.name()).equals(key)).findFirst();
  }

  /**
   * The template, or an exception listing the known names.
   *
   * @throws InvalidSpecException when no built-in template has that name
   */
  public static Template get(String name) {
    return find(name).orElseThrow(() -> new InvalidSpecException(
        "unknown template '" + name + "'; known templates: " + String.join(", ", names())));
  }

  /** The {@code custom_config} keys a template accepts, in a stable order. */
  public static Set<String> allowedOverrideKeys(Template template) {
    Set<String> keys = new TreeSet<>(GENERIC_KEYS.keySet());
    if (isVllm(template)) keys.addAll(VLLM_KEYS.keySet());
    return keys;
  }

  /**
   * Validates seed-style {@code custom_config} overrides and returns the customised template: config merged
   * (override wins), {@code minGpuRamGib} and {@code maxPricePerHour} following {@code min_gpu_ram} and
   * {@code max_price}, and for vLLM templates the model id and container arguments following the {@code vllm_*}
   * keys. Numbers may be given as strings ({@code "4096"}); booleans as {@code true}/{@code false} strings.
   *
   * @param overrides key → value; null or empty returns the template unchanged
   * @throws InvalidSpecException naming every bad key (unknown keys list the allowed ones), non-positive lengths,
   *     a memory utilisation outside (0,1], and values of the wrong type
   */
  public static Template applyOverrides(Template template, Map<String, ?> overrides) {
    java.util.Objects.requireNonNull(template, "template");
    if (overrides == null || overrides.isEmpty()) return template;
    boolean vllm = isVllm(template);
    List<String> problems = new ArrayList<>();
    Map<String, Object> normalized = new LinkedHashMap<>();
    for (Map.Entry<String, ?> e : overrides.entrySet()) {
      String k = e.getKey() == null ? "null" : e.getKey().trim();
      Key spec = GENERIC_KEYS.get(k);
      if (spec == null && vllm) spec = VLLM_KEYS.get(k);
      if (spec == null) {
        String allowed = String.join(", ", allowedOverrideKeys(template));
        problems.add(VLLM_KEYS.containsKey(k)
            ? "'" + k + "' applies only to vLLM templates, and '" + template.name() + "' runs " + template.image()
                + " (allowed keys: " + allowed + ")"
            : "unknown key '" + k + "' (allowed keys: " + allowed + ")");
        continue;
      }
      try {
        normalized.put(k, spec.kind.convert(k, e.getValue()));
      } catch (IllegalArgumentException ex) {
        problems.add(ex.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidSpecException("invalid custom_config for template '" + template.name() + "': "
          + String.join("; ", problems));
    }
    Map<String, Object> config = new LinkedHashMap<>(template.config());
    config.putAll(normalized);
    double minGpuRam = config.get("min_gpu_ram") instanceof Number n ? n.doubleValue() : template.minGpuRamGib();
    Money maxPrice = config.get("max_price") instanceof Number n ? Money.usd(n.doubleValue())
        : template.maxPricePerHour();
    String modelId = template.modelId();
    double vramRequired = template.vramRequiredGib();
    List<String> args = template.args();
    if (vllm) {
      String model = (String) config.getOrDefault("vllm_model_name", template.modelId());
      if (!model.equals(template.modelId())) vramRequired = 0; // unknown for a model we do not catalogue
      modelId = model;
      args = vllmArgs(config, model);
    }
    return template.toBuilder()
        .modelId(modelId)
        .minGpuRamGib(minGpuRam)
        .vramRequiredGib(vramRequired)
        .maxPricePerHour(maxPrice)
        .config(config)
        .args(args)
        .build();
  }

  /**
   * The text-embeddings-inference image built for a GPU's architecture (TEI ships one image per CUDA compute
   * capability): Turing {@code turing-1.5}, A100/A30 {@code 1.5}, other Ampere {@code 86-1.5}, Ada {@code 89-1.5},
   * Hopper {@code hopper-1.5}. Empty for GPUs TEI does not support (compute capability under 7.5, and Blackwell,
   * which TEI 1.5 predates).
   */
  public static Optional<String> embeddingsImageFor(GpuModel gpu) {
    if (gpu == null) return Optional.empty();
    Optional<GpuCatalog.Spec> spec = GpuCatalog.spec(gpu.name());
    if (spec.isEmpty()) return Optional.empty();
    double cc = spec.get().computeCapability();
    String tag;
    if (cc >= 10) return Optional.empty();
    else if (cc >= 9.0) tag = "hopper-" + TEI_VERSION;
    else if (cc >= 8.9) tag = "89-" + TEI_VERSION;
    else if (cc >= 8.6) tag = "86-" + TEI_VERSION;
    else if (cc >= 8.0) tag = TEI_VERSION;
    else if (cc >= 7.5) tag = "turing-" + TEI_VERSION;
    else return Optional.empty();
    return Optional.of(TEI_IMAGE_REPO + ":" + tag);
  }

  // ---------------------------------------------------------------------------------------------------------------

  private static Map<String, Object> seedConfig(String model, Integer maxLen, int minGpuRam, double maxPrice) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("vllm_model_name", model);
    if (maxLen != null) c.put("vllm_max_model_len", maxLen);
    c.put("min_gpu_ram", minGpuRam);
    c.put("max_price", maxPrice);
    return c;
  }

  private static Template general(String name, String display, String description, Map<String, Object> config,
      double vramRequired, String recommendedGpu) {
    String model = (String) config.get("vllm_model_name");
    double minGpuRam = ((Number) config.get("min_gpu_ram")).doubleValue();
    Money maxPrice = Money.usd(((Number) config.get("max_price")).doubleValue());
    return Template.builder(name, VLLM_IMAGE)
        .displayName(display)
        .description(description)
        .category(TemplateCategory.GENERAL)
        .port(VLLM_PORT)
        .healthPath("/health")
        .modelId(model)
        .minGpuRamGib(minGpuRam)
        .vramRequiredGib(vramRequired)
        .maxPricePerHour(maxPrice)
        .recommendedGpu(recommendedGpu)
        .config(config)
        .args(vllmArgs(config, model))
        .build();
  }

  private static Template llm(String slug, String display, String model, double vram, int maxLen,
      String recommendedGpu) {
    double minGpuRam = minGpuRam(vram, 8);
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("vllm_model_name", model);
    config.put("vllm_max_model_len", maxLen);
    config.put("min_gpu_ram", (int) minGpuRam);
    String gated = model.startsWith("meta-llama/")
        ? " The model is gated on Hugging Face: pass HF_TOKEN in the launch environment." : "";
    String description = display + " (" + model + ") served by vLLM's OpenAI-compatible API on port " + VLLM_PORT
        + " (/v1/chat/completions, /v1/completions; GET /health), context " + maxLen + " tokens. Needs " + fmt(vram)
        + " GB VRAM (seed 000); recommended " + recommendedGpu + "." + gated;
    return Template.builder(slug, VLLM_IMAGE)
        .displayName(display)
        .description(description)
        .category(TemplateCategory.LLM)
        .port(VLLM_PORT)
        .healthPath("/health")
        .modelId(model)
        .minGpuRamGib(minGpuRam)
        .vramRequiredGib(vram)
        .recommendedGpu(recommendedGpu)
        .config(config)
        .args(vllmArgs(config, model))
        .build();
  }

  private static Template whisperSmall() {
    double vram = 2;
    double minGpuRam = minGpuRam(vram, 4);
    String served = "Systran/faster-whisper-small";
    String description = "Whisper Small speech-to-text. The origin used the TGI image, which cannot serve Whisper;"
        + " this runs faster-whisper-server (" + WHISPER_IMAGE + ", the project now continued as speaches), which"
        + " serves the OpenAI audio API on port 8000: POST /v1/audio/transcriptions and /v1/audio/translations"
        + " (multipart 'file', 'model'), GET /health. It serves " + served + ", the CTranslate2 conversion of"
        + " openai/whisper-small; requests may name that model or 'whisper-1'. Needs 2 GB VRAM (seed 000);"
        + " recommended RTX 3080.";
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("model_name", served);
    config.put("source_model", "openai/whisper-small");
    config.put("min_gpu_ram", (int) minGpuRam);
    return Template.builder("whisper-small", WHISPER_IMAGE)
        .displayName("Whisper Small")
        .description(description)
        .category(TemplateCategory.SPEECH)
        .port(8000)
        .healthPath("/health")
        .modelId(served)
        .minGpuRamGib(minGpuRam)
        .vramRequiredGib(vram)
        .recommendedGpu("RTX 3080")
        .config(config)
        .env(Map.of("WHISPER__MODEL", served, "WHISPER__INFERENCE_DEVICE", "cuda"))
        .build();
  }

  private static Template sdxlTurbo() {
    double vram = 12;
    double minGpuRam = minGpuRam(vram, 12);
    String model = "stabilityai/sdxl-turbo";
    String description = "SDXL Turbo text-to-image. The origin named ghcr.io/huggingface/diffusers, which is not a"
        + " serving image; this runs the Hugging Face PyTorch Inference container (huggingface-inference-toolkit"
        + " with diffusers, published by Google Cloud and Hugging Face) with HF_TASK=text-to-image, on port 5000:"
        + " POST /predict {\"inputs\": prompt, \"parameters\": {\"num_inference_steps\": 1, \"guidance_scale\": 0.0}}"
        + " with 'Accept: image/png' returns the image; GET /health. Not OpenAI-compatible. Needs 12 GB VRAM"
        + " (seed 000); recommended RTX 4090.";
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("model_name", model);
    config.put("min_gpu_ram", (int) minGpuRam);
    Map<String, String> env = new LinkedHashMap<>();
    env.put("HF_MODEL_ID", model);
    env.put("HF_TASK", "text-to-image");
    return Template.builder("sdxl-turbo", HF_INFERENCE_IMAGE)
        .displayName("SDXL Turbo")
        .description(description)
        .category(TemplateCategory.IMAGE)
        .port(5000)
        .healthPath("/health")
        .modelId(model)
        .minGpuRamGib(minGpuRam)
        .vramRequiredGib(vram)
        .recommendedGpu("RTX 4090")
        .config(config)
        .env(env)
        .build();
  }

  private static Template bgeLarge() {
    double vram = 2;
    double minGpuRam = minGpuRam(vram, 2);
    String model = "BAAI/bge-large-en-v1.5";
    String image = TEI_IMAGE_REPO + ":86-" + TEI_VERSION;
    String description = "BGE Large EN v1.5 text embeddings served by Hugging Face text-embeddings-inference on"
        + " port 80: POST /v1/embeddings (OpenAI-compatible) and /embed, GET /health. TEI builds one image per GPU"
        + " architecture; this one (" + image + ") targets Ampere 8.6 (RTX 30xx, A10, A40, A-series workstation,"
        + " recommended RTX 3080). For other GPUs use TemplateCatalog.embeddingsImageFor(gpu). Needs 2 GB VRAM"
        + " (origin catalog 7.2).";
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("model_name", model);
    config.put("min_gpu_ram", (int) minGpuRam);
    return Template.builder("bge-large-en-v1.5", image)
        .displayName("BGE Large EN v1.5")
        .description(description)
        .category(TemplateCategory.EMBEDDINGS)
        .port(80)
        .healthPath("/health")
        .modelId(model)
        .minGpuRamGib(minGpuRam)
        .vramRequiredGib(vram)
        .recommendedGpu("RTX 3080")
        .config(config)
        .args(List.of("--model-id", model, "--port", "80"))
        .build();
  }

  static double minGpuRam(double vramRequired, double runtimeFloor) {
    double need = vramRequired * 1.2;
    for (double size : GPU_SIZES) {
      if (size >= need) return Math.max(size, runtimeFloor);
    }
    return Math.max(Math.ceil(need), runtimeFloor);
  }

  static boolean isVllm(Template t) {
    return t.image().startsWith("vllm/vllm-openai");
  }

  private static List<String> vllmArgs(Map<String, Object> c, String model) {
    List<String> a = new ArrayList<>(List.of("--model", model, "--host", "0.0.0.0", "--port",
        String.valueOf(VLLM_PORT)));
    Object util = c.getOrDefault("vllm_gpu_memory_utilization", DEFAULT_GPU_MEMORY_UTILIZATION);
    a.add("--gpu-memory-utilization");
    a.add(fmt(((Number) util).doubleValue()));
    flag(a, c, "vllm_max_model_len", "--max-model-len");
    flag(a, c, "vllm_tensor_parallel_size", "--tensor-parallel-size");
    flag(a, c, "vllm_pipeline_parallel_size", "--pipeline-parallel-size");
    flag(a, c, "vllm_max_num_seqs", "--max-num-seqs");
    flag(a, c, "vllm_dtype", "--dtype");
    flag(a, c, "vllm_swap_space", "--swap-space");
    flag(a, c, "vllm_block_size", "--block-size");
    if (Boolean.TRUE.equals(c.get("vllm_enforce_eager"))) a.add("--enforce-eager");
    if (Boolean.TRUE.equals(c.get("vllm_trust_remote_code"))) a.add("--trust-remote-code");
    return a;
  }

  private static void flag(List<String> args, Map<String, Object> c, String key, String flag) {
    Object v = c.get(key);
    if (v == null) return;
    args.add(flag);
    args.add(v instanceof Number n ? fmt(n.doubleValue()) : v.toString());
  }

  private static String fmt(double d) {
    return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }

  private static String slug(String s) {
    return s.trim().toLowerCase(Locale.ROOT).replace('-', '_');
  }

  private static void key(Map<String, Key> target, String name, Kind kind, String help) {
    target.put(name, new Key(kind, help));
  }

  private record Key(Kind kind, String help) {}

  /** How an override value is checked and normalised. */
  private enum Kind {
    TEXT {
      @Override
      Object convert(String key, Object v) {
        if (!(v instanceof String s) || s.isBlank()) {
          throw new IllegalArgumentException(key + " must be a non-blank string, got " + show(v));
        }
        return s.trim();
      }
    },
    POSITIVE_INT {
      @Override
      Object convert(String key, Object v) {
        BigDecimal d = number(key, v);
        if (d.signum() <= 0 || d.stripTrailingZeros().scale() > 0 || d.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
          throw new IllegalArgumentException(key + " must be a positive integer, got " + show(v));
        }
        return d.intValueExact();
      }
    },
    POSITIVE_NUMBER {
      @Override
      Object convert(String key, Object v) {
        BigDecimal d = number(key, v);
        if (d.signum() <= 0) throw new IllegalArgumentException(key + " must be positive, got " + show(v));
        return compact(d);
      }
    },
    PRICE {
      @Override
      Object convert(String key, Object v) {
        BigDecimal d = number(key, v);
        if (d.signum() <= 0) throw new IllegalArgumentException(key + " must be a positive price in $/h, got " + show(v));
        return d.doubleValue();
      }
    },
    NON_NEGATIVE_NUMBER {
      @Override
      Object convert(String key, Object v) {
        BigDecimal d = number(key, v);
        if (d.signum() < 0) throw new IllegalArgumentException(key + " must be zero or positive, got " + show(v));
        return compact(d);
      }
    },
    FRACTION {
      @Override
      Object convert(String key, Object v) {
        BigDecimal d = number(key, v);
        if (d.signum() <= 0 || d.compareTo(BigDecimal.ONE) > 0) {
          throw new IllegalArgumentException(key + " must be in (0, 1] (a share of GPU memory, e.g. 0.9), got "
              + show(v));
        }
        return d.doubleValue();
      }
    },
    BOOLEAN {
      @Override
      Object convert(String key, Object v) {
        if (v instanceof Boolean b) return b;
        if (v instanceof String s && (s.trim().equalsIgnoreCase("true") || s.trim().equalsIgnoreCase("false"))) {
          return Boolean.valueOf(s.trim());
        }
        throw new IllegalArgumentException(key + " must be true or false, got " + show(v));
      }
    },
    DTYPE {
      private final Set<String> allowed = Set.of("auto", "half", "float16", "bfloat16", "float", "float32");

      @Override
      Object convert(String key, Object v) {
        if (v instanceof String s && allowed.contains(s.trim().toLowerCase(Locale.ROOT))) {
          return s.trim().toLowerCase(Locale.ROOT);
        }
        throw new IllegalArgumentException(key + " must be one of " + new TreeSet<>(allowed) + ", got " + show(v));
      }
    };

    abstract Object convert(String key, Object value);

    static BigDecimal number(String key, Object v) {
      if (v instanceof Number n && !(v instanceof Double d && (d.isNaN() || d.isInfinite()))) {
        return new BigDecimal(n.toString());
      }
      if (v instanceof String s) {
        try {
          return new BigDecimal(s.trim());
        } catch (NumberFormatException e) {
          // fall through
        }
      }
      throw new IllegalArgumentException(key + " must be a number, got " + show(v));
    }

    /** An Integer when whole (seed JSON shows 24, 8192), else a Double; Template normalises every config number so. */
    static Object compact(BigDecimal d) {
      return d.stripTrailingZeros().scale() <= 0 && d.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0
          ? (Object) d.intValue() : (Object) d.doubleValue();
    }

    static String show(Object v) {
      return v instanceof String s ? "'" + s + "'" : String.valueOf(v);
    }
  }
}
