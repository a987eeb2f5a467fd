package com.dumontcloud.sdk.query;

import com.dumontcloud.sdk.exception.InvalidQueryException;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.OfferQuery.Op;
import com.dumontcloud.sdk.model.PricingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parser for the {@code vastai search offers} query language. One instance per query; not thread-safe.
 *
 * <pre>
 * query  := term*                     (terms separated by blanks)
 * term   := field blank* op blank* value
 * op     := = | == | != | &gt; | &gt;= | &lt; | &lt;= | eq | neq | noteq | ne | not eq | gt | gte | ge | lt | lte | le
 *         | in | notin | nin | not in
 * value  := bare | "quoted" | 'quoted' | [item, item, ...]
 * </pre>
 */
final class QueryParser {
  /** Non-filter keys the SDK accepts in a query string. */
  static final List<String> CONTROL_KEYS = List.of("limit", "sort", "order", "sort_by", "type");

  private static final Set<String> ANY = Set.of("any", "*", "?");
  private static final String OP_CHARS = "=<>!";

  private final String q;
  private int pos;

  private QueryParser(String query) {
    this.q = query;
  }

  static OfferQuery parse(String query) {
    if (query == null) throw new InvalidQueryException("query must not be null; use \"\" to match every offer", 0);
    return new QueryParser(query).run();
  }

  private OfferQuery run() {
    OfferQuery.Builder b = OfferQuery.builder();
    List<OfferQuery.Filter> filters = new ArrayList<>();
    skipBlanks();
    while (pos < q.length()) {
      term(b, filters);
      if (pos < q.length() && !isBlank(q.charAt(pos))) {
        throw error("expected a blank before the next term, found '" + q.charAt(pos) + "'", pos, 1);
      }
      skipBlanks();
    }
    return b.filters(filters).build();
  }

  private void term(OfferQuery.Builder b, List<OfferQuery.Filter> filters) {
    int fieldStart = pos;
    String fieldText = identifier();
    String key = fieldText.toLowerCase(Locale.ROOT);
    boolean control = CONTROL_KEYS.contains(key);
    QueryField field = control ? null : QueryField.lookup(key);
    if (!control && field == null) {
      throw error("unknown field '" + fieldText + "'" + suggestion(key), fieldStart, fieldText.length());
    }
    skipBlanks();
    int opStart = pos;
    Op op = operator(fieldText);
    int opEnd = pos;
    skipBlanks();
    int valueStart = pos;
    Value value = value(fieldText, op);
    if (control) {
      control(b, key, op, value, opStart, opEnd, valueStart);
      return;
    }
    // "any", "*", "?" with = remove the filter (Vast: rented=any)
    if (op == Op.EQ && !value.list && !value.quoted && ANY.contains(value.text.toLowerCase(Locale.ROOT))) return;
    checkOperator(field, op, opStart, opEnd - opStart);
    Object typed;
    if (op == Op.IN || op == Op.NOT_IN) {
      List<Object> items = new ArrayList<>();
      List<Value> raw = value.list ? value.items : List.of(value);
      for (Value v : raw) items.add(convert(field, v));
      typed = items;
    } else {
      if (value.list) {
        throw error("operator '" + op.symbol() + "' takes a single value; use 'in [...]' for a list", valueStart,
            pos - valueStart);
      }
      typed = isNull(value) ? null : convert(field, value);
      if (typed == null && op != Op.EQ && op != Op.NE) {
        throw error("null compares only with = or !=", valueStart, pos - valueStart);
      }
    }
    filters.add(new OfferQuery.Filter(field.name(), op, typed));
  }

  private void control(OfferQuery.Builder b, String key, Op op, Value value, int opStart, int opEnd, int valueStart) {
    if (op != Op.EQ) throw error("'" + key + "' takes '=' only", opStart, opEnd - opStart);
    if (value.list) throw error("'" + key + "' takes a single value", valueStart, pos - valueStart);
    String text = value.text;
    switch (key) {
      case "limit" -> {
        int n;
        try {
          n = Integer.parseInt(text);
        } catch (NumberFormatException e) {
          n = -1;
        }
        if (n <= 0) throw error("limit must be a positive integer, got '" + text + "'", value.start, value.length);
        b.limit(n);
      }
      case "type" -> {
        String t = text.toLowerCase(Locale.ROOT).replace('_', '-').replace(" ", "-");
        PricingModel pm = switch (t) {
          case "on-demand", "ondemand" -> PricingModel.ON_DEMAND;
          case "spot", "bid", "interruptible", "preemptible" -> PricingModel.SPOT;
          case "any", "*", "?" -> null;
          default -> throw error("type must be on-demand or spot (bid, interruptible), got '" + text + "'",
              value.start, value.length);
        };
        b.pricingModel(pm);
      }
      default -> { // sort, order, sort_by
        String s = text.trim();
        boolean desc = false;
        if (s.endsWith("-")) {
          desc = true;
          s = s.substring(0, s.length() - 1);
        } else if (s.endsWith("+")) {
          s = s.substring(0, s.length() - 1);
        }
        OfferQuery.Sort sort = OfferQueries.sortOrNull(s);
        if (sort == null) {
          throw error("unknown sort '" + text + "'; use price, value or reliability (suffix '-' for descending)",
              value.start, value.length);
        }
        b.sort(sort).descending(desc);
      }
    }
  }

