package com.dumontcloud.sdk.audit;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Seed 001's instance DB: every instance created through a client, kept after it is destroyed, so that
 * statistics and cost analysis still count it when the provider no longer lists it (Vast forgets destroyed
 * instances). A record is a map of seed 001's fields — {@code instance_id, offer_id, image_name, status, gpu_name,
 * num_gpus, gpu_ram, cost_per_hour, public_ip, ssh_port, port_mappings, template_name, created_at, updated_at,
 * destroyed_at, start_command, auto_destroy} — plus {@code provider_id} and, for launches charged to a
 * principal, {@code principal} and {@code team}; times are ISO-8601 strings.
 *
 * <p>Records are fed from the audit stream (every provider operation passes through {@link #record}): a successful
 * launch creates one, a stop/start changes its status, a terminate stamps {@code destroyed_at}. Records destroyed
 * longer ago than the retention are dropped. Implementations are thread-safe and never throw from
 * {@link #record}.
 */
public interface InstanceRecords extends AuditSink {
  /** Every remembered instance (destroyed ones included), oldest first. */
  List<Map<String, Object>> all();

  /** Remembers nothing (statistics then see only what providers list). */
  static InstanceRecords none() {
    return new InstanceRecords() {
      @Override
      public void record(AuditRecord record) {}

      @Override
      public List<Map<String, Object>> all() {
        return List.of();
      }
    };
  }

  /**
   * Records as JSON lines in {@code file} (one change a line, replayed on open; compacted on open when it held
   * records past the retention), for a client without a database.
   *
   * @param retention how long a destroyed instance is remembered
   */
  static InstanceRecords jsonLines(Path file, Duration retention) {
    return jsonLines(file, retention, java.time.Clock.systemUTC());
  }

  /** {@link #jsonLines(Path, Duration)} with the clock that decides what is past the retention. */
  static InstanceRecords jsonLines(Path file, Duration retention, java.time.Clock clock) {
    return JsonLinesInstanceRecords.open(file, retention, clock);
  }

  /**
   * The change an audit record makes to an instance record (seed 001 field names, with {@code provider_id} and
   * {@code instance_id}), or null when it changes none (a failed call, a read).
   */
  static Map<String, Object> changeOf(AuditRecord r) {
    if (!r.success()) return null;
    Object id = r.metadata().get("instance_id");
    if (id == null) return null;
    String at = r.timestamp() == null ? null : r.timestamp().toString();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("provider_id", r.providerId());
    m.put("instance_id", String.valueOf(id));
    switch (r.operation()) {
      case "launch" -> {
        Map<String, Object> md = r.metadata();
        m.put("offer_id", md.get("offer_id"));
        m.put("image_name", md.get("image_name"));
        m.put("status", md.getOrDefault("state", "creating"));
        if (md.get("gpu_info") instanceof Map<?, ?> g) {
          m.put("gpu_name", g.get("gpu_name"));
          m.put("num_gpus", g.get("num_gpus"));
          m.put("gpu_ram", g.get("gpu_ram"));
        }
        m.put("cost_per_hour", md.get("cost_per_hour"));
        m.put("public_ip", md.get("public_ip"));
        m.put("ssh_port", md.get("ssh_port"));
        m.put("port_mappings", md.get("port_mappings"));
        m.put("template_name", md.get("template_name"));
        m.put("created_at", at);
        m.put("start_command", md.get("start_command"));
        m.put("auto_destroy", md.getOrDefault("auto_destroy", false));
        if (r.principal() != null) m.put("principal", r.principal());
        if (md.get("team") != null) m.put("team", md.get("team"));
      }
      case "stop" -> m.put("status", "stopped");
      case "start" -> m.put("status", "running");
      case "terminate" -> {
        m.put("status", "terminated");
        m.put("destroyed_at", at);
      }
      default -> {
        return null;
      }
    }
    m.put("updated_at", at);
    return m;
  }

  /**
   * What an instance record says it cost: {@code cost_per_hour} from {@code created_at} to {@code destroyed_at}
   * (or {@code now} when it was not destroyed), 0 when a field is missing.
   */
  static double costOf(Map<String, Object> rec, Instant now) {
    if (!(rec.get("cost_per_hour") instanceof Number rate) || rec.get("created_at") == null) return 0;
    Instant from = Instant.parse(String.valueOf(rec.get("created_at")));
    Instant to = rec.get("destroyed_at") == null ? now : Instant.parse(String.valueOf(rec.get("destroyed_at")));
    double hours = Math.max(0, Duration.between(from, to).toMillis() / 3_600_000.0);
    return rate.doubleValue() * hours;
  }
}
