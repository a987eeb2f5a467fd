package com.dumontcloud.sdk.audit;

/** Receives audit records. Implementations must be thread-safe and must not throw. */
@FunctionalInterface
public interface AuditSink {
  void record(AuditRecord record);

  /** Every record to each sink in turn (a failing sink does not keep the others from it). */
  static AuditSink all(AuditSink... sinks) {
    AuditSink[] copy = sinks.clone();
    return r -> {
      for (AuditSink s : copy) {
        try {
          s.record(r);
        } catch (RuntimeException ignored) {
          // a sink must not throw; one that does loses only its own record
        }
      }
    };
  }

  /** Discards records. */
  static AuditSink none() {
    return r -> {};
  }

  /** Logs each record at DEBUG on logger {@code com.dumontcloud.sdk.audit}. */
  static AuditSink slf4j() {
    return new Slf4jAuditSink();
  }
}
