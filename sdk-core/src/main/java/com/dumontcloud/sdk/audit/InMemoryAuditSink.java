package com.dumontcloud.sdk.audit;

import java.util.ArrayList;
import java.util.List;

/** Keeps records in memory (tests, demos); bounded to the last {@code capacity} records. */
public final class InMemoryAuditSink implements AuditSink {
  private final int capacity;
  private final List<AuditRecord> records = new ArrayList<>();

  private InMemoryAuditSink(int capacity) {
    this.capacity = capacity;
  }

  public static InMemoryAuditSink create() {
    return new InMemoryAuditSink(100_000);
  }

  public static InMemoryAuditSink withCapacity(int capacity) {
    return new InMemoryAuditSink(capacity);
  }

  @Override
  public synchronized void record(AuditRecord r) {
    if (records.size() >= capacity) records.remove(0);
    records.add(r);
  }

  public synchronized List<AuditRecord> records() {
    return List.copyOf(records);
  }

  @Override
  public synchronized List<AuditRecord> query(AuditQuery q) {
    List<AuditRecord> out = new ArrayList<>();
    for (AuditRecord r : records) if (q.matches(r)) out.add(r);
    return List.copyOf(out.size() > q.limit() ? out.subList(out.size() - q.limit(), out.size()) : out);
  }

  public synchronized void clear() {
    records.clear();
  }
}
