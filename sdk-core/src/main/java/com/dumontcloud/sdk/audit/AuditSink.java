package com.dumontcloud.sdk.audit;

import java.util.List;

/** Receives audit records. Implementations must be thread-safe and must not throw from {@link #record}. */
@FunctionalInterface
public interface AuditSink {
  void record(AuditRecord record);

  /**
   * The records that match {@code query}, oldest first (the newest {@link AuditQuery#limit()} of them). The
   * JSON-lines sink (rotated files included) and the in-memory sink keep records to query; sinks that only pass
   * them on (SLF4J, none) cannot answer.
   *
   * @throws UnsupportedOperationException when this sink keeps no records
   */
  default List<AuditRecord> query(AuditQuery query) {
    throw new UnsupportedOperationException("this audit sink keeps no records to query; record to a "
        + "JsonLinesAuditSink or an InMemoryAuditSink");
  }

  /**
   * Every record to each sink in turn (a failing sink does not keep the others from it); a query goes to the first
   * sink that can answer it.
   */
  static AuditSink all(AuditSink... sinks) {
    AuditSink[] copy = sinks.clone();
    return new AuditSink() {
      @Override
      public void record(AuditRecord r) {
        for (AuditSink s : copy) {
          try {
            s.record(r);
          } catch (RuntimeException ignored) {
            // a sink must not throw; one that does loses only its own record
          }
        }
      }

      @Override
      public List<AuditRecord> query(AuditQuery q) {
        UnsupportedOperationException none = null;
        for (AuditSink s : copy) {
          try {
            return s.query(q);
          } catch (UnsupportedOperationException e) {
            none = e;
          }
        }
        throw none != null ? none : new UnsupportedOperationException("no audit sink to query");
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
