package com.dumontcloud.sdk.engine.store;

import com.dumontcloud.sdk.internal.json.Json;
import com.dumontcloud.sdk.internal.json.MoshiJsonCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Append-only JSON lines: {@code {"op":"put","id":..,"record":{..}}} or {@code {"op":"remove","id":..}}, each
 * forced to disk ({@link FileChannel#force}) before {@link #put} returns. Replay keeps the last entry per id; a
 * torn last line (crash mid-write) is ignored. When the file holds many more entries than live records it is
 * compacted: the live records are written to a temporary file, forced, and atomically moved over the journal.
 */
final class FileJournalStateStore implements StateStore {
  private static final Logger log = LoggerFactory.getLogger(FileJournalStateStore.class);

  private final Path file;
  private final int compactAfter;
  private final Map<String, Map<String, Object>> live = new LinkedHashMap<>();
  private FileChannel channel;
  private int entries;

  private FileJournalStateStore(Path file, int compactAfter) {
    this.file = file;
    this.compactAfter = compactAfter;
  }

  static FileJournalStateStore open(Path file, int compactAfter) {
    FileJournalStateStore s = new FileJournalStateStore(file, compactAfter);
    s.replay();
    s.openChannel();
    return s;
  }

  private void replay() {
    if (!Files.exists(file)) return;
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).trim();
        if (line.isEmpty()) continue;
        Map<String, Object> e;
        try {
          e = Json.obj(MoshiJsonCodec.get().parse(line), "journal entry");
        } catch (RuntimeException bad) {
          if (i == lines.size() - 1) {
            log.warn("[journal={}] ignoring a torn last entry (crash during write)", file);
            continue;
          }
          throw new IllegalStateException("journal " + file + " line " + (i + 1) + " is corrupt: " + bad.getMessage(), bad);
        }
        String id = Json.str(e, "id");
        if ("remove".equals(e.get("op"))) {
          live.remove(id);
        } else {
          live.put(id, Json.obj(e.get("record"), "record"));
        }
        entries++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read journal " + file, e);
    }
  }

  private void openChannel() {
    try {
      if (file.getParent() != null) Files.createDirectories(file.getParent());
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open journal " + file, e);
    }
  }

  @Override
  public synchronized void put(String deploymentId, Map<String, Object> record) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("op", "put");
    e.put("id", deploymentId);
    e.put("record", record);
    String json = MoshiJsonCodec.get().write(e);
    append(json);
    live.put(deploymentId, Json.obj(MoshiJsonCodec.get().parse(MoshiJsonCodec.get().write(record)), "record"));
    maybeCompact();
  }

  @Override
  public synchronized void remove(String deploymentId) {
    append(MoshiJsonCodec.get().write(Map.of("op", "remove", "id", deploymentId)));
    live.remove(deploymentId);
    maybeCompact();
  }

  private void append(String json) {
    try {
      ByteBuffer buf = ByteBuffer.wrap((json + "\n").getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) channel.write(buf);
      channel.force(false);
      entries++;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to journal " + file, e);
    }
  }

  private void maybeCompact() {
    if (entries < compactAfter || entries < 4 * Math.max(1, live.size())) return;
    compact();
  }

  /** Rewrite the journal with only the live records. */
  synchronized void compact() {
    Path tmp = file.resolveSibling(file.getFileName() + ".compact");
    try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      for (Map.Entry<String, Map<String, Object>> en : live.entrySet()) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("op", "put");
        e.put("id", en.getKey());
        e.put("record", en.getValue());
        ByteBuffer buf = ByteBuffer.wrap((MoshiJsonCodec.get().write(e) + "\n").getBytes(StandardCharsets.UTF_8));
        while (buf.hasRemaining()) out.write(buf);
      }
      out.force(true);
      channel.close();
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      entries = live.size();
      openChannel();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot compact journal " + file, e);
    }
  }

  @Override
  public synchronized Map<String, Map<String, Object>> loadAll() {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    live.forEach((k, v) -> out.put(k, Json.obj(MoshiJsonCodec.get().parse(MoshiJsonCodec.get().write(v)), "record")));
    return out;
  }

  /** Entries currently in the file (for tests of compaction). */
  synchronized int entries() {
    return entries;
  }

  @Override
  public synchronized void close() {
    try {
      if (channel != null && channel.isOpen()) channel.close();
    } catch (IOException e) {
      log.warn("[journal={}] close failed: {}", file, e.toString());
    }
  }

  @Override
  public String toString() {
    return "FileJournalStateStore[" + file + "]";
  }
}
