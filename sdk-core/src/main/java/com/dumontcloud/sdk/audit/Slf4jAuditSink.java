package com.dumontcloud.sdk.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs audit records at DEBUG. */
final class Slf4jAuditSink implements AuditSink {
  private static final Logger log = LoggerFactory.getLogger("com.dumontcloud.sdk.audit");

  @Override
  public void record(AuditRecord r) {
    log.debug("[provider={}, op={}, success={}, ms={}{}] {} -> {} {}", r.providerId(), r.operation(), r.success(),
        r.executionTime().toMillis(), r.principal() == null ? "" : ", principal=" + r.principal() + ", teams="
            + r.teams(), r.command(), r.result(), r.metadata());
  }
}
