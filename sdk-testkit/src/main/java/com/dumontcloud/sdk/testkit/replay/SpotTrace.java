package com.dumontcloud.sdk.testkit.replay;

import com.dumontcloud.sdk.spi.support.JsonCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One zone's spot-availability trace, in the format of SkyPilot's {@code spot-traces} data set:
 * {@code {"metadata": {"gap_seconds": G}, "data": [c0, c1, ...]}}, one file per zone, the zone named after the file
 * (without {@code .json}). Tick {@code i} covers {@code [i*G, (i+1)*G)} seconds from the start of the trace.
 *
 * <p><b>Polarity.</b> {@code data[i]} is the number of spot instances that could be had at tick {@code i} (the
 * upstream "available" reading): a value {@code > 0} means spot capacity <i>was</i> available then, {@code 0} means it
 * was not. {@link #available(int)} is the only reading this class offers. Some third-party simulators convert these
 * files into a "preempted" format with the opposite meaning ({@code 1} = preempted); those converted copies are
 * <i>not</i> this format, and loading one here would read every outage as capacity.
 */
public final class SpotTrace {
  private final String zone;
  private final int gapSeconds;
  private final int[] counts;
  private final int availableTicks;

  private SpotTrace(String zone, int gapSeconds, int[] counts) {
    this.zone = zone;
    this.gapSeconds = gapSeconds;
    this.counts = counts;
    int n = 0;
    for (int c : counts) if (c > 0) n++;
    this.availableTicks = n;
  }

  /**
   * A trace from counts (each {@code >= 0}; {@code > 0} = spot capacity available at that tick).
   *
   * @throws IllegalArgumentException when the zone is blank, the gap is not positive, there are no counts or one is
   *     negative
   */
  public static SpotTrace of(String zone, int gapSeconds, int... counts) {
    if (zone == null || zone.isBlank()) throw new IllegalArgumentException("spot trace zone must not be blank");
    if (gapSeconds <= 0) {
      throw new IllegalArgumentException("spot trace " + zone + ": gap_seconds must be positive, got " + gapSeconds);
    }
    if (counts.length == 0) throw new IllegalArgumentException("spot trace " + zone + ": data must not be empty");
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] < 0) {
        throw new IllegalArgumentException("spot trace " + zone + ": data[" + i + "] must be a count >= 0, got "
            + counts[i]);
      }
    }
    return new SpotTrace(zone.strip(), gapSeconds, counts.clone());
  }

  /**
   * Reads one trace file; the zone is the file name without {@code .json}.
   *
   * @throws IllegalArgumentException with a one-line message naming the file and the field when the file cannot be
   *     read or is not in the trace format
   */
  public static SpotTrace load(Path file) {
    String name = file.getFileName().toString();
    String zone = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read spot trace " + file + ": " + e.getMessage());
    }
    Object root;
    try {
      root = JsonCodec.standard().parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("spot trace " + file + " is not valid JSON; expected "
          + "{\"metadata\": {\"gap_seconds\": G}, \"data\": [counts]}");
    }
    if (!(root instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException("spot trace " + file + ": expected a JSON object with metadata and data");
    }
    if (!(m.get("metadata") instanceof Map<?, ?> meta)) {
      throw new IllegalArgumentException("spot trace " + file + ": field metadata is missing or not an object; "
          + "expected {\"gap_seconds\": G}");
    }
    Object gap = meta.get("gap_seconds");
    if (!(gap instanceof Number g) || g.doubleValue() <= 0 || g.doubleValue() != Math.rint(g.doubleValue())
        || g.doubleValue() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("spot trace " + file + ": field metadata.gap_seconds must be a positive whole "
          + "number of seconds, got " + show(gap));
    }
    if (!(m.get("data") instanceof List<?> data) || data.isEmpty()) {
      throw new IllegalArgumentException("spot trace " + file + ": field data must be a non-empty array of counts, got "
          + show(m.get("data")));
    }
    int[] counts = new int[data.size()];
    for (int i = 0; i < counts.length; i++) {
      Object v = data.get(i);
      if (!(v instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() != Math.rint(n.doubleValue())) {
        throw new IllegalArgumentException("spot trace " + file + ": field data[" + i + "] must be a whole count >= 0, "
            + "got " + show(v));
      }
      counts[i] = (int) Math.min(Integer.MAX_VALUE, n.longValue());
    }
    return new SpotTrace(zone, g.intValue(), counts);
  }

  private static String show(Object v) {
    if (v == null) return "nothing";
    if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString(d.longValue());
    if (v instanceof String s) return "\"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
    if (v instanceof List<?>) return "an array";
    if (v instanceof Map<?, ?>) return "an object";
    return String.valueOf(v);
  }

  /** The zone (the file name without {@code .json}). */
  public String zone() { return zone; }

  /** Seconds between consecutive samples. */
  public int gapSeconds() { return gapSeconds; }

  /** Number of samples. */
  public int ticks() { return counts.length; }

  /** How long the trace covers ({@code ticks × gap}). */
  public Duration duration() { return Duration.ofSeconds((long) gapSeconds * counts.length); }

  /** The raw count at a tick: spot instances that could be had then ({@code > 0} = available). */
  public int count(int tick) { return counts[tick]; }

  /** True when spot capacity could be had at this tick ({@code count > 0}); false when it could not. */
  public boolean available(int tick) { return counts[tick] > 0; }

  /** Fraction of ticks with spot capacity available ({@code count > 0}). */
  public double availability() { return (double) availableTicks / counts.length; }

  /** The same trace cut to its first {@code ticks} samples. */
  public SpotTrace truncate(int ticks) {
    if (ticks >= counts.length) return this;
    if (ticks <= 0) throw new IllegalArgumentException("ticks must be positive, got " + ticks);
    return new SpotTrace(zone, gapSeconds, Arrays.copyOf(counts, ticks));
  }

  @Override
  public String toString() {
    return "SpotTrace[" + zone + ", gap=" + gapSeconds + "s, ticks=" + counts.length + ", available="
        + Math.round(availability() * 1000) / 10.0 + "%]";
  }
}
