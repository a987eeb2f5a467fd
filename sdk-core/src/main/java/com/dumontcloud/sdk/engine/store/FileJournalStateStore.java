package com.dumontcloud.sdk.engine.store;

import com.dumontcloud.sdk.spi.support.Json;
import com.dumontcloud.sdk.internal.json.MoshiJsonCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Append-only journal of JSON lines, one entry per line: {@code {"op":"put","id":..,"record":{..}}} or
 * {@code {"op":"remove","id":..}}. Replay keeps the last entry per id. The durability rules users rely on are
 * stated on {@link StateStore#fileJournal}; this comment says how they are kept.
 *
 * <p><b>Writing.</b> Each entry is written as one line (JSON text never holds a raw newline) at the end of the
 * file, then {@code force(false)}. If the write or the force fails, the file is truncated back to where the entry
 * began, so a failed call leaves no fragment for the next entry to be glued onto; if even that fails, the store
 * refuses further writes until it is reopened.
 *
 * <p><b>Opening.</b> A {@code <journal>.compact} file is an unfinished compaction (the journal is authoritative)
 * and is deleted. The journal is then scanned as bytes, split at {@code '\n'}: a line is valid when it is strict
 * UTF-8, one JSON object and a well-formed entry. Only the last non-blank line may be invalid: that is a write
 * cut short by a crash (possibly mid-character), and the file is truncated to the end of the last valid entry
 * (truncate + force) with one WARN. An invalid line followed by any other non-blank line is real corruption and
 * fails the open with the file and line number. A valid last entry that lacks its {@code '\n'} (crash just before
 * the newline) is complete and kept; a {@code '\n'} is written after it before anything else. Entries with an
 * unknown {@code op} (a newer version) are skipped and unknown fields ignored, with one WARN per kind per open.
 *
 * <p><b>Compaction.</b> When the file holds many more entries than live records, the live records are written
 * to {@code <journal>.compact}, forced, and atomically moved over the journal, and the directory is forced so the
 * rename itself is durable (where the platform allows opening a directory). A crash at any point leaves either
 * the old journal or the new one. Entries with unknown ops and unknown top-level fields are not carried over.
 *
 * <p>One process per journal file; nothing here locks it.
 */
final class FileJournalStateStore implements StateStore {
  private static final Logger log = LoggerFactory.getLogger(FileJournalStateStore.class);
  private static final Set<String> PUT_FIELDS = Set.of("op", "id", "record");
  private static final Set<String> REMOVE_FIELDS = Set.of("op", "id");

  private final Path file;
  private final int compactAfter;
  private final Map<String, Map<String, Object>> live = new LinkedHashMap<>();
  private FileChannel channel;
  /** Bytes of the journal that hold complete entries; the next entry is written here. */
  private long size;
  private int entries;
  private long nextCompactionCheck;
  private boolean compactionFailureLogged;
  /** Set when a failed write could not be undone; the file's tail is unknown until the journal is reopened. */
  private IOException broken;

  private FileJournalStateStore(Path file, int compactAfter) {
    this.file = file;
    this.compactAfter = compactAfter;
  }

  static FileJournalStateStore open(Path file, int compactAfter) {
    FileJournalStateStore s = new FileJournalStateStore(file, compactAfter);
    s.deleteLeftoverCompaction();
    s.openAndRecover();
    return s;
  }

  private Path compactionFile() {
    return file.resolveSibling(file.getFileName() + ".compact");
  }

  private void deleteLeftoverCompaction() {
    Path tmp = compactionFile();
    try {
      if (Files.deleteIfExists(tmp)) {
        log.warn("[journal={}] deleted {}, left by a crash during compaction; the journal itself is complete",
            file, tmp.getFileName());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the unfinished compaction file " + tmp
          + " (left by a crash during compaction); delete it by hand and start again", e);
    }
  }

  private void openAndRecover() {
    try {
      Path parent = file.toAbsolutePath().getParent();
      Path firstExisting = parent;
      while (firstExisting != null && !Files.isDirectory(firstExisting)) firstExisting = firstExisting.getParent();
      Files.createDirectories(parent);
      boolean created = !Files.exists(file);
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      if (created) {
        // The new directory entries must be durable too, or the first forced put could vanish with its file.
        for (Path d = parent; d != null; d = d.getParent()) {
          forceDirectory(d);
          if (d.equals(firstExisting)) break;
        }
      }
      recover();
    } catch (IOException e) {
      closeQuietly();
      throw new UncheckedIOException("cannot open journal " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly();
      throw e;
    }
  }

  private void recover() throws IOException {
    byte[] bytes = readAll();
    int unknownOps = 0;
    Set<String> unknownOpNames = new TreeSet<>();
    int withUnknownFields = 0;
    Set<String> unknownFieldNames = new TreeSet<>();
    long keep = 0;
    int badLine = 0;
    String badReason = null;
    int lineNo = 0;
    for (int pos = 0; pos < bytes.length; ) {
      int nl = indexOf(bytes, (byte) '\n', pos);
      int end = nl < 0 ? bytes.length : nl;
      int next = nl < 0 ? bytes.length : nl + 1;
      lineNo++;
      if (isBlank(bytes, pos, end)) {
        if (badReason == null) keep = next;
        pos = next;
        continue;
      }
      if (badReason != null) {
        throw new IllegalStateException("journal " + file + " line " + badLine + " is corrupt (" + badReason
            + ") and more entries follow it, so it is not a write cut short by a crash; restore the journal from"
            + " a backup, or delete that line to continue without it");
      }
      Map<String, Object> e;
      try {
        e = parse(bytes, pos, end);
      } catch (IllegalArgumentException bad) {
        badLine = lineNo;
        badReason = bad.getMessage();
        pos = next;
        continue;
      }
      keep = next;
      entries++;
      String op = (String) e.get("op");
      switch (op) {
        case "put" -> live.put((String) e.get("id"), Json.obj(e.get("record"), "record"));
        case "remove" -> live.remove((String) e.get("id"));
        default -> {
          unknownOps++;
          unknownOpNames.add(op);
          pos = next;
          continue;
        }
      }
      Set<String> known = op.equals("put") ? PUT_FIELDS : REMOVE_FIELDS;
      boolean extra = false;
      for (String k : e.keySet()) {
        if (!known.contains(k)) {
          unknownFieldNames.add(k);
          extra = true;
        }
      }
      if (extra) withUnknownFields++;
      pos = next;
    }
    if (unknownOps > 0) {
      log.warn("[journal={}] skipped {} entries with an unknown op {} (written by a newer SDK version?);"
          + " compaction will not keep them", file, unknownOps, unknownOpNames);
    }
    if (withUnknownFields > 0) {
      log.warn("[journal={}] ignored unknown fields {} in {} entries (written by a newer SDK version?)",
          file, unknownFieldNames, withUnknownFields);
    }
    if (badReason != null) {
      channel.truncate(keep);
      channel.force(true);
      log.warn("[journal={}] dropped {} bytes at the end: line {} is an entry cut short by a crash during a write"
          + " ({}); every entry before it is kept", file, bytes.length - keep, badLine, badReason);
    }
    size = keep;
    if (size > 0 && bytes[(int) size - 1] != '\n') {
      // A complete last entry whose newline never reached the disk: end its line before the next entry.
      write(ByteBuffer.wrap(new byte[] {'\n'}), size);
      channel.force(false);
      size++;
    }
    nextCompactionCheck = compactAfter;
  }

  private byte[] readAll() throws IOException {
    long length = channel.size();
    if (length > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("journal " + file + " is " + length + " bytes, too large to replay;"
          + " it should have been compacted long before, so check that nothing else writes to it");
    }
    ByteBuffer buf = ByteBuffer.allocate((int) length);
    while (buf.hasRemaining()) {
      if (channel.read(buf, buf.position()) < 0) break;
    }
    byte[] bytes = new byte[buf.position()];
    buf.flip().get(bytes);
    return bytes;
  }

  /** One journal line as an entry, or {@link IllegalArgumentException} saying why it is not one. */
  private static Map<String, Object> parse(byte[] bytes, int from, int to) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, from, to - from))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("not valid UTF-8", e);
    }
    Object tree;
    try {
      tree = MoshiJsonCodec.get().parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not valid JSON", e);
    }
    if (!(tree instanceof Map<?, ?>)) throw new IllegalArgumentException("not a JSON object");
    Map<String, Object> e = Json.obj(tree, "journal entry");
    if (!(e.get("op") instanceof String op)) throw new IllegalArgumentException("no \"op\" text");
    if (!op.equals("put") && !op.equals("remove")) return e;
    if (!(e.get("id") instanceof String)) throw new IllegalArgumentException("no \"id\" text");
    if (op.equals("put") && !(e.get("record") instanceof Map<?, ?>)) {
      throw new IllegalArgumentException("a put without a \"record\" object");
    }
    return e;
  }

  private static int indexOf(byte[] bytes, byte b, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == b) return i;
    }
    return -1;
  }

  private static boolean isBlank(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      byte b = bytes[i];
      if (b != ' ' && b != '\t' && b != '\r') return false;
    }
    return true;
  }

  @Override
  public synchronized void put(String deploymentId, Map<String, Object> record) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("op", "put");
    e.put("id", deploymentId);
    e.put("record", record);
    append(MoshiJsonCodec.get().write(e));
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
    if (broken != null) {
      throw new IllegalStateException("journal " + file + " refuses writes: an earlier write failed and could"
          + " not be undone (" + broken.getMessage() + "); close this store and open the journal again", broken);
    }
    ByteBuffer buf = ByteBuffer.wrap((json + "\n").getBytes(StandardCharsets.UTF_8));
    long start = size;
    try {
      write(buf, start);
      channel.force(false);
    } catch (IOException e) {
      undo(start, e);
      throw new UncheckedIOException("cannot append to journal " + file + ": " + e.getMessage(), e);
    }
    size = start + buf.limit();
    entries++;
  }

  private void write(ByteBuffer buf, long at) throws IOException {
    long p = at;
    while (buf.hasRemaining()) p += channel.write(buf, p);
  }

  /** Cut a failed write off again, so that the next entry does not start in the middle of its fragment. */
  private void undo(long start, IOException failure) {
    try {
      channel.truncate(start);
      channel.force(true);
    } catch (IOException again) {
      failure.addSuppressed(again);
      broken = failure;
    }
  }

  private void maybeCompact() {
    if (entries < nextCompactionCheck || entries < 4 * Math.max(1, live.size())) return;
    try {
      compact();
    } catch (RuntimeException e) {
      // The entry that triggered this is already durable; the old journal stays valid and keeps growing.
      nextCompactionCheck = entries + compactAfter;
      if (!compactionFailureLogged) {
        compactionFailureLogged = true;
        log.warn("[journal={}, entries={}] compaction failed, the journal stays as it is and is compacted"
            + " later: {}", file, entries, e.getMessage());
      } else {
        log.debug("[journal={}, entries={}] compaction failed again: {}", file, entries, e.getMessage());
      }
    }
  }

  /** Rewrite the journal with only the live records (temp file, force, atomic move, directory force). */
  synchronized void compact() {
    Path tmp = compactionFile();
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
    } catch (IOException e) {
      deleteQuietly(tmp);
      throw new UncheckedIOException("cannot compact journal " + file + ": writing " + tmp + " failed: "
          + e.getMessage(), e);
    }
    try {
      channel.close(); // before the move: Windows refuses to replace an open file
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      deleteQuietly(tmp);
      reopenForAppend();
      throw new UncheckedIOException("cannot compact journal " + file + ": moving " + tmp + " over it failed: "
          + e.getMessage(), e);
    }
    forceDirectory(file.toAbsolutePath().getParent());
    entries = live.size();
    nextCompactionCheck = compactAfter;
    reopenForAppend();
  }

  private void reopenForAppend() {
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
      size = channel.size();
    } catch (IOException e) {
      broken = e;
      throw new UncheckedIOException("cannot reopen journal " + file + ": " + e.getMessage(), e);
    }
  }

  /** Make a rename or a new entry in {@code dir} durable; some platforms (Windows) cannot open a directory. */
  private static void forceDirectory(Path dir) {
    if (dir == null) return;
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      log.debug("[dir={}] cannot force the directory on this platform: {}", dir, e.toString());
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      log.debug("[file={}] cannot delete: {}", p, e.toString());
    }
  }

  private void closeQuietly() {
    try {
      if (channel != null) channel.close();
    } catch (IOException e) {
      log.debug("[journal={}] close failed: {}", file, e.toString());
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
