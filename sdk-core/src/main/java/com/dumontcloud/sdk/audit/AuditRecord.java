package com.dumontcloud.sdk.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One provider operation, like seed 001's VastExecutionLog: operation, command, result, execution time,
 * success, and metadata (template, GPU, cost per hour, deployment...), and who acted. Never contains secrets:
 * commands and results are redacted before a record is built, and a principal is recorded by subject and teams only.
 *
 * @param timestamp when the operation started
 * @param providerId provider id
 * @param operation operation name (launch, terminate, list, ...)
 * @param command a redacted one-line description of what was asked
 * @param result a redacted one-line outcome
 * @param executionTime how long it took
 * @param success whether it succeeded
 * @param metadata extra facts (template_name, gpu_info, cost_per_hour, instance_id, ...)
 * @param principal the subject of the principal that acted ({@code dumont.as(principal)}, a server request, the
 *     principal a deployment was applied by), or null when none was bound
 * @param teams that principal's teams (empty when none)
 */
public record AuditRecord(
    Instant timestamp, String providerId, String operation, String command, String result, Duration executionTime,
    boolean success, Map<String, Object> metadata, String principal, List<String> teams) {
  public AuditRecord {
    metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
    teams = teams == null ? List.of() : List.copyOf(teams);
  }

  /** A record with no principal (library use without access control). */
  public AuditRecord(
      Instant timestamp, String providerId, String operation, String command, String result, Duration executionTime,
      boolean success, Map<String, Object> metadata) {
    this(timestamp, providerId, operation, command, result, executionTime, success, metadata, null, List.of());
  }
}
