package com.dumontcloud.sdk.vast.internal;

import com.dumontcloud.sdk.spi.support.Json;
import com.dumontcloud.sdk.spi.Utilisation.Usage;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * GPU utilisation from instance bodies, and the last value seen per instance. The engine's observer lists instances
 * every tick, so {@code usage()} is normally served from that listing; this is transient observation (lost on
 * restart, never persisted), not state.
 *
 * <p>Units: {@code gpu_util} is a fraction (vast-api.md); a value above 1 is taken as a percentage. GPU memory is
 * {@code vmem_usage} over {@code gpu_totalram}: {@code gpu_totalram} is MB, and {@code vmem_usage} is read as GB, the
 * unit of its siblings {@code mem_usage}/{@code mem_limit} (the recorded {@code mem_limit} 128.466 is the machine's
 * {@code cpu_ram} 128466 MB / 1000). The docs call them MB, so the unit is not certain: a ratio above 1 is reported as
 * unknown (negative) rather than guessed. {@code mem_usage}/{@code mem_limit} are the container's system memory, not
 * GPU memory, and are not used.
 */
final class VastUsage {
  /** How old a listed value may be before {@code usage()} asks Vast again. */
  static final Duration FRESH = Duration.ofSeconds(60);

  /** One observation; {@code usage} null when the body had none (not running, or no sample yet). */
  record Seen(Instant at, Usage usage) {}

  private final Map<String, Seen> seen = new ConcurrentHashMap<>();

  /** Remember what this raw instance body says (called for every parsed list entry and show). */
  void record(String id, Map<String, Object> raw, Instant now) {
    seen.put(id, new Seen(now, parse(raw, now).orElse(null)));
  }

  /** The value seen within {@link #FRESH} of {@code now}, if any. */
  Optional<Seen> fresh(String id, Instant now) {
    Seen s = seen.get(id);
    if (s == null || s.at().plus(FRESH).isBefore(now)) return Optional.empty();
    return Optional.of(s);
  }

  void forget(String id) {
    seen.remove(id);
  }

  /** After a full listing: drop instances that are no longer there. */
  void retainOnly(Collection<String> ids) {
    seen.keySet().retainAll(ids);
  }

  /** The usage in one raw instance body; empty unless it is running and reports {@code gpu_util}. */
  static Optional<Usage> parse(Map<String, Object> raw, Instant now) {
    if (!"running".equalsIgnoreCase(Json.text(raw, "actual_status"))) return Optional.empty();
    Double util = Json.num(raw, "gpu_util");
    if (util == null || util.isNaN() || util < 0) return Optional.empty(); // -1 / null: no sample
    double gpu = util > 1 ? util / 100 : util;
    gpu = Math.min(1, Math.max(0, gpu));
    return Optional.of(new Usage(gpu, memory(raw), now));
  }

  private static double memory(Map<String, Object> raw) {
    Double usedGb = Json.num(raw, "vmem_usage");
    Double totalMb = Json.num(raw, "gpu_totalram");
    if (totalMb == null) {
      Double perGpu = Json.num(raw, "gpu_ram");
      Double n = Json.num(raw, "num_gpus");
      if (perGpu != null) totalMb = perGpu * (n == null || n < 1 ? 1 : n);
    }
    if (usedGb == null || totalMb == null || usedGb.isNaN() || usedGb < 0 || totalMb <= 0) return -1;
    double f = usedGb * 1000 / totalMb;
    if (f > 1.02) return -1; // not GB after all: unknown rather than a wrong number
    return Math.min(1, f);
  }
}
