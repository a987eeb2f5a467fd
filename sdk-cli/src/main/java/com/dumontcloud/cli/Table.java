package com.dumontcloud.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table like kubectl's: upper-case headers, columns padded to the widest cell. */
final class Table {
  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  Table(String... headers) {
    this.headers = List.of(headers);
  }

  Table row(Object... cells) {
    List<String> r = new ArrayList<>();
    for (Object c : cells) r.add(c == null ? "-" : String.valueOf(c));
    rows.add(r);
    return this;
  }

  /** Human form of a JSON value: plain decimals (no exponent), "-" for null. */
  static String plain(Object v) {
    if (v == null) return "-";
    if (v instanceof Double d) return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    return String.valueOf(v);
  }

  void print(PrintStream out) {
    int[] w = new int[headers.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = headers.get(i).length();
      for (List<String> r : rows) w[i] = Math.max(w[i], r.get(i).length());
    }
    StringBuilder sb = new StringBuilder();
    line(sb, headers, w);
    for (List<String> r : rows) line(sb, r, w);
    out.print(sb);
  }

  private static void line(StringBuilder sb, List<String> cells, int[] w) {
    for (int i = 0; i < cells.size(); i++) {
      String c = cells.get(i);
      sb.append(c);
      if (i < cells.size() - 1) sb.append(" ".repeat(w[i] - c.length() + 2));
    }
    sb.append('\n');
  }
}
