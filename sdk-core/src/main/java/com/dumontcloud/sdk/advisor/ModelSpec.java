package com.dumontcloud.sdk.advisor;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The memory-relevant shape of one model: parameter count, attention shape (layers, query and KV heads, head
 * dimension), default dtype and maximum context, with the source the figures come from. Models of the catalog come
 * from {@link ModelCatalog}; a model the catalog lacks gets an assumed shape ({@link ModelCatalog#assumed}), flagged
 * with {@link #assumption()}.
 */
public final class ModelSpec {
  /** What the model does; decides whether a KV cache and tensor parallelism apply. */
  public enum Kind {
    /** Decoder-only language model served by vLLM: KV cache per token and sequence, tensor parallel across GPUs. */
    LLM,
    /** Speech recognition (Whisper): a small decoder KV cache, one GPU. */
    SPEECH,
    /** Image generation (diffusion): weights plus an activation peak, one GPU, no KV cache. */
    IMAGE,
    /** Text embeddings (encoder): no KV cache kept between requests, one GPU. */
    EMBEDDING;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final String id;
  private final String family;
  private final Kind kind;
  private final long parameters;
  private final Long activeParameters;
  private final Integer layers;
  private final Integer attentionHeads;
  private final Integer kvHeads;
  private final Integer headDim;
  private final Dtype defaultDtype;
  private final Integer maxContext;
  private final double activationGib;
  private final String source;
  private final List<String> aliases;
  private final String notes;
  private final String assumption;

  private ModelSpec(Builder b) {
    this.id = requireText(b.id, "id");
    this.family = b.family;
    this.kind = Objects.requireNonNull(b.kind, "kind");
    if (b.parameters <= 0) throw new IllegalArgumentException("parameters of " + id + " must be positive, got " + b.parameters);
    this.parameters = b.parameters;
    this.activeParameters = b.activeParameters;
    this.layers = positive(b.layers, "layers");
    this.attentionHeads = positive(b.attentionHeads, "attention_heads");
    this.kvHeads = positive(b.kvHeads, "kv_heads");
    this.headDim = positive(b.headDim, "head_dim");
    if ((kind == Kind.LLM || kind == Kind.SPEECH) && (layers == null || kvHeads == null || headDim == null)) {
      throw new IllegalArgumentException(id + ": a " + kind.wireName() + " model needs layers, kv_heads and head_dim");
    }
    if (kvHeads != null && attentionHeads != null && attentionHeads % kvHeads != 0) {
      throw new IllegalArgumentException(id + ": attention_heads " + attentionHeads + " is not a multiple of kv_heads "
          + kvHeads);
    }
    this.defaultDtype = Objects.requireNonNull(b.defaultDtype, "default_dtype");
    this.maxContext = positive(b.maxContext, "max_context");
    if (b.activationGib < 0) throw new IllegalArgumentException(id + ": activation_gib must be 0 or more");
    this.activationGib = b.activationGib;
    this.source = requireText(b.source, "source");
    this.aliases = List.copyOf(b.aliases);
    this.notes = b.notes;
    this.assumption = b.assumption;
  }

  private Integer positive(Integer v, String field) {
    if (v != null && v <= 0) throw new IllegalArgumentException(id + ": " + field + " must be positive, got " + v);
    return v;
  }

  private static String requireText(String v, String field) {
    if (v == null || v.isBlank()) throw new IllegalArgumentException("model " + field + " must not be blank");
    return v.strip();
  }

  /** The Hugging Face id, e.g. {@code meta-llama/Llama-3.1-8B-Instruct}. */
  public String id() { return id; }

  /** The family name ({@code Llama}, {@code Qwen 2.5}, ...), or null. */
  public String family() { return family; }

  public Kind kind() { return kind; }

  /** Total parameters held in memory (for a mixture of experts: all experts). */
  public long parameters() { return parameters; }

  /** Parameters active per token of a mixture of experts, else null. */
  public Long activeParameters() { return activeParameters; }

  /** Transformer layers (num_hidden_layers; the decoder's for Whisper), or null (diffusion models). */
  public Integer layers() { return layers; }

  /** Query heads per layer (num_attention_heads), or null. */
  public Integer attentionHeads() { return attentionHeads; }

  /** Key/value heads per layer (num_key_value_heads; fewer than query heads with grouped-query attention), or null. */
  public Integer kvHeads() { return kvHeads; }

  /** Dimension of one attention head, or null. */
  public Integer headDim() { return headDim; }

  /** The dtype vLLM's {@code --dtype auto} serves the published weights in. */
  public Dtype defaultDtype() { return defaultDtype; }

  /** Longest context of the model's config (max_position_embeddings), or null when unknown. */
  public Integer maxContext() { return maxContext; }

  /** An activation peak beyond the runtime overhead (image models), GiB; 0 for most models. */
  public double activationGib() { return activationGib; }

  /** Where the figures come from: the config.json or model card URL, or the assumption for an unknown model. */
  public String source() { return source; }

  /** Other ids that name the same weights (the base model of an instruct model, older spellings). */
  public List<String> aliases() { return aliases; }

  /** Caveats of the estimate for this model (sliding windows, mixture of experts, ...), or null. */
  public String notes() { return notes; }

  /** For a model not in the catalog: the shape assumed and why, else null. */
  public String assumption() { return assumption; }

  /** True when the model's shape comes from the catalog rather than an assumption. */
  public boolean known() { return assumption == null; }

  /** Whether the weights can be split across GPUs with vLLM's tensor parallelism (language models only). */
  public boolean tensorParallel() { return kind == Kind.LLM && attentionHeads != null; }

  /** KV cache elements (keys and values) per token and sequence: 2 × layers × kv_heads × head_dim; 0 without one. */
  public long kvElementsPerToken() {
    if (kind == Kind.IMAGE || kind == Kind.EMBEDDING || layers == null || kvHeads == null || headDim == null) return 0;
    return 2L * layers * kvHeads * headDim;
  }

  /** The catalog's JSON form (the fields of {@code models.json}). */
  public java.util.Map<String, Object> toMap() {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("id", id);
    if (family != null) m.put("family", family);
    m.put("kind", kind.wireName());
    m.put("parameters", parameters);
    if (activeParameters != null) m.put("active_parameters", activeParameters);
    if (layers != null) m.put("layers", layers);
    if (attentionHeads != null) m.put("attention_heads", attentionHeads);
    if (kvHeads != null) m.put("kv_heads", kvHeads);
    if (headDim != null) m.put("head_dim", headDim);
    m.put("default_dtype", defaultDtype.wireName());
    if (maxContext != null) m.put("max_context", maxContext);
    if (activationGib > 0) m.put("activation_gib", activationGib);
    m.put("source", source);
    if (!aliases.isEmpty()) m.put("aliases", aliases);
    if (notes != null) m.put("notes", notes);
    if (assumption != null) m.put("assumption", assumption);
    return m;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.id = id;
    b.family = family;
    b.kind = kind;
    b.parameters = parameters;
    b.activeParameters = activeParameters;
    b.layers = layers;
    b.attentionHeads = attentionHeads;
    b.kvHeads = kvHeads;
    b.headDim = headDim;
    b.defaultDtype = defaultDtype;
    b.maxContext = maxContext;
    b.activationGib = activationGib;
    b.source = source;
    b.aliases = aliases;
    b.notes = notes;
    b.assumption = assumption;
    return b;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelSpec s && s.toMap().equals(toMap());
  }

  @Override
  public int hashCode() {
    return toMap().hashCode();
  }

  @Override
  public String toString() {
    return "ModelSpec[" + id + ", " + kind.wireName() + ", " + parameters + " parameters"
        + (layers == null ? "" : ", " + layers + " layers × " + kvHeads + " KV heads × " + headDim) + "]";
  }

  /** Builder for {@link ModelSpec}. */
  public static final class Builder {
    private String id;
    private String family;
    private Kind kind = Kind.LLM;
    private long parameters;
    private Long activeParameters;
    private Integer layers;
    private Integer attentionHeads;
    private Integer kvHeads;
    private Integer headDim;
    private Dtype defaultDtype = Dtype.BF16;
    private Integer maxContext;
    private double activationGib;
    private String source;
    private List<String> aliases = List.of();
    private String notes;
    private String assumption;

    private Builder() {}

    public Builder id(String v) { id = v; return this; }
    public Builder family(String v) { family = v; return this; }
    public Builder kind(Kind v) { kind = v; return this; }
    public Builder parameters(long v) { parameters = v; return this; }
    public Builder activeParameters(Long v) { activeParameters = v; return this; }
    public Builder layers(Integer v) { layers = v; return this; }
    public Builder attentionHeads(Integer v) { attentionHeads = v; return this; }
    public Builder kvHeads(Integer v) { kvHeads = v; return this; }
    public Builder headDim(Integer v) { headDim = v; return this; }
    public Builder defaultDtype(Dtype v) { defaultDtype = v; return this; }
    public Builder maxContext(Integer v) { maxContext = v; return this; }
    public Builder activationGib(double v) { activationGib = v; return this; }
    public Builder source(String v) { source = v; return this; }
    public Builder aliases(List<String> v) { aliases = List.copyOf(v); return this; }
    public Builder notes(String v) { notes = v; return this; }
    public Builder assumption(String v) { assumption = v; return this; }

    public ModelSpec build() {
      return new ModelSpec(this);
    }
  }
}
