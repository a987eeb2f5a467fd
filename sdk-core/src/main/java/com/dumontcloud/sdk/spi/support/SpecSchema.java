package com.dumontcloud.sdk.spi.support;

import com.dumontcloud.sdk.exception.InvalidSpecException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One table of the fields of a spec format (the deployment spec, the endpoint spec): the strict validator that
 * runs before a spec file or map is read, and the JSON Schema (draft 2020-12) published in
 * {@code docs/schema/}, both generated from the same nodes so that they cannot disagree.
 *
 * <p>The validator rejects unknown keys at every level, naming the key, its path and the nearest known key
 * ("did you mean"); every type or range error names the path, the value and what is expected, in one line.
 * It only checks; reading stays with each spec's codec. Stable for the SDK's own modules only.
 */
public final class SpecSchema {
  /** The kinds of node. */
  public enum Type { OBJECT, TEXT, SCALAR, INTEGER, NUMBER, BOOLEAN, ENUM, MONEY, SECONDS, LIST, MAP, ANY, ONE_OF }

  private static final int MAX_SUGGESTION_DISTANCE = 3;
  private static final BigDecimal DAY = BigDecimal.valueOf(86_400);

  private final Node root;

  private SpecSchema(Node root) {
    this.root = root;
  }

  /** A schema whose root is {@code root} (an object node). */
  public static SpecSchema of(Node root) {
    if (root.type != Type.OBJECT) throw new IllegalArgumentException("the root of a spec schema is an object");
    return new SpecSchema(root);
  }

  public Node root() {
    return root;
  }

  /**
   * Checks a parsed spec (maps, lists, texts, numbers, booleans, nulls).
   *
   * @param what the spec's name for messages, e.g. {@code "deployment spec"}
   * @throws InvalidSpecException naming the first problem's path, value and fix
   */
  public void validate(Object tree, String what) {
    if (!(tree instanceof Map)) {
      throw new InvalidSpecException(what + " must be an object (key: value lines), got " + describe(tree));
    }
    check(root, tree, "");
  }

  /**
   * Like {@link #validate}, for a spec embedded at {@code path} of a larger one (messages name
   * {@code <path>.<key>}).
   */
  public void validateAt(Object tree, String path) {
    if (!(tree instanceof Map)) throw new InvalidSpecException(path + " must be an object, got " + describe(tree));
    check(root, tree, path);
  }

  // ------------------------------------------------------------------------------------------ nodes

  /** One field's definition; build with the static factories, refine with the fluent methods. */
  public static final class Node {
    final Type type;
    String description;
    BigDecimal min;
    BigDecimal max;
    boolean exclusiveMin;
    boolean nullable;
    String unit = "";
    String example;
    List<String> values = List.of();
    final Map<String, Node> fields = new LinkedHashMap<>();
    final Set<String> required = new LinkedHashSet<>();
    Node items;
    List<Node> alternatives = List.of();

    private Node(Type type, String description) {
      this.type = type;
      this.description = Objects.requireNonNull(description, "description");
    }

    public Type type() {
      return type;
    }

    public String description() {
      return description;
    }

    /** Allowed enum values (canonical written forms), in order. */
    public List<String> values() {
      return values;
    }

    /** Fields of an object node, in order. */
    public Map<String, Node> fields() {
      return java.util.Collections.unmodifiableMap(fields);
    }

    public Set<String> required() {
      return java.util.Collections.unmodifiableSet(required);
    }

    public BigDecimal min() {
      return min;
    }

    public BigDecimal max() {
      return max;
    }

    public boolean exclusiveMin() {
      return exclusiveMin;
    }

    public Node items() {
      return items;
    }

    public List<Node> alternatives() {
      return alternatives;
    }

    /** The value may also be null (written as such by the codec). */
    public Node nullable() {
      nullable = true;
      return this;
    }

    /** Adds a field to an object node. */
    public Node field(String key, Node node) {
      if (type != Type.OBJECT) throw new IllegalStateException("fields belong to object nodes");
      if (fields.put(key, node) != null) throw new IllegalStateException("duplicate field " + key);
      return this;
    }

    /** Adds a required field to an object node. */
    public Node required(String key, Node node) {
      field(key, node);
      required.add(key);
      return this;
    }

    /** Range of a number node; {@code max} may be null. */
    Node range(Number lo, Number hi) {
      min = lo == null ? null : decimal(lo);
      max = hi == null ? null : decimal(hi);
      return this;
    }

