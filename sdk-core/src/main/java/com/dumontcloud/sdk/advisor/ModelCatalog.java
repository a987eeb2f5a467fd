package com.dumontcloud.sdk.advisor;

import com.dumontcloud.sdk.spi.support.JsonCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The models the advisor knows: the seeds' and templates' models and the common open families, read from the resource
 * {@code com/dumontcloud/sdk/advisor/models.json} (one JSON object per model; the file's {@code about} says where
 * each field comes from).
 *
 * <p><b>Lookup</b> ({@link #find}): case is ignored; an id matches a model's id or one of its aliases, or, when no
 * organisation matches, the part after the {@code /} (so {@code Llama-3.1-8B-Instruct} and
 * {@code someone/Llama-3.1-8B-Instruct} find Meta's model); a quantisation suffix ({@code -AWQ}, {@code -GPTQ-Int4},
 * {@code -FP8}, {@code -Int8}, {@code -bnb-4bit}, ...) is dropped to find the base model, and {@link #dtypeHint}
 * reads the dtype it implies.
 *
 * <p><b>Unknown models</b> ({@link #assumed}): with a parameter count, the shape (layers, KV heads, head dim) of the
 * catalog's dense grouped-query-attention language model nearest in size (by ratio of parameter counts) is assumed,
 * and {@link ModelSpec#assumption()} says which.
 *
 * <p>Thread-safe and immutable.
 */
public final class ModelCatalog {
  private ModelCatalog() {}

  private static final String RESOURCE = "models.json";
  private static final Pattern QUANT_SUFFIX = Pattern.compile(
      "(?i)[-_.](awq|gptq(?:[-_]int[48])?|int4|int8|w4a16|w8a8|fp8(?:[-_]dynamic)?|bnb[-_]4bit|4bit|8bit|gguf|"
          + "q4_k_m|q8_0)$");
  private static final Pattern PARAMS = Pattern.compile("(?i)^\\s*([0-9]+(?:\\.[0-9]+)?(?:e[0-9]+)?)\\s*([kmbt]?)\\s*$");

  private static final List<ModelSpec> MODELS = load();
  private static final Map<String, ModelSpec> BY_ID = new LinkedHashMap<>();
  private static final Map<String, List<ModelSpec>> BY_NAME = new LinkedHashMap<>();

  static {
    for (ModelSpec m : MODELS) {
      List<String> ids = new ArrayList<>();
      ids.add(m.id());
      ids.addAll(m.aliases());
      for (String id : ids) {
        String k = id.toLowerCase(Locale.ROOT);
        if (BY_ID.putIfAbsent(k, m) != null) throw new IllegalStateException("models.json: duplicate id " + id);
        List<ModelSpec> same = BY_NAME.computeIfAbsent(k.substring(k.indexOf('/') + 1), x -> new ArrayList<>());
        if (!same.contains(m)) same.add(m);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static List<ModelSpec> load() {
    String text;
    try (InputStream in = ModelCatalog.class.getResourceAsStream(RESOURCE)) {
      if (in == null) throw new IllegalStateException("resource com/dumontcloud/sdk/advisor/" + RESOURCE + " is missing");
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the advisor's model catalog", e);
    }
    Map<String, Object> doc = (Map<String, Object>) JsonCodec.standard().parse(text);
    List<ModelSpec> out = new ArrayList<>();
    for (Object o : (List<Object>) doc.get("models")) out.add(fromMap((Map<String, Object>) o));
    return List.copyOf(out);
  }

  /** A model from its JSON form (the fields of {@code models.json}). */
  @SuppressWarnings("unchecked")
  public static ModelSpec fromMap(Map<String, ?> m) {
    ModelSpec.Builder b = ModelSpec.builder()
        .id(text(m, "id"))
        .family((String) m.get("family"))
        .kind(ModelSpec.Kind.valueOf(text(m, "kind").toUpperCase(Locale.ROOT)))
        .parameters(number(m, "parameters").longValue())
        .activeParameters(m.get("active_parameters") == null ? null : number(m, "active_parameters").longValue())
        .layers(integer(m, "layers"))
        .attentionHeads(integer(m, "attention_heads"))
        .kvHeads(integer(m, "kv_heads"))
        .headDim(integer(m, "head_dim"))
        .defaultDtype(Dtype.parse(text(m, "default_dtype")))
        .maxContext(integer(m, "max_context"))
        .activationGib(m.get("activation_gib") == null ? 0 : number(m, "activation_gib").doubleValue())
        .source(text(m, "source"))
        .notes((String) m.get("notes"))
        .assumption((String) m.get("assumption"));
    if (m.get("aliases") instanceof List<?> l) b.aliases((List<String>) l);
    return b.build();
  }

  private static String text(Map<String, ?> m, String k) {
    if (!(m.get(k) instanceof String s) || s.isBlank()) {
      throw new IllegalArgumentException("model " + m.get("id") + ": '" + k + "' must be a string");
    }
    return s;
  }

  private static Number number(Map<String, ?> m, String k) {
    if (!(m.get(k) instanceof Number n)) throw new IllegalArgumentException("model " + m.get("id") + ": '" + k + "' must be a number");
    return n;
  }

  private static Integer integer(Map<String, ?> m, String k) {
    return m.get(k) == null ? null : number(m, k).intValue();
  }

  /** Every model, in the catalog's order (by family, then size). */
  public static List<ModelSpec> all() {
    return MODELS;
  }

  /** The model with this id or alias (see the class comment for the matching rules). */
  public static Optional<ModelSpec> find(String id) {
    if (id == null || id.isBlank()) return Optional.empty();
    String k = id.strip().toLowerCase(Locale.ROOT);
    while (true) {
      ModelSpec m = BY_ID.get(k);
      if (m != null) return Optional.of(m);
      List<ModelSpec> byName = BY_NAME.get(k.substring(k.indexOf('/') + 1));
      if (byName != null && byName.size() == 1) return Optional.of(byName.get(0));
      Matcher q = QUANT_SUFFIX.matcher(k);
      if (!q.find()) return Optional.empty();
      k = k.substring(0, q.start());
    }
  }

  /** The dtype a quantised build's name implies ({@code -AWQ} int4, {@code -FP8} fp8, {@code -GPTQ-Int8} int8). */
  public static Optional<Dtype> dtypeHint(String id) {
    if (id == null) return Optional.empty();
    String k = id.strip().toLowerCase(Locale.ROOT);
    Matcher q = QUANT_SUFFIX.matcher(k);
    while (q.find()) {
      String s = q.group(1);
      if (s.contains("8") && !s.startsWith("fp8")) return Optional.of(Dtype.INT8);
      if (s.startsWith("fp8")) return Optional.of(Dtype.FP8);
      if (!s.equals("gguf")) return Optional.of(Dtype.INT4);
      k = k.substring(0, q.start());
      q = QUANT_SUFFIX.matcher(k);
    }
    return Optional.empty();
  }

  /**
   * A model the catalog lacks, with the shape of the catalog's dense grouped-query-attention language model nearest in
   * parameter count (smallest |ln(p / p_ref)|; the first in catalog order on a tie). Its {@link ModelSpec#assumption()}
   * names the reference model and its shape; the maximum context is left open.
   *
   * @param parameters the model's total parameter count (e.g. {@code parseParameters("7b")})
   */
  public static ModelSpec assumed(String id, long parameters) {
    if (parameters <= 0) throw new IllegalArgumentException("--params must be positive, got " + parameters);
    ModelSpec ref = MODELS.stream()
        .filter(m -> m.kind() == ModelSpec.Kind.LLM && m.activeParameters() == null && m.kvHeads() < m.attentionHeads())
        .min(Comparator.comparingDouble(m -> Math.abs(Math.log((double) parameters / m.parameters()))))
        .orElseThrow();
    return ModelSpec.builder().id(id).kind(ModelSpec.Kind.LLM).parameters(parameters)
        .layers(ref.layers()).attentionHeads(ref.attentionHeads()).kvHeads(ref.kvHeads()).headDim(ref.headDim())
        .defaultDtype(Dtype.BF16)
        .source("assumed (not in the catalog)")
        .assumption(id + " is not in the catalog: assumed bf16 and the shape of " + ref.id() + " (" + ref.layers()
            + " layers, " + ref.attentionHeads() + " attention heads, " + ref.kvHeads() + " KV heads, head dim "
            + ref.headDim() + "), the catalog's dense model nearest in size")
        .build();
  }

  /**
   * Parses a parameter count: {@code 8b}, {@code 0.5B}, {@code 1.5e9}, {@code 500m}, {@code 8030261248}.
   *
   * @throws IllegalArgumentException naming {@code --params} and the accepted forms
   */
  public static long parseParameters(String s) {
    Matcher m = s == null ? null : PARAMS.matcher(s);
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException("--params must be a parameter count such as 8b, 0.5b, 500m or 8030261248, got '"
          + s + "'");
    }
    BigDecimal v = new BigDecimal(m.group(1));
    BigDecimal unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "k" -> BigDecimal.valueOf(1_000L);
      case "m" -> BigDecimal.valueOf(1_000_000L);
      case "b" -> BigDecimal.valueOf(1_000_000_000L);
      case "t" -> BigDecimal.valueOf(1_000_000_000_000L);
      default -> BigDecimal.ONE;
    };
    BigDecimal n = v.multiply(unit);
    if (n.compareTo(BigDecimal.valueOf(1_000_000L)) < 0 || n.compareTo(BigDecimal.valueOf(100_000_000_000_000L)) > 0) {
      throw new IllegalArgumentException("--params " + s.strip() + " is not a plausible model size (1m..100t parameters); "
          + "write it like 8b or 0.5b");
    }
    return n.longValue();
  }
}
