package com.dumontcloud.sdk.testkit.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * LLM request arrivals with their input and output token counts, in arrival order, timed from the trace's first
 * request. Load the Azure LLM inference trace format with {@link #load} (CSV {@code TIMESTAMP,ContextTokens,
 * GeneratedTokens}, as in the Azure Public Dataset's 2023 LLM inference traces), or make a seeded bursty trace with
 * {@link #synthetic} for runs without a recorded one.
 */
public final class LlmTrace {
  /** The header of the Azure LLM inference trace CSV. */
  public static final String CSV_HEADER = "TIMESTAMP,ContextTokens,GeneratedTokens";

  /** {@code 2023-11-16 18:15:46.6805900}: 0 to 9 fractional digits (the Azure files have 7), space or 'T'. */
  private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
      .appendPattern("yyyy-MM-dd[ ]['T']HH:mm:ss")
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
      .toFormatter();

  private final String name;
  private final List<LlmRequest> requests;

  private LlmTrace(String name, List<LlmRequest> requests) {
    this.name = Objects.requireNonNull(name, "name");
    List<LlmRequest> sorted = new ArrayList<>(requests);
    sorted.sort(Comparator.comparingLong(LlmRequest::atMs)); // stable: equal times keep their order
    this.requests = List.copyOf(sorted);
  }

  /** A trace of these requests (sorted by arrival; times as given). */
  public static LlmTrace of(String name, List<LlmRequest> requests) {
    return new LlmTrace(name, requests);
  }

  /**
   * Read an Azure LLM inference trace CSV: a header {@value #CSV_HEADER}, then one request per line. Times are made
   * relative to the earliest request; rows out of time order are sorted. The trace is named after the file
   * (without {@code .csv}).
   *
   * @throws IllegalArgumentException the file is missing, empty or has a bad line: a one-line message naming the
   *     file, the line and what was expected
   */
  public static LlmTrace load(Path csv) {
    Objects.requireNonNull(csv, "csv");
    if (!Files.isRegularFile(csv)) {
      throw new IllegalArgumentException("trace file " + csv + " does not exist or is not a file; expected an Azure LLM "
          + "inference trace CSV (" + CSV_HEADER + ")");
    }
    String file = csv.getFileName().toString();
    String name = file.toLowerCase(java.util.Locale.ROOT).endsWith(".csv") ? file.substring(0, file.length() - 4) : file;
    try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      return parse(name, csv.toString(), r);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IllegalArgumentException("trace file " + csv + " is not UTF-8 text; expected an Azure LLM inference "
          + "trace CSV (" + CSV_HEADER + ")", e);
    } catch (IOException e) {
      throw new UncheckedIOException("trace file " + csv + " could not be read: " + e.getMessage(), e);
    }
  }

  /** {@link #load} from a reader; {@code source} names it in error messages. */
  public static LlmTrace parse(String name, String source, BufferedReader in) throws IOException {
    List<LocalDateTime> times = new ArrayList<>();
    List<int[]> tokens = new ArrayList<>();
    String line;
    int lineNo = 0;
    boolean header = false;
    while ((line = in.readLine()) != null) {
      lineNo++;
      if (lineNo == 1 && line.startsWith("\uFEFF")) line = line.substring(1);
      if (line.isBlank()) continue;
      String[] p = line.split(",", -1);
      if (!header) {
        if (p.length != 3 || !p[0].trim().equalsIgnoreCase("TIMESTAMP") || !p[1].trim().equalsIgnoreCase("ContextTokens")
            || !p[2].trim().equalsIgnoreCase("GeneratedTokens")) {
          throw bad(source, lineNo, "the header must be " + CSV_HEADER + ", got '" + cut(line) + "'");
        }
        header = true;
        continue;
      }
      if (p.length != 3) {
        throw bad(source, lineNo, "expected 3 comma-separated values (" + CSV_HEADER + "), got " + p.length
            + " in '" + cut(line) + "'");
      }
      LocalDateTime t;
      try {
        t = LocalDateTime.parse(p[0].trim(), TIMESTAMP);
      } catch (DateTimeParseException e) {
        throw bad(source, lineNo, "TIMESTAMP '" + cut(p[0].trim()) + "' is not a time like 2023-11-16 18:15:46.6805900");
      }
      times.add(t);
      tokens.add(new int[] {count(source, lineNo, "ContextTokens", p[1]), count(source, lineNo, "GeneratedTokens", p[2])});
    }
    if (!header) throw new IllegalArgumentException("trace file " + source + " is empty; expected the header " + CSV_HEADER);
    if (times.isEmpty()) throw new IllegalArgumentException("trace file " + source + " has a header but no requests");
    LocalDateTime t0 = times.stream().min(Comparator.naturalOrder()).orElseThrow();
    List<LlmRequest> out = new ArrayList<>(times.size());
    for (int i = 0; i < times.size(); i++) {
      out.add(new LlmRequest(Duration.between(t0, times.get(i)).toMillis(), tokens.get(i)[0], tokens.get(i)[1]));
    }
    return new LlmTrace(name, out);
  }

  private static int count(String source, int line, String column, String raw) {
    String v = raw.trim();
    if (!v.matches("\\d{1,9}")) {
      throw bad(source, line, column + " '" + cut(v) + "' is not a whole number of tokens (0 to 999999999)");
    }
    return Integer.parseInt(v);
  }

  private static IllegalArgumentException bad(String source, int line, String what) {
    return new IllegalArgumentException("trace file " + source + " line " + line + ": " + what);
  }

  private static String cut(String s) {
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }

  /**
   * A seeded bursty trace over {@code span}: Poisson arrivals at 0.5 requests/s, a 30 s burst at 10 requests/s at the
   * start of every 10 minutes, and no arrivals at all for the 15 minutes before three quarters of the span (an idle
   * period long enough to scale to zero). Prompts 200–1999 tokens, outputs 20–219 tokens, uniform. The same seed
   * gives the same trace.
   */
  public static LlmTrace synthetic(long seed, Duration span) {
    Random r = new Random(seed);
    List<LlmRequest> out = new ArrayList<>();
    double t = 0;
    long end = span.toMillis();
    while (t < end) {
      long ms = (long) t;
      boolean silent = ms > end * 3 / 4 - 15 * 60_000L && ms < end * 3 / 4;
      boolean burst = (ms % 600_000L) < 30_000L;
      double rate = silent ? 0 : burst ? 10 : 0.5;
      if (rate == 0) {
        t += 1000;
        continue;
      }
      t += -Math.log(1 - r.nextDouble()) / rate * 1000;
      if (t < end) out.add(new LlmRequest((long) t, 200 + r.nextInt(1800), 20 + r.nextInt(200)));
    }
    return new LlmTrace("synthetic-bursty-seed-" + seed, out);
  }

  public String name() {
    return name;
  }

  /** The requests in arrival order. */
  public List<LlmRequest> requests() {
    return requests;
  }

  public int size() {
    return requests.size();
  }

  /** From the first to the last arrival. */
  public Duration duration() {
    return requests.isEmpty() ? Duration.ZERO : Duration.ofMillis(requests.get(requests.size() - 1).atMs());
  }

  /** The requests that arrive within the first {@code span} (for short runs on a long trace). */
  public LlmTrace head(Duration span) {
    long end = span.toMillis();
    return new LlmTrace(name, requests.stream().filter(q -> q.atMs() < end).toList());
  }

  /** The same trace under another name. */
  public LlmTrace named(String newName) {
    return new LlmTrace(newName, requests);
  }

  /** Arrivals in each whole minute from the start (index = minute). */
  public int[] arrivalsPerMinute() {
    int[] out = new int[(int) (duration().toMillis() / 60_000) + 1];
    for (LlmRequest q : requests) out[(int) (q.atMs() / 60_000)]++;
    return out;
  }

  /** Name, size, duration, peaks and median token counts, for reports. */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("requests", requests.size());
    m.put("duration_s", duration().toMillis() / 1000.0);
    m.put("mean_rps", duration().isZero() ? 0.0 : Math.round(requests.size() / (duration().toMillis() / 1000.0) * 100) / 100.0);
    int[] perMinute = arrivalsPerMinute();
    m.put("peak_per_minute", java.util.Arrays.stream(perMinute).max().orElse(0));
    m.put("median_input_tokens", median(requests.stream().mapToInt(LlmRequest::inputTokens).toArray()));
    m.put("median_output_tokens", median(requests.stream().mapToInt(LlmRequest::outputTokens).toArray()));
    return m;
  }

  private static int median(int[] v) {
    if (v.length == 0) return 0;
    int[] s = v.clone();
    java.util.Arrays.sort(s);
    return s[(s.length - 1) / 2];
  }

  @Override
  public String toString() {
    return "LlmTrace[" + name + ", " + requests.size() + " requests, " + duration().toSeconds() + " s]";
  }
}
