package com.dumontcloud.sdk.audit;

import com.dumontcloud.sdk.internal.json.MoshiJsonCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Appends one JSON object per audit record to a file: {@code timestamp, provider, operation, command, result,
 * execution_time} (seconds){@code , success, metadata}, and {@code principal, teams}
 * when a principal acted — the shape of seed 001's VastExecutionLog. Records are
 * already redacted. Thread-safe; never throws from {@link #record} (a failed write is counted, not raised).
 */
public final class JsonLinesAuditSink implements AuditSink, AutoCloseable {
  private final Path file;
  private final Writer out;
  private long failures;

  private JsonLinesAuditSink(Path file) {
    this.file = file;
    try {
      if (file.getParent() != null) Files.createDirectories(file.getParent());
      this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open audit file " + file, e);
    }
  }

  /** Append to {@code file} (created with its directories when missing). */
  public static JsonLinesAuditSink open(Path file) {
    return new JsonLinesAuditSink(file);
  }

  /** The JSON form of a record. */
  public static Map<String, Object> toJson(AuditRecord r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("timestamp", r.timestamp() == null ? null : r.timestamp().toString());
    m.put("provider", r.providerId());
    m.put("operation", r.operation());
    m.put("command", r.command());
    m.put("result", r.result());
    m.put("execution_time", r.executionTime() == null ? null : r.executionTime().toMillis() / 1000.0);
    m.put("success", r.success());
    m.put("metadata", r.metadata());
    if (r.principal() != null) {
      m.put("principal", r.principal());
      m.put("teams", r.teams());
    }
    return m;
  }

  @Override
  public synchronized void record(AuditRecord r) {
    try {
      out.write(MoshiJsonCodec.get().write(toJson(r)));
      out.write('\n');
      out.flush();
    } catch (IOException | RuntimeException e) {
      failures++;
    }
  }

  /** Records that could not be written. */
  public synchronized long failures() {
    return failures;
  }

  public Path file() {
    return file;
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      failures++;
    }
  }
}