  private void checkOperator(QueryField f, Op op, int at, int len) {
    switch (f.type()) {
      case NUMBER -> { }
      case STRING -> {
        if (op != Op.EQ && op != Op.NE && op != Op.IN && op != Op.NOT_IN) {
          throw error("operator '" + op.symbol() + "' does not apply to text field '" + f.name()
              + "'; use =, !=, in or notin", at, len);
        }
      }
      case BOOLEAN, SCOPE -> {
        if (op != Op.EQ && op != Op.NE) {
          throw error("operator '" + op.symbol() + "' does not apply to boolean field '" + f.name()
              + "'; use = or !=", at, len);
        }
      }
    }
  }

  private Object convert(QueryField f, Value v) {
    switch (f.type()) {
      case NUMBER -> {
        try {
          double d = Double.parseDouble(v.text);
          if (Double.isNaN(d) || Double.isInfinite(d)) throw new NumberFormatException();
          return d;
        } catch (NumberFormatException e) {
          throw error("'" + v.text + "' is not a number (field '" + f.name() + "')", v.start, v.length);
        }
      }
      case BOOLEAN, SCOPE -> {
        String t = v.text.toLowerCase(Locale.ROOT);
        if (t.equals("true") || t.equals("1")) return Boolean.TRUE;
        if (t.equals("false") || t.equals("0")) return Boolean.FALSE;
        throw error("'" + v.text + "' is not true or false (field '" + f.name() + "')", v.start, v.length);
      }
      default -> {
        String s = v.quoted ? v.text : v.text.replace('_', ' ');
        if (f.name().equals("geolocation")) s = s.trim().toUpperCase(Locale.ROOT);
        if (s.isBlank()) throw error("empty value for '" + f.name() + "'", v.start, Math.max(1, v.length));
        return s;
      }
    }
  }

  private static boolean isNull(Value v) {
    return !v.quoted && (v.text.equals("null") || v.text.equals("None"));
  }

  // ------------------------------------------------------------------------------------------------- lexing

  private String identifier() {
    int start = pos;
    if (pos >= q.length() || !(Character.isLetter(q.charAt(pos)) || q.charAt(pos) == '_')) {
      throw error("expected a field name, found '" + q.charAt(pos) + "'", pos, 1);
    }
    while (pos < q.length() && (Character.isLetterOrDigit(q.charAt(pos)) || q.charAt(pos) == '_')) pos++;
    return q.substring(start, pos);
  }

  private Op operator(String field) {
    if (pos >= q.length()) throw error("missing operator after '" + field + "'", pos, 1);
    char c = q.charAt(pos);
    if (OP_CHARS.indexOf(c) >= 0) {
      int start = pos;
      while (pos < q.length() && OP_CHARS.indexOf(q.charAt(pos)) >= 0) pos++;
      String run = q.substring(start, pos);
      for (int len = Math.min(2, run.length()); len >= 1; len--) {
        Op op = symbol(run.substring(0, len));
        if (op != null) {
          if (len < run.length()) {
            String hint = run.equals("=>") ? "; did you mean '>='?" : run.equals("=<") ? "; did you mean '<='?" : "";
            throw error("unexpected '" + run.charAt(len) + "' after operator '" + run.substring(0, len) + "'" + hint,
                start + len, 1);
          }
          return op;
        }
      }
      throw error("invalid operator '" + run + "'", start, run.length());
    }
    if (Character.isLetter(c)) {
      int start = pos;
      String word = word();
      Op op = switch (word) {
        case "eq" -> Op.EQ;
        case "neq", "noteq", "ne" -> Op.NE;
        case "gt" -> Op.GT;
        case "gte", "ge" -> Op.GE;
        case "lt" -> Op.LT;
        case "lte", "le" -> Op.LE;
        case "in" -> Op.IN;
        case "notin", "nin" -> Op.NOT_IN;
        case "not" -> null;
        default -> throw error("unknown operator '" + q.substring(start, pos) + "' after '" + field
            + "'; use =, !=, >, >=, <, <=, in or notin", start, pos - start);
      };
      if (op == null) { // "not eq", "not in"
        int save = pos;
        skipBlanks();
        int secondStart = pos;
        String second = pos < q.length() && Character.isLetter(q.charAt(pos)) ? word() : "";
        if (second.equals("eq")) return Op.NE;
        if (second.equals("in")) return Op.NOT_IN;
        throw error("'not' must be followed by 'eq' or 'in'", pos == save ? start : secondStart,
            Math.max(1, pos - secondStart));
      }
      if (pos < q.length() && !isBlank(q.charAt(pos)) && q.charAt(pos) != '[' && q.charAt(pos) != '"'
          && q.charAt(pos) != '\'') {
        throw error("expected a blank after operator '" + word + "'", pos, 1);
      }
      return op;
    }
    throw error("expected an operator after '" + field + "', found '" + c + "'", pos, 1);
  }

