package com.dumontcloud.sdk.audit;

/** Receives audit records. Implementations must be thread-safe and must not throw. */
@FunctionalInterface
public interface AuditSink {
  void record(AuditRecord record);

  /** Discards records. */
  static AuditSink none() {
    return r -> {};
  }

  /** Logs each record at DEBUG on logger {@code com.dumontcloud.sdk.audit}. */
  static AuditSink slf4j() {
    return new Slf4jAuditSink();
  }
}
