package com.dumontcloud.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A plain-text table like kubectl's: upper-case headers, columns padded to the widest cell. Unless wide, it
 * fits the terminal ({@code $COLUMNS}, default 120): the columns marked shrinkable are cut with "…", widest
 * first, and the columns marked wide-only are left out.
 */
final class Table {
  static final int DEFAULT_WIDTH = 120;
  private static final int MIN_SHRUNK = 10;
  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();
  private final Set<Integer> shrinkable = new HashSet<>();
  private final Set<Integer> wideOnly = new HashSet<>();

  Table(String... headers) {
    this.headers = List.of(headers);
  }

  /** Columns that may be cut with "…" to fit (images, names, labels). */
  Table shrink(String... header) {
    for (String h : header) shrinkable.add(index(h));
    return this;
  }

  /** Columns shown only with {@code -o wide}. */
  Table wideOnly(String... header) {
    for (String h : header) wideOnly.add(index(h));
    return this;
  }

  private int index(String h) {
    int i = headers.indexOf(h);
    if (i < 0) throw new IllegalArgumentException("no column " + h);
    return i;
  }

  Table row(Object... cells) {
    List<String> r = new ArrayList<>();
    for (Object c : cells) {
      String s = c instanceof String str ? str : Fmt.value(c);
      r.add(s == null || s.isEmpty() ? "-" : s.replaceAll("\\s*\\R\\s*", " "));
    }
    rows.add(r);
    return this;
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  /** Human form of a JSON value: plain decimals (no exponent), "-" for null. */
  static String plain(Object v) {
    return Fmt.value(v);
  }

  static int terminalWidth() {
    String c = System.getenv("COLUMNS");
    try {
      int n = c == null ? DEFAULT_WIDTH : Integer.parseInt(c.trim());
      return n < 40 ? DEFAULT_WIDTH : n;
    } catch (NumberFormatException e) {
      return DEFAULT_WIDTH;
    }
  }

  void print(PrintStream out) {
    print(out, false);
  }

  void print(PrintStream out, boolean wide) {
    print(out, wide, terminalWidth());
  }

  void print(PrintStream out, boolean wide, int width) {
    List<Integer> cols = new ArrayList<>();
    for (int i = 0; i < headers.size(); i++) if (wide || !wideOnly.contains(i)) cols.add(i);
    int[] w = new int[headers.size()];
    for (int i : cols) {
      w[i] = headers.get(i).length();
      for (List<String> r : rows) w[i] = Math.max(w[i], r.get(i).length());
    }
    if (!wide) {
      while (total(w, cols) > width) {
        int widest = -1;
        for (int i : cols) {
          if (shrinkable.contains(i) && w[i] > Math.max(MIN_SHRUNK, headers.get(i).length())
              && (widest < 0 || w[i] > w[widest])) widest = i;
        }
        if (widest < 0) break;
        w[widest] = Math.max(Math.max(MIN_SHRUNK, headers.get(widest).length()),
            w[widest] - (total(w, cols) - width));
      }
    }
    StringBuilder sb = new StringBuilder();
    line(sb, headers, w, cols);
    for (List<String> r : rows) line(sb, r, w, cols);
    out.print(sb);
  }

  private static int total(int[] w, List<Integer> cols) {
    int t = 0;
    for (int i : cols) t += w[i];
    return t + 2 * Math.max(0, cols.size() - 1);
  }

  private static void line(StringBuilder sb, List<String> cells, int[] w, List<Integer> cols) {
    for (int k = 0; k < cols.size(); k++) {
      int i = cols.get(k);
      String c = Fmt.truncate(cells.get(i), w[i]);
      sb.append(c);
      if (k < cols.size() - 1) sb.append(" ".repeat(w[i] - c.length() + 2));
    }
    sb.append('\n');
  }

  /** Word-wrap to {@code width} columns (a word longer than the width stays whole). */
  static List<String> wrap(String text, int width) {
    List<String> out = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        out.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) line.append(' ');
      line.append(word);
    }
    out.add(line.toString());
    return out;
  }

  /** {@code key: value} lines for one object, keys padded; null values show as "-". */
  static final class Fields {
    private final java.util.LinkedHashMap<String, String> values = new java.util.LinkedHashMap<>();

    Fields add(String key, Object value) {
      String v = value instanceof String str ? str : Fmt.value(value);
      values.put(key, v == null || v.isEmpty() ? "-" : v);
      return this;
    }

    void print(PrintStream out) {
      int w = values.keySet().stream().mapToInt(String::length).max().orElse(0) + 2;
      StringBuilder sb = new StringBuilder();
      int room = Math.max(30, terminalWidth() - w);
      values.forEach((k, v) -> {
        sb.append(k).append(':').append(" ".repeat(w - k.length() - 1));
        List<String> lines = wrap(v, room);
        for (int i = 0; i < lines.size(); i++) {
          if (i > 0) sb.append(" ".repeat(w));
          sb.append(lines.get(i)).append('\n');
        }
      });
      out.print(sb);
    }
  }
}