  private String word() {
    int start = pos;
    while (pos < q.length() && Character.isLetter(q.charAt(pos))) pos++;
    return q.substring(start, pos).toLowerCase(Locale.ROOT);
  }

  private Value value(String field, Op op) {
    if (pos >= q.length()) {
      throw error("missing value after '" + field + " " + op.symbol() + "'", pos, 1);
    }
    char c = q.charAt(pos);
    if (c == '[') return list();
    if (c == '"' || c == '\'') return quoted();
    int start = pos;
    while (pos < q.length() && !isBlank(q.charAt(pos))) {
      char ch = q.charAt(pos);
      if (ch == '[' || ch == ']' || ch == '"' || ch == '\'' || ch == ',' || (pos == start && OP_CHARS.indexOf(ch) >= 0)) {
        throw error("unexpected '" + ch + "' in value" + (ch == ',' ? "; write lists as [a,b]" : ""), pos, 1);
      }
      pos++;
    }
    return Value.bare(q.substring(start, pos), start);
  }

  private Value quoted() {
    int start = pos;
    char quote = q.charAt(pos);
    int end = q.indexOf(quote, pos + 1);
    if (end < 0) throw error("unclosed quote: missing " + quote, start, 1);
    pos = end + 1;
    return new Value(q.substring(start + 1, end), start, end + 1 - start, true, false, List.of());
  }

  private Value list() {
    int start = pos;
    List<Value> items = new ArrayList<>();
    pos++;
    while (true) {
      skipBlanks();
      if (pos >= q.length()) throw error("unclosed list: missing ']'", start, 1);
      char c = q.charAt(pos);
      if (c == ']' || c == ',') throw error(items.isEmpty() && c == ']' ? "empty list" : "empty list item", pos, 1);
      Value item;
      if (c == '"' || c == '\'') {
        item = quoted();
      } else {
        int itemStart = pos;
        while (pos < q.length() && q.charAt(pos) != ',' && q.charAt(pos) != ']') {
          char ch = q.charAt(pos);
          if (ch == '[' || ch == '"' || ch == '\'') throw error("unexpected '" + ch + "' in list", pos, 1);
          pos++;
        }
        if (pos >= q.length()) throw error("unclosed list: missing ']'", start, 1);
        String raw = q.substring(itemStart, pos);
        String text = raw.strip();
        item = Value.bare(text, itemStart + raw.indexOf(text.isEmpty() ? " " : text));
      }
      items.add(item);
      skipBlanks();
      if (pos >= q.length()) throw error("unclosed list: missing ']'", start, 1);
      if (q.charAt(pos) == ']') {
        pos++;
        return new Value(q.substring(start, pos), start, pos - start, false, true, items);
      }
      if (q.charAt(pos) != ',') throw error("expected ',' or ']' in list, found '" + q.charAt(pos) + "'", pos, 1);
      pos++;
    }
  }

  private void skipBlanks() {
    while (pos < q.length() && isBlank(q.charAt(pos))) pos++;
  }

  private static boolean isBlank(char c) {
    return Character.isWhitespace(c);
  }

  private static String suggestion(String key) {
    String best = null;
    int bestDistance = 3;
    for (String name : QueryField.acceptedNames()) {
      int d = distance(key, name);
      if (d < bestDistance) {
        best = name;
        bestDistance = d;
      }
    }
    return best != null ? "; did you mean '" + best + "'?"
        : "; known fields: " + String.join(", ", QueryField.canonical().stream().map(QueryField::name).toList());
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static Op symbol(String s) {
    return switch (s) {
      case "=", "==" -> Op.EQ;
      case "!=" -> Op.NE;
      case ">" -> Op.GT;
      case ">=" -> Op.GE;
      case "<" -> Op.LT;
      case "<=" -> Op.LE;
      default -> null;
    };
  }

  private InvalidQueryException error(String message, int at, int length) {
    return OfferQueries.queryError(q, message, at, length);
  }

  /** A lexed value with its position in the query. */
  private record Value(String text, int start, int length, boolean quoted, boolean list, List<Value> items) {
    static Value bare(String text, int start) {
      return new Value(text, start, text.length(), false, false, List.of());
    }
  }
}
