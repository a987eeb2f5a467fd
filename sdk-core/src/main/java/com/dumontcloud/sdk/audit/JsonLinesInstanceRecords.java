package com.dumontcloud.sdk.audit;

import com.dumontcloud.sdk.internal.json.MoshiJsonCodec;
import com.dumontcloud.sdk.spi.support.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link InstanceRecords} as JSON lines: one change a line, merged by provider and instance id on open. */
final class JsonLinesInstanceRecords implements InstanceRecords, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(JsonLinesInstanceRecords.class);
  private final Path file;
  private final Map<String, Map<String, Object>> records = new LinkedHashMap<>();
  private Writer out;

  private JsonLinesInstanceRecords(Path file) {
    this.file = file;
  }

  static JsonLinesInstanceRecords open(Path file, Duration retention, java.time.Clock clock) {
    JsonLinesInstanceRecords r = new JsonLinesInstanceRecords(file);
    try {
      if (file.getParent() != null) Files.createDirectories(file.getParent());
      int lines = 0;
      if (Files.exists(file)) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          if (line.isBlank()) continue;
          try {
            r.merge(Json.obj(MoshiJsonCodec.get().parse(line), "instance record"));
            lines++;
          } catch (RuntimeException bad) {
            log.warn("[file={}] skipping an unreadable instance record line: {}", file, bad.getMessage());
          }
        }
      }
      Instant cutoff = clock.instant().minus(retention);
      boolean pruned = r.records.values().removeIf(m -> m.get("destroyed_at") != null
          && Instant.parse(String.valueOf(m.get("destroyed_at"))).isBefore(cutoff));
      if (pruned || lines > 2 * r.records.size() + 100) r.rewrite();
      r.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the instance records " + file, e);
    }
    return r;
  }

  private void rewrite() throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".compact");
    List<String> lines = new ArrayList<>();
    for (Map<String, Object> m : records.values()) lines.add(MoshiJsonCodec.get().write(m));
    Files.write(tmp, lines, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private void merge(Map<String, Object> change) {
    String key = change.get("provider_id") + "|" + change.get("instance_id");
    Map<String, Object> m = records.computeIfAbsent(key, k -> new LinkedHashMap<>());
    change.forEach((k, v) -> {
      if (v != null) m.put(k, v);
    });
  }

  @Override
  public synchronized void record(AuditRecord r) {
    Map<String, Object> change = InstanceRecords.changeOf(r);
    if (change == null) return;
    try {
      merge(change);
      Map<String, Object> line = new LinkedHashMap<>();
      change.forEach((k, v) -> {
        if (v != null) line.put(k, v);
      });
      out.write(MoshiJsonCodec.get().write(line));
      out.write('\n');
      out.flush();
    } catch (IOException | RuntimeException e) {
      log.debug("[file={}] instance record not written: {}", file, e.toString());
    }
  }

  @Override
  public synchronized List<Map<String, Object>> all() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> m : records.values()) out.add(new LinkedHashMap<>(m));
    return out;
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      log.debug("[file={}] close failed: {}", file, e.toString());
    }
  }

  @Override
  public String toString() {
    return "JsonLinesInstanceRecords[" + file + "]";
  }
}
