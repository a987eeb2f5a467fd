package com.dumontcloud.sdk.model;

import com.dumontcloud.sdk.exception.InvalidSpecException;
import com.dumontcloud.sdk.spi.support.SpecSchema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The one map form of a {@link Template}: the JSON/YAML-compatible {@code Map<String, Object>} that the engine's
 * journal, deployment spec files and serverless endpoint records embed. {@code fromMap(toMap(t))} equals {@code t}
 * for every template, also after the map has been written as JSON or YAML text and parsed again.
 *
 * <p>Keys (snake case): {@code name}, {@code display_name}, {@code description}, {@code category} ({@code LLM},
 * {@code SPEECH}, ..., any case), {@code image}, {@code port}, {@code health_path}, {@code model_id},
 * {@code min_gpu_ram} and {@code vram_required} (GiB), {@code max_price} ($/h: a number in USD, or a text such as
 * {@code "0.5 EUR"}), {@code recommended_gpu}, {@code config} (an object, nested values kept), {@code env} (an
 * object of texts), {@code args} (a list of texts) and {@code cpu_fallback} (an object {@code {image, args, port,
 * health_path, env, min_vcpus, min_ram_gib, model}}, see {@link #fallbackToMap}). {@link #toMap} leaves out absent optional values;
 * {@link #fromMap} requires only {@code name} and {@code image}.
 *
 * <p><b>Numbers.</b> JSON parsers give every number as a double, YAML parsers give integers and doubles as
 * written. So that a template compares equal after either, {@link Template} normalises the numbers inside
 * {@code config} (nested ones too): a whole number ({@code 8192}, {@code 8192.0}, {@code 2.0}) becomes an
 * {@link Integer} (a {@link Long} beyond the int range), any other number a {@link Double}. JSON text cannot carry
 * integers beyond ±2<sup>53</sup> exactly, nor NaN or infinities (written as null); keep such values as texts.
 *
 * <p>Resolving a catalog name (a spec file's {@code template: qwen2.5-0.5b}) is not this codec's job; the
 * deployment spec reader does it ({@code com.dumontcloud.sdk.engine.DeploymentSpec#fromMap}). Thread-safe.
 */
public final class Templates {
  private Templates() {}

  /**
   * The map form of a template: every component, absent optional ones left out. The map is mutable, ordered and
   * holds only maps, lists, texts, numbers, booleans and nulls (inside {@code config}).
   */
  public static Map<String, Object> toMap(Template t) {
    Objects.requireNonNull(t, "template");
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", t.name());
    putIfPresent(m, "display_name", t.displayName());
    putIfPresent(m, "description", t.description());
    m.put("category", t.category().name());
    m.put("image", t.image());
    m.put("port", t.port());
    m.put("health_path", t.healthPath());
    putIfPresent(m, "model_id", t.modelId());
    m.put("min_gpu_ram", t.minGpuRamGib());
    m.put("vram_required", t.vramRequiredGib());
    if (t.maxPricePerHour() != null) m.put("max_price", moneyToValue(t.maxPricePerHour()));
    putIfPresent(m, "recommended_gpu", t.recommendedGpu());
    m.put("config", copyTree(t.config()));
    m.put("env", new LinkedHashMap<>(t.env()));
    m.put("args", new ArrayList<>(t.args()));
    if (t.cpuFallback() != null) m.put("cpu_fallback", fallbackToMap(t.cpuFallback()));
    return m;
  }

  /** The template object's table; {@link #fromMap} checks a full template against it (unknown keys, types). */
  private static final SpecSchema SCHEMA = SpecSchema.of(schemaNode());

  /**
   * The field table of the template object as spec files write it (see the class comment), for the deployment
   * and endpoint spec schemas; a new node each call.
   */
  public static SpecSchema.Node schemaNode() {
    SpecSchema.Node fallback = SpecSchema.object("A CPU server to run on a CPU standby while no GPU is healthy.")
        .required("image", SpecSchema.text("Container image of the CPU server (e.g. " + CpuFallback.LLAMA_CPP_IMAGE + ")."))
        .field("args", SpecSchema.list("Container arguments.", SpecSchema.scalar("One argument.")))
        .field("port", SpecSchema.integer("Container port of the server.", 1, 65535))
        .field("health_path", SpecSchema.text("HTTP path that answers 200 when the server is ready."))
        .field("env", SpecSchema.map("Environment variables.", SpecSchema.scalar("A value.")))
        .field("min_vcpus", SpecSchema.integer("Fewest vCPUs of the standby.", 0, 4096))
        .field("min_ram_gib", SpecSchema.number("Least RAM of the standby, GiB.", 0, 1_000_000))
        .field("model", SpecSchema.text("Model the CPU server loads."));
    List<String> categories = new ArrayList<>();
    for (TemplateCategory c : TemplateCategory.values()) categories.add(c.name());
    return SpecSchema.object("A workload: a catalog template named by 'name' with keys overriding it, or a whole"
            + " template with 'image'.")
        .required("name", SpecSchema.text("Template name (a catalog name such as qwen2.5-0.5b, or your own)."))
        .field("display_name", SpecSchema.text("Name shown to people."))
        .field("description", SpecSchema.text("What the template runs."))
        .field("category", SpecSchema.oneOfValues("Kind of workload.", categories))
        .field("image", SpecSchema.text("Container image; required unless 'name' is a catalog template."))
        .field("port", SpecSchema.integer("Container port of the workload.", 1, 65535))
        .field("health_path", SpecSchema.text("HTTP path that answers 200 when the workload is ready (default /health)."))
        .field("model_id", SpecSchema.text("Model the workload serves (e.g. Qwen/Qwen2.5-0.5B-Instruct)."))
        .field("min_gpu_ram", SpecSchema.number("Least GPU memory per GPU, GiB.", 0, 10_000))
        .field("vram_required", SpecSchema.number("GPU memory the model needs, GiB.", 0, 10_000))
        .field("max_price", SpecSchema.money("Price cap per hour: a number (USD) or a text such as \"0.5 EUR\".",
            100_000))
        .field("recommended_gpu", SpecSchema.text("GPU model the template is tuned for."))
        .field("config", SpecSchema.map("Template settings (custom_config); for a catalog template they are"
            + " validated and become container arguments.", SpecSchema.any("A setting.")))
        .field("env", SpecSchema.map("Environment variables.", SpecSchema.scalar("A value.")))
        .field("args", SpecSchema.list("Container arguments.", SpecSchema.scalar("One argument.")))
        .field("cpu_fallback", fallback);
  }

  /**
   * The map form of a CPU fallback: {@code image}, {@code args}, {@code port}, {@code health_path}, {@code env},
   * {@code min_vcpus}, {@code min_ram_gib} and {@code model} (left out when absent).
   */
  public static Map<String, Object> fallbackToMap(CpuFallback f) {
    Objects.requireNonNull(f, "cpu fallback");
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("image", f.image());
    m.put("args", new ArrayList<>(f.args()));
    m.put("port", f.port());
    m.put("health_path", f.healthPath());
    m.put("env", new LinkedHashMap<>(f.env()));
    m.put("min_vcpus", f.minVcpus());
    m.put("min_ram_gib", f.minRamGib());
    putIfPresent(m, "model", f.modelId());
    return m;
  }

  /**
   * Reads {@link #fallbackToMap}'s form; only {@code image} is required ({@code port} defaults to 8080,
   * {@code health_path} to {@code /health}, {@code min_vcpus} to 2, {@code min_ram_gib} to 4).
   *
   * @throws InvalidSpecException naming the key as {@code template.cpu_fallback.<key>}
   */
  public static CpuFallback fallbackFromMap(Map<String, ?> m) {
    Objects.requireNonNull(m, "map");
    String p = "cpu_fallback.";
    String image = text(m, "image", p);
    if (image == null || image.isBlank()) {
      throw new InvalidSpecException("template.cpu_fallback needs 'image' (e.g. " + CpuFallback.LLAMA_CPP_IMAGE + ")");
    }
    CpuFallback.Builder b = CpuFallback.builder(image);
    Number port = number(m, "port", p);
    if (port != null) b.port(wholeIn(port, 1, 65535, "template.cpu_fallback.port", "a container port"));
    String hp = text(m, "health_path", p);
    if (hp != null) b.healthPath(hp);
    Number cpus = number(m, "min_vcpus", p);
    if (cpus != null) b.minVcpus(wholeIn(cpus, 0, 4096, "template.cpu_fallback.min_vcpus", "a number of vCPUs"));
    Number ram = number(m, "min_ram_gib", p);
    if (ram != null) b.minRamGib(nonNegative("cpu_fallback.min_ram_gib", ram));
    b.modelId(text(m, "model", p));
    b.env(env(m.get("env"), "template.cpu_fallback.env"));
    b.args(args(m.get("args"), "template.cpu_fallback.args"));
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new InvalidSpecException("template." + e.getMessage());
    }
  }

  private static int wholeIn(Number n, int min, int max, String field, String what) {
    double d = n.doubleValue();
    if (d != Math.rint(d) || d < min || d > max) {
      throw new InvalidSpecException(field + " must be " + what + ", a whole number in " + min + ".." + max + ", got "
          + show(n));
    }
    return (int) d;
  }

  /** A number for people: no exponent, no trailing ".0". */
  static String showNumber(double d) {
    return show(d);
  }

  /**
   * Reads the map form (from {@link #toMap}, a parsed JSON or YAML object). Only {@code name} and {@code image}
   * are required; {@code port} defaults to 8000, {@code health_path} to {@code /health}, {@code category} to
   * GENERAL, numbers to 0 and collections to empty.
   *
   * @throws InvalidSpecException when a key is missing or has the wrong type; the message names it as
   *     {@code template.<key>}
   */
  public static Template fromMap(Map<String, ?> m) {
    Objects.requireNonNull(m, "map");
    if (m.get("name") != null && m.get("image") != null) SCHEMA.validateAt(m, "template"); // unknown keys, types
    String name = requiredText(m, "name");
    String image = requiredText(m, "image");
    String category = text(m, "category");
    Number port = number(m, "port");
    if (port != null && (port.doubleValue() != Math.rint(port.doubleValue()) || port.doubleValue() < 1
        || port.doubleValue() > 65535)) {
      throw new InvalidSpecException("template.port must be a whole number in 1..65535, got " + show(port));
    }
    Number minGpuRam = number(m, "min_gpu_ram");
    Number vram = number(m, "vram_required");
    return Template.builder(name, image)
        .displayName(text(m, "display_name"))
        .description(text(m, "description"))
        .category(category(category))
        .port(port == null ? 8000 : port.intValue())
        .healthPath(text(m, "health_path"))
        .modelId(text(m, "model_id"))
        .minGpuRamGib(nonNegative("min_gpu_ram", minGpuRam))
        .vramRequiredGib(nonNegative("vram_required", vram))
        .maxPricePerHour(moneyFromValue(m.get("max_price"), "template.max_price"))
        .recommendedGpu(text(m, "recommended_gpu"))
        .config(config(m.get("config")))
        .env(env(m.get("env"), "template.env"))
        .args(args(m.get("args"), "template.args"))
        .cpuFallback(cpuFallback(m.get("cpu_fallback")))
        .build();
  }

  private static CpuFallback cpuFallback(Object v) {
    if (v == null) return null;
    if (!(v instanceof Map<?, ?> m)) {
      throw new InvalidSpecException("template.cpu_fallback must be an object {image, args, port, health_path, env,"
          + " min_vcpus, min_ram_gib, model}, got " + show(v));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    m.forEach((k, x) -> out.put(String.valueOf(k), x));
    return fallbackFromMap(out);
  }

  // ------------------------------------------------------------------------------------------ money (shared form)

  /**
   * The map form of an amount: a number when the currency is USD (the SDK's prices), else a text
   * {@code "<amount> <currency>"} such as {@code "0.5 EUR"}.
   */
  public static Object moneyToValue(Money money) {
    Objects.requireNonNull(money, "money");
    BigDecimal amount = money.amount().stripTrailingZeros();
    if (money.currency().equals("USD")) return amount.doubleValue();
    return amount.toPlainString() + " " + money.currency();
  }

  /**
   * Reads {@link #moneyToValue}'s form: a number (USD), a text number ({@code "0.5"}, USD) or a text with a
   * currency code ({@code "0.5 EUR"}); null gives null.
   *
   * @param field the key to name in the error message, e.g. {@code "budget.max_spend"}
   * @throws InvalidSpecException when the value is neither
   */
  public static Money moneyFromValue(Object value, String field) {
    if (value == null) return null;
    if (value instanceof Number n) return Money.of(decimal(n, field), "USD");
    if (value instanceof String s) {
      String[] parts = s.trim().split("\\s+");
      try {
        if (parts.length == 1) return Money.of(new BigDecimal(parts[0]), "USD");
        if (parts.length == 2) return Money.of(new BigDecimal(parts[0]), parts[1]);
      } catch (IllegalArgumentException e) { // NumberFormatException, bad currency code
        // fall through to the message below
      }
    }
    throw new InvalidSpecException(field + " must be an amount such as 0.5 (USD) or \"0.5 EUR\", got " + show(value));
  }

  // ------------------------------------------------------------------------------------------ normalisation

  /** Deep, unmodifiable copy of a config map with numbers normalised (see the class comment). */
  static Map<String, Object> canonicalConfig(Map<String, ?> config) {
    return canonicalMap(config);
  }

  private static Map<String, Object> canonicalMap(Map<?, ?> in) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : in.entrySet()) {
      out.put(String.valueOf(e.getKey()), canonicalValue(e.getValue()));
    }
    return Collections.unmodifiableMap(out);
  }

  private static Object canonicalValue(Object v) {
    if (v instanceof Map<?, ?> m) return canonicalMap(m);
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object o : l) out.add(canonicalValue(o));
      return Collections.unmodifiableList(out);
    }
    if (v instanceof Number n) return canonicalNumber(n);
    return v;
  }

  /** A whole number as Integer (Long beyond int), any other as Double; NaN and infinities stay Doubles. */
  static Number canonicalNumber(Number n) {
    if (n instanceof Integer) return n;
    if (n instanceof Long l) return l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE ? (Number) l.intValue() : l;
    if (n instanceof Short || n instanceof Byte) return n.intValue();
    if (n instanceof Double d && (d.isNaN() || d.isInfinite())) return d;
    if (n instanceof Float f && (f.isNaN() || f.isInfinite())) return f.doubleValue();
    BigDecimal d;
    try {
      d = n instanceof BigDecimal bd ? bd : n instanceof BigInteger bi ? new BigDecimal(bi)
          : new BigDecimal(n.toString());
    } catch (NumberFormatException e) {
      return n.doubleValue();
    }
    if (d.signum() == 0) return 0;
    if (d.stripTrailingZeros().scale() <= 0) {
      try {
        long l = d.longValueExact();
        return l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE ? (Number) (int) l : (Number) l;
      } catch (ArithmeticException beyondLong) {
        return d.doubleValue();
      }
    }
    return d.doubleValue();
  }

  // ------------------------------------------------------------------------------------------ reading helpers

  private static void putIfPresent(Map<String, Object> m, String key, Object value) {
    if (value != null) m.put(key, value);
  }

  private static Object copyTree(Object v) {
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(String.valueOf(k), copyTree(x)));
      return out;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object o : l) out.add(copyTree(o));
      return out;
    }
    return v;
  }

  private static TemplateCategory category(String value) {
    if (value == null) return TemplateCategory.GENERAL;
    String key = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (TemplateCategory c : TemplateCategory.values()) {
      if (c.name().equals(key)) return c;
    }
    List<String> names = new ArrayList<>();
    for (TemplateCategory c : TemplateCategory.values()) names.add(c.name().toLowerCase(Locale.ROOT));
    throw new InvalidSpecException("template.category must be one of " + String.join(", ", names) + "; got '"
        + value + "'");
  }

  private static String requiredText(Map<String, ?> m, String key) {
    String v = text(m, key);
    if (v == null || v.isBlank()) throw new InvalidSpecException("template needs 'template." + key + "'");
    return v;
  }

  private static String text(Map<String, ?> m, String key) {
    return text(m, key, "");
  }

  private static String text(Map<String, ?> m, String key, String prefix) {
    Object v = m.get(key);
    if (v == null) return null;
    if (v instanceof Map || v instanceof List) {
      throw new InvalidSpecException("template." + prefix + key + " must be a text, got " + show(v));
    }
    return textOf(v);
  }

  /** A scalar as text; whole numbers without ".0" (a JSON parser gives 8000 as 8000.0). */
  private static String textOf(Object v) {
    if (v instanceof Number n) {
      Number c = canonicalNumber(n);
      return c instanceof Double d && !d.isNaN() && !d.isInfinite()
          ? BigDecimal.valueOf(d).stripTrailingZeros().toPlainString() : c.toString();
    }
    return String.valueOf(v);
  }

  private static Number number(Map<String, ?> m, String key) {
    return number(m, key, "");
  }

  private static Number number(Map<String, ?> m, String key, String prefix) {
    Object v = m.get(key);
    if (v == null) return null;
    if (v instanceof Number n) return n;
    if (v instanceof String s) {
      try {
        return new BigDecimal(s.trim());
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    throw new InvalidSpecException("template." + prefix + key + " must be a number, got " + show(v));
  }

  private static double nonNegative(String key, Number n) {
    if (n == null) return 0;
    double d = n.doubleValue();
    if (!(d >= 0) || Double.isInfinite(d)) {
      throw new InvalidSpecException("template." + key + " must be a number >= 0 (GiB), got " + show(n));
    }
    return d;
  }

  private static BigDecimal decimal(Number n, String field) {
    if (n instanceof BigDecimal bd) return bd;
    double d = n.doubleValue();
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new InvalidSpecException(field + " must be a finite amount, got " + show(n));
    }
    return n instanceof Double || n instanceof Float ? BigDecimal.valueOf(d) : new BigDecimal(n.toString());
  }

  private static Map<String, Object> config(Object v) {
    if (v == null) return null;
    if (!(v instanceof Map<?, ?> m)) {
      throw new InvalidSpecException("template.config must be an object, got " + show(v));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    m.forEach((k, x) -> out.put(String.valueOf(k), x));
    return out;
  }

  private static Map<String, String> env(Object v, String field) {
    if (v == null) return null;
    if (!(v instanceof Map<?, ?> m)) {
      throw new InvalidSpecException(field + " must be an object of texts, got " + show(v));
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      Object x = e.getValue();
      if (x == null || x instanceof Map || x instanceof List) {
        throw new InvalidSpecException(field + "." + e.getKey() + " must be a text, got " + show(x));
      }
      out.put(String.valueOf(e.getKey()), textOf(x));
    }
    return out;
  }

  private static List<String> args(Object v, String field) {
    if (v == null) return null;
    if (!(v instanceof List<?> l)) {
      throw new InvalidSpecException(field + " must be a list of texts, got " + show(v));
    }
    List<String> out = new ArrayList<>(l.size());
    for (int i = 0; i < l.size(); i++) {
      Object x = l.get(i);
      if (x == null || x instanceof Map || x instanceof List) {
        throw new InvalidSpecException(field + "[" + i + "] must be a text, got " + show(x));
      }
      out.add(textOf(x));
    }
    return out;
  }

  private static String show(Object v) {
    if (v == null) return "nothing";
    if (v instanceof String s) return "'" + s + "'";
    if (v instanceof Double d && !d.isNaN() && !d.isInfinite()) return BigDecimal.valueOf(d).stripTrailingZeros()
        .toPlainString();
    if (v instanceof Map) return "an object";
    if (v instanceof List) return "a list";
    return String.valueOf(v);
  }
}
