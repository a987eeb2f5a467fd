package com.dumontcloud.sdk.testkit.replay;

import com.dumontcloud.sdk.testkit.SpotCapacity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * A set of {@link SpotTrace}s, one per zone, sharing one sampling gap and replayed over the same period (the
 * shortest trace's length: longer ones are cut to it). Loaded from a directory of trace files (sorted by zone), or
 * generated from a seed ({@link #synthetic}) for runs without real traces.
 */
public final class SpotTraces {
  private final List<SpotTrace> zones;
  private final int gapSeconds;
  private final int ticks;
  private final String source;

  private SpotTraces(List<SpotTrace> zones, String source) {
    if (zones.isEmpty()) throw new IllegalArgumentException("a trace set needs at least one zone");
    int gap = zones.get(0).gapSeconds();
    int min = Integer.MAX_VALUE;
    Map<String, Boolean> seen = new HashMap<>();
    for (SpotTrace t : zones) {
      if (t.gapSeconds() != gap) {
        throw new IllegalArgumentException("spot trace " + t.zone() + " has gap_seconds " + t.gapSeconds() + " but "
            + zones.get(0).zone() + " has " + gap + "; a trace set needs one sampling gap");
      }
      if (seen.put(t.zone(), true) != null) throw new IllegalArgumentException("zone " + t.zone() + " appears twice");
      min = Math.min(min, t.ticks());
    }
    final int n = min;
    this.zones = zones.stream().map(t -> t.truncate(n)).sorted(Comparator.comparing(SpotTrace::zone)).toList();
    this.gapSeconds = gap;
    this.ticks = n;
    this.source = source;
  }

  /** A set of traces (sorted by zone). */
  public static SpotTraces of(List<SpotTrace> traces) {
    return new SpotTraces(List.copyOf(traces), "given");
  }

  /**
   * Loads a directory of trace files ({@code *.json}, one per zone, sorted by name) or a single trace file.
   *
   * @throws IllegalArgumentException with a one-line message when the path does not exist, holds no {@code .json}
   *     file, or a file is malformed (naming the file and field)
   */
  public static SpotTraces load(Path path) {
    if (!Files.exists(path)) {
      throw new IllegalArgumentException("trace directory " + path + " does not exist; pass a directory of spot "
          + "trace files (*.json, one per zone)");
    }
    if (Files.isRegularFile(path)) return new SpotTraces(List.of(SpotTrace.load(path)), path.toString());
    List<Path> files;
    try (Stream<Path> s = Files.list(path)) {
      files = s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot list trace directory " + path + ": " + e.getMessage());
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("trace directory " + path + " holds no trace files (*.json, one per zone)");
    }
    List<SpotTrace> out = new ArrayList<>();
    for (Path f : files) out.add(SpotTrace.load(f));
    return new SpotTraces(out, path.toString());
  }

  /**
   * A seeded synthetic set: four zones ({@code sim-zone-a..d}) over 7 days at 300 s per tick, each alternating runs
   * with and without capacity drawn from exponential lengths (mean up 2-8 h, mean down 0.5-3 h, per zone), so zones
   * differ in availability. Same seed, same traces.
   */
  public static SpotTraces synthetic(long seed) {
    return synthetic(seed, 4, 300, 7 * 24 * 12);
  }

  /** A seeded synthetic set of {@code zones} zones with {@code ticks} samples {@code gapSeconds} apart. */
  public static SpotTraces synthetic(long seed, int zones, int gapSeconds, int ticks) {
    if (zones < 1 || zones > 26) throw new IllegalArgumentException("zones must be in 1..26, got " + zones);
    Random r = new Random(seed);
    List<SpotTrace> out = new ArrayList<>();
    for (int z = 0; z < zones; z++) {
      double meanUpTicks = (2 + r.nextDouble() * 6) * 3600 / gapSeconds;
      double meanDownTicks = (0.5 + r.nextDouble() * 2.5) * 3600 / gapSeconds;
      int[] c = new int[ticks];
      boolean up = r.nextDouble() < 0.7;
      int i = 0;
      while (i < ticks) {
        int len = 1 + (int) (-Math.log(1 - r.nextDouble()) * (up ? meanUpTicks : meanDownTicks));
        for (int k = 0; k < len && i < ticks; k++, i++) c[i] = up ? 1 : 0;
        up = !up;
      }
      out.add(SpotTrace.of("sim-zone-" + (char) ('a' + z), gapSeconds, c));
    }
    return new SpotTraces(out, "synthetic(seed=" + seed + ")");
  }

  /** The traces, sorted by zone. */
  public List<SpotTrace> zones() { return zones; }

  /** Zone names, sorted. */
  public List<String> zoneNames() { return zones.stream().map(SpotTrace::zone).toList(); }

  public int gapSeconds() { return gapSeconds; }

  /** Samples replayed (the shortest trace's length). */
  public int ticks() { return ticks; }

  /** The replayed period ({@code ticks × gap}). */
  public Duration duration() { return Duration.ofSeconds((long) gapSeconds * ticks); }

  /** Where the traces came from: a path, {@code synthetic(seed=S)} or {@code given}. */
  public String source() { return source; }

  /** True when at least one zone has spot capacity at this tick. */
  public boolean anyAvailable(int tick) {
    for (SpotTrace t : zones) if (t.available(tick)) return true;
    return false;
  }

  /** The same set cut to its first {@code ticks} samples. */
  public SpotTraces truncate(int ticks) {
    return ticks >= this.ticks ? this : new SpotTraces(zones.stream().map(t -> t.truncate(ticks)).toList(), source);
  }

  /**
   * The traces as the capacity model of a {@link com.dumontcloud.sdk.testkit.SimulatedCloud}: tick {@code i} of zone
   * {@code z} covers {@code [origin + i×gap, origin + (i+1)×gap)} in region {@code z}; before the origin tick 0
   * holds, after the end the last tick holds. Regions that are not zones of the set always have capacity.
   */
  public SpotCapacity capacity(Instant origin) {
    Map<String, int[]> nextDown = new HashMap<>();
    for (SpotTrace t : zones) {
      int[] nd = new int[ticks];
      int next = -1;
      for (int i = ticks - 1; i >= 0; i--) {
        if (!t.available(i)) next = i;
        nd[i] = next;
      }
      nextDown.put(t.zone(), nd);
    }
    long gapMs = gapSeconds * 1000L;
    return new SpotCapacity() {
      private int tick(Instant at) {
        long ms = Duration.between(origin, at).toMillis();
        if (ms < 0) return 0;
        return (int) Math.min(ticks - 1, ms / gapMs);
      }

      @Override
      public boolean available(String region, Instant at) {
        int[] nd = nextDown.get(region);
        if (nd == null) return true;
        int i = tick(at);
        return nd[i] != i;
      }

      @Override
      public Instant nextUnavailable(String region, Instant from) {
        int[] nd = nextDown.get(region);
        if (nd == null) return null;
        int i = tick(from);
        int j = nd[i];
        if (j < 0) return null;
        Instant at = origin.plusMillis(j * gapMs);
        return at.isBefore(from) ? from : at;
      }
    };
  }

  /**
   * The JSON form of the set as the replay report shows it: {@code source, zones, gap_seconds, ticks,
   * duration_hours, availability} (per zone, the fraction of ticks with capacity) and {@code any_zone_availability}.
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("source", source);
    m.put("zones", zoneNames());
    m.put("gap_seconds", gapSeconds);
    m.put("ticks", ticks);
    m.put("duration_hours", round(duration().toSeconds() / 3600.0, 2));
    Map<String, Object> avail = new LinkedHashMap<>();
    for (SpotTrace t : zones) avail.put(t.zone(), round(t.availability(), 4));
    m.put("availability", avail);
    int any = 0;
    for (int i = 0; i < ticks; i++) if (anyAvailable(i)) any++;
    m.put("any_zone_availability", round((double) any / ticks, 4));
    return m;
  }

  static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "SpotTraces[%s, %d zones, gap=%ds, ticks=%d]", source, zones.size(), gapSeconds,
        ticks);
  }
}