    /** The lower bound is exclusive ({@code > min}). */
    public Node aboveMin() {
      exclusiveMin = true;
      return this;
    }

    /** A unit for messages, e.g. {@code "GiB"}. */
    public Node unit(String u) {
      unit = " " + u;
      return this;
    }
  }

  public static Node object(String description) {
    return new Node(Type.OBJECT, description);
  }

  public static Node text(String description) {
    return new Node(Type.TEXT, description);
  }

  /** A text, number or boolean, read as text (env values, args, labels: {@code PORT: 8000}). */
  public static Node scalar(String description) {
    return new Node(Type.SCALAR, description);
  }

  public static Node integer(String description, long min, long max) {
    return new Node(Type.INTEGER, description).range(min, max);
  }

  public static Node number(String description, double min, double max) {
    return new Node(Type.NUMBER, description).range(min, max);
  }

  public static Node bool(String description) {
    return new Node(Type.BOOLEAN, description);
  }

  /** An enum; values are the canonical written forms, read in any case with {@code -} for {@code _}. */
  public static Node oneOfValues(String description, List<String> values) {
    Node n = new Node(Type.ENUM, description);
    n.values = List.copyOf(values);
    return n;
  }

  /** Lower-case names of an enum's constants. */
  public static <E extends Enum<E>> List<String> wireNames(Class<E> type) {
    List<String> out = new ArrayList<>();
    for (E e : type.getEnumConstants()) out.add(e.name().toLowerCase(Locale.ROOT));
    return out;
  }

  /** An amount: a number (USD) or a text {@code "0.5 EUR"}; never negative. */
  public static Node money(String description, double max) {
    return new Node(Type.MONEY, description).range(0, max);
  }

  /** A duration in seconds (a number, fractions allowed). */
  public static Node seconds(String description, double min, double max) {
    return new Node(Type.SECONDS, description).range(min, max);
  }

  public static Node list(String description, Node items) {
    Node n = new Node(Type.LIST, description);
    n.items = items;
    return n;
  }

  /** An object with free keys whose values follow {@code values}. */
  public static Node map(String description, Node values) {
    Node n = new Node(Type.MAP, description);
    n.items = values;
    return n;
  }

  public static Node any(String description) {
    return new Node(Type.ANY, description);
  }

  /** One of several forms, e.g. a catalog name or an object. */
  public static Node oneOf(String description, Node... alternatives) {
    Node n = new Node(Type.ONE_OF, description);
    n.alternatives = List.of(alternatives);
    return n;
  }

  // ------------------------------------------------------------------------------------------ validation

  private static void check(Node n, Object v, String path) {
    if (v == null) {
      if (n.nullable || n.type == Type.ANY) return;
      throw new InvalidSpecException(path + " has no value; give " + expected(n) + ", or leave the key out");
    }
    switch (n.type) {
      case ANY -> { }
      case TEXT -> {
        if (!(v instanceof String)) fail(path, v, n);
      }
      case BOOLEAN -> {
        if (!(v instanceof Boolean)) fail(path, v, n);
      }
      case SCALAR -> {
        if (!(v instanceof String || v instanceof Boolean || numeric(v) != null)) fail(path, v, n);
      }
      case INTEGER -> {
        BigDecimal d = numeric(v);
        if (d == null || !whole(d) || !inRange(n, d)) fail(path, v, n);
      }
      case NUMBER, SECONDS -> {
        BigDecimal d = numeric(v);
        if (d == null || !inRange(n, d)) fail(path, v, n);
      }
      case MONEY -> {
        BigDecimal d = numeric(v);
        if (d == null && v instanceof String s) d = moneyText(s);
        if (d == null || !inRange(n, d)) fail(path, v, n);
      }
      case ENUM -> {
        if (!(v instanceof String s) || enumMatch(n.values, s) == null) {
          throw new InvalidSpecException(path + " must be one of " + String.join(", ", n.values) + "; got "
              + describe(v));
        }
      }
      case LIST -> {
        if (!(v instanceof List<?> l)) {
          fail(path, v, n);
          return;
        }
        for (int i = 0; i < l.size(); i++) check(n.items, l.get(i), path + "[" + i + "]");
      }
      case MAP -> {
        if (!(v instanceof Map<?, ?> m)) {
          fail(path, v, n);
          return;
        }
        m.forEach((k, x) -> check(n.items, x, join(path, String.valueOf(k))));
      }
      case OBJECT -> {
        if (!(v instanceof Map<?, ?> m)) {
          fail(path, v, n);
          return;
        }
        for (Object k : m.keySet()) {
          String key = String.valueOf(k);
          if (!n.fields.containsKey(key)) throw unknownKey(n, path, key);
        }
        for (String r : n.required) {
          if (m.get(r) == null) {
            throw new InvalidSpecException(join(path, r) + " is required ("
                + n.fields.get(r).description.replaceAll("\\.$", "") + ")");
          }
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
          String key = String.valueOf(e.getKey());
          check(n.fields.get(key), e.getValue(), join(path, key));
        }
      }
      case ONE_OF -> {
        InvalidSpecException first = null;
        for (Node alt : n.alternatives) {
          if (!shapeMatches(alt, v)) continue;
          try {
            check(alt, v, path);
            return;
          } catch (InvalidSpecException e) {
            if (first == null) first = e;
          }
        }
        if (first != null) throw first;
        throw new InvalidSpecException(path + " must be " + expected(n) + ", got " + describe(v));
      }
      default -> throw new IllegalStateException(n.type.name());
    }
  }

  private static boolean shapeMatches(Node n, Object v) {
    return switch (n.type) {
      case OBJECT, MAP -> v instanceof Map;
      case LIST -> v instanceof List;
      case TEXT, ENUM -> v instanceof String;
      case SCALAR -> v instanceof String || v instanceof Number || v instanceof Boolean;
      case BOOLEAN -> v instanceof Boolean;
      case INTEGER, NUMBER, SECONDS -> v instanceof Number;
      case MONEY -> v instanceof Number || v instanceof String;
      default -> true;
    };
  }

  private static InvalidSpecException unknownKey(Node n, String path, String key) {
    String suggestion = nearest(key, n.fields.keySet());
    return new InvalidSpecException("unknown key '" + join(path, key) + "'"
        + (suggestion != null ? "; did you mean '" + suggestion + "'?"
            : "; the keys" + (path.isEmpty() ? "" : " of " + path) + " are " + String.join(", ", n.fields.keySet())));
  }

  private static void fail(String path, Object v, Node n) {
    throw new InvalidSpecException(path + " must be " + expected(n) + ", got " + describe(v));
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** What a node accepts, as a person reads it ("a whole number in 0..100"). */
  static String expected(Node n) {
    return switch (n.type) {
      case TEXT -> "a text (quote numbers and words like yes/no: \"2\")";
      case BOOLEAN -> "true or false";
      case SCALAR -> "a text";
      case INTEGER -> "a whole number" + rangeText(n);
      case NUMBER -> "a number" + rangeText(n);
      case SECONDS -> "a number of seconds" + rangeText(n) + (n.max != null && n.max.compareTo(DAY) >= 0
          ? " (" + plain(n.max.divide(DAY, 1, java.math.RoundingMode.DOWN)) + " days)" : "");
      case MONEY -> "an amount such as 0.5 (USD) or \"0.5 EUR\"" + rangeText(n);
      case ENUM -> "one of " + String.join(", ", n.values);
      case LIST -> "a list of " + strip(expected(n.items));
      case MAP -> "an object of key: value pairs";
      case OBJECT -> "an object with keys " + String.join(", ", n.fields.keySet());
      case ONE_OF -> {
        List<String> parts = new ArrayList<>();
        for (Node a : n.alternatives) parts.add(expected(a));
        yield String.join(", or ", parts);
      }
      case ANY -> "a value";
    };
  }

  private static String strip(String s) {
    return s.startsWith("a ") ? s.substring(2) : s.startsWith("an ") ? s.substring(3) : s;
  }

  private static String rangeText(Node n) {
    if (n.min == null && n.max == null) return n.unit;
    if (n.max == null) return (n.exclusiveMin ? " above " : " of at least ") + plain(n.min) + n.unit;
    if (n.exclusiveMin) return " above " + plain(n.min) + " and at most " + plain(n.max) + n.unit;
    return " in " + plain(n.min) + ".." + plain(n.max) + n.unit;
  }

  private static boolean inRange(Node n, BigDecimal d) {
    if (n.min != null) {
      int c = d.compareTo(n.min);
      if (c < 0 || (c == 0 && n.exclusiveMin)) return false;
    }
    return n.max == null || d.compareTo(n.max) <= 0;
  }

  private static boolean whole(BigDecimal d) {
    return d.signum() == 0 || d.stripTrailingZeros().scale() <= 0;
  }

  /** A number as a decimal; null for non-numbers, NaN and infinities. */
  static BigDecimal numeric(Object v) {
    if (!(v instanceof Number n)) return null;
    if (n instanceof Double d && (d.isNaN() || d.isInfinite())) return null;
    if (n instanceof Float f && (f.isNaN() || f.isInfinite())) return null;
    return decimal(n);
  }

  private static BigDecimal decimal(Number n) {
    if (n instanceof BigDecimal bd) return bd;
    if (n instanceof BigInteger bi) return new BigDecimal(bi);
    if (n instanceof Double || n instanceof Float) return BigDecimal.valueOf(n.doubleValue());
    return BigDecimal.valueOf(n.longValue());
  }

  private static BigDecimal moneyText(String s) {
    String[] parts = s.trim().split("\\s+");
    if (parts.length < 1 || parts.length > 2) return null;
    if (parts.length == 2 && !parts[1].matches("[A-Za-z]{3}")) return null;
    try {
      return new BigDecimal(parts[0]);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The allowed value {@code s} stands for (any case, {@code -} for {@code _}), or null. */
  public static String enumMatch(List<String> values, String s) {
    String key = s.trim().replace('-', '_');
    for (String v : values) {
      if (v.replace('-', '_').equalsIgnoreCase(key) || v.equals(s.trim())) return v;
    }
    return null;
  }

  /** A value as a person reads it: texts quoted, 0.0003 not 3.0E-4, containers by kind. */
  public static String describe(Object v) {
    if (v == null) return "nothing";
    if (v instanceof String s) return "'" + s + "'";
    if (v instanceof Map) return "an object";
    if (v instanceof List) return "a list";
    BigDecimal d = numeric(v);
    if (d != null) return plain(d);
    return String.valueOf(v);
  }

  private static String plain(BigDecimal d) {
    return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
  }

  // ------------------------------------------------------------------------------------------ suggestions

  /** The candidate nearest to {@code key} by edit distance (case-insensitive), if close enough; else null. */
  public static String nearest(String key, Iterable<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String k = key.toLowerCase(Locale.ROOT).replace('-', '_');
    for (String c : candidates) {
      int d = distance(k, c.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    int limit = Math.min(MAX_SUGGESTION_DISTANCE, Math.max(1, k.length() / 2));
    return bestDistance <= limit ? best : null;
  }

  /** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) d[i][0] = i;
    for (int j = 0; j <= b.length(); j++) d[0][j] = j;
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  // ------------------------------------------------------------------------------------------ JSON Schema

  /**
   * The JSON Schema (draft 2020-12) of this table as a map (ordered), for {@code docs/schema/}.
   *
   * @param id the schema's {@code $id}
   * @param title its title
   */
  public Map<String, Object> toJsonSchema(String id, String title) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    m.put("$id", id);
    m.put("title", title);
    m.putAll(schemaOf(root));
    return m;
  }

  /** {@link #toJsonSchema} as pretty JSON text (two-space indent, a final newline). */
  public String toJsonSchemaText(String id, String title) {
    StringBuilder sb = new StringBuilder();
    writeJson(toJsonSchema(id, title), sb, 0);
    return sb.append('\n').toString();
  }

  private static Map<String, Object> schemaOf(Node n) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("description", n.description);
    switch (n.type) {
      case ANY -> { }
      case TEXT -> m.put("type", typeOf("string", n));
      case BOOLEAN -> m.put("type", typeOf("boolean", n));
      case SCALAR -> m.put("type", n.nullable ? List.of("string", "number", "boolean", "null")
          : List.of("string", "number", "boolean"));
      case INTEGER -> {
        m.put("type", typeOf("integer", n));
        bounds(m, n);
      }
      case NUMBER, SECONDS -> {
        m.put("type", typeOf("number", n));
        bounds(m, n);
      }
      case MONEY -> {
        Map<String, Object> num = new LinkedHashMap<>();
        num.put("type", "number");
        bounds(num, n);
        Map<String, Object> txt = new LinkedHashMap<>();
        txt.put("type", "string");
        txt.put("pattern", "^\\s*[0-9]+(\\.[0-9]+)?(\\s+[A-Za-z]{3})?\\s*$");
        List<Object> alts = new ArrayList<>(List.of(num, txt));
        if (n.nullable) alts.add(Map.of("type", "null"));
        m.put("anyOf", alts);
      }
      case ENUM -> {
        List<Object> vals = new ArrayList<>(n.values);
        if (n.nullable) vals.add(null);
        m.put("enum", vals);
      }
      case LIST -> {
        m.put("type", typeOf("array", n));
        m.put("items", schemaOf(n.items));
      }
      case MAP -> {
        m.put("type", typeOf("object", n));
        m.put("additionalProperties", schemaOf(n.items));
      }
      case OBJECT -> {
        m.put("type", typeOf("object", n));
        Map<String, Object> props = new LinkedHashMap<>();
        n.fields.forEach((k, f) -> props.put(k, schemaOf(f)));
        m.put("properties", props);
        if (!n.required.isEmpty()) m.put("required", new ArrayList<>(n.required));
        m.put("additionalProperties", false);
      }
      case ONE_OF -> {
        List<Object> alts = new ArrayList<>();
        for (Node a : n.alternatives) alts.add(schemaOf(a));
        m.put("anyOf", alts);
      }
      default -> throw new IllegalStateException(n.type.name());
    }
    return m;
  }

  private static Object typeOf(String t, Node n) {
    return n.nullable ? List.of(t, "null") : t;
  }

  private static void bounds(Map<String, Object> m, Node n) {
    if (n.min != null) m.put(n.exclusiveMin ? "exclusiveMinimum" : "minimum", jsonNumber(n.min));
    if (n.max != null) m.put("maximum", jsonNumber(n.max));
  }

  private static Number jsonNumber(BigDecimal d) {
    BigDecimal s = d.stripTrailingZeros();
    if (s.scale() <= 0) return s.longValueExact();
    return s.doubleValue();
  }

  private static void writeJson(Object v, StringBuilder sb, int indent) {
    String pad = "  ".repeat(indent + 1);
    if (v instanceof Map<?, ?> m) {
      if (m.isEmpty()) {
        sb.append("{}");
        return;
      }
      sb.append("{\n");
      int i = 0;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        sb.append(pad);
        string(String.valueOf(e.getKey()), sb);
        sb.append(": ");
        writeJson(e.getValue(), sb, indent + 1);
        if (++i < m.size()) sb.append(',');
        sb.append('\n');
      }
      sb.append("  ".repeat(indent)).append('}');
    } else if (v instanceof List<?> l) {
      boolean simple = l.stream().noneMatch(x -> x instanceof Map || x instanceof List);
      if (simple) {
        sb.append('[');
        for (int i = 0; i < l.size(); i++) {
          if (i > 0) sb.append(", ");
          writeJson(l.get(i), sb, indent);
        }
        sb.append(']');
        return;
      }
      sb.append("[\n");
      for (int i = 0; i < l.size(); i++) {
        sb.append(pad);
        writeJson(l.get(i), sb, indent + 1);
        if (i + 1 < l.size()) sb.append(',');
        sb.append('\n');
      }
      sb.append("  ".repeat(indent)).append(']');
    } else if (v instanceof String s) {
      string(s, sb);
    } else if (v == null) {
      sb.append("null");
    } else if (v instanceof Double d) {
      sb.append(BigDecimal.valueOf(d).stripTrailingZeros().toPlainString());
    } else {
      sb.append(v);
    }
  }

  private static void string(String s, StringBuilder sb) {
    sb.append('"');
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
          else sb.append(c);
        }
      }
    }
    sb.append('"');
  }

  // ------------------------------------------------------------------------------------------ spec text

  /**
   * A spec file's bytes as text: UTF-8 (a byte-order mark is skipped), with no NUL characters.
   *
   * @param source the file's name for the message
   * @throws InvalidSpecException when the bytes are not UTF-8 text (a binary file, another encoding)
   */
  public static String utf8Text(byte[] bytes, String source) {
    java.nio.charset.CharsetDecoder decoder = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
        .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
    String text;
    try {
      text = decoder.decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new InvalidSpecException(source + " is not a text file (not UTF-8); a spec is YAML or JSON text");
    }
    if (text.indexOf('\0') >= 0) {
      throw new InvalidSpecException(source + " is not a text file (it holds NUL bytes); a spec is YAML or JSON text");
    }
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }
}
