package com.dumontcloud.sdk.audit;

import com.dumontcloud.sdk.internal.json.MoshiJsonCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Appends one JSON object per audit record to a file: {@code timestamp, provider, operation, command, result,
 * execution_time} (seconds){@code , success, metadata}, and {@code principal, teams}
 * when a principal acted — the shape of seed 001's VastExecutionLog. Records are
 * already redacted. Thread-safe; never throws from {@link #record} (a failed write is counted, not raised).
 *
 * <p><b>Rotation.</b> The file is rotated when a record would take it past {@link Builder#maxBytes} (default
 * 64 MiB) and, with {@link Builder#rotateDaily} (default on), when the first record of a new UTC day (on the
 * injected {@link Clock}) arrives. A rotated file is renamed {@code <name>-<YYYY-MM-DD>.<N>.<ext>} beside the file
 * ({@code audit-2026-01-05.1.jsonl}, the day its records were written, N counting from 1 within the day), after
 * its data is forced to disk (fsync) so a rotated file is complete. {@link #query} reads the rotated files and the
 * current one, skipping files whose day is outside the query's time range.
 */
public final class JsonLinesAuditSink implements AuditSink, AutoCloseable {
  private final Path file;
  private final long maxBytes;
  private final boolean rotateDaily;
  private final Clock clock;
  private final String stem;
  private final String ext;
  private final Pattern rotatedName;
  private FileChannel out;
  private long size;
  private LocalDate fileDay;
  private long failures;
  private long unreadable;

  private JsonLinesAuditSink(Builder b) {
    this.file = b.file;
    this.maxBytes = b.maxBytes;
    this.rotateDaily = b.rotateDaily;
    this.clock = b.clock;
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    this.stem = dot > 0 ? name.substring(0, dot) : name;
    this.ext = dot > 0 ? name.substring(dot) : "";
    this.rotatedName = Pattern.compile(Pattern.quote(stem) + "-(\\d{4}-\\d{2}-\\d{2})\\.(\\d+)" + Pattern.quote(ext));
    try {
      if (file.getParent() != null) Files.createDirectories(file.getParent());
      openCurrent();
      fileDay = size > 0 ? firstDay() : today();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open audit file " + file, e);
    }
  }

  /** Append to {@code file} (created with its directories when missing), rotating by the defaults. */
  public static JsonLinesAuditSink open(Path file) {
    return builder(file).build();
  }

  public static Builder builder(Path file) {
    return new Builder(file);
  }

  private void openCurrent() throws IOException {
    out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    size = out.size();
  }

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  /** The day of the current file's first record (a file kept from an earlier run), else today. */
  private LocalDate firstDay() {
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line = r.readLine();
      AuditRecord rec = line == null ? null : fromJsonLine(line);
      if (rec != null && rec.timestamp() != null) return LocalDate.ofInstant(rec.timestamp(), ZoneOffset.UTC);
    } catch (IOException | RuntimeException e) {
      // fall back to today
    }
    return today();
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

  /**
   * A record from its {@link #toJson} form (numbers in metadata come back as doubles).
   *
   * @throws IllegalArgumentException when a field has the wrong type
   */
  @SuppressWarnings("unchecked")
  public static AuditRecord fromJson(Map<String, ?> m) {
    Object ts = m.get("timestamp");
    Object et = m.get("execution_time");
    Object md = m.get("metadata");
    return new AuditRecord(ts == null ? null : Instant.parse(String.valueOf(ts)), str(m.get("provider")),
        str(m.get("operation")), str(m.get("command")), str(m.get("result")),
        et instanceof Number n ? Duration.ofMillis(Math.round(n.doubleValue() * 1000)) : Duration.ZERO,
        Boolean.TRUE.equals(m.get("success")), md instanceof Map<?, ?> mm ? (Map<String, Object>) mm : Map.of(),
        str(m.get("principal")), m.get("teams") instanceof java.util.List<?> l
            ? l.stream().map(String::valueOf).toList() : java.util.List.of());
  }

  private static String str(Object o) {
    return o == null ? null : String.valueOf(o);
  }

  private static AuditRecord fromJsonLine(String line) {
    if (line.isBlank()) return null;
    Object tree = MoshiJsonCodec.get().parse(line);
    return tree instanceof Map<?, ?> m ? fromJson((Map<String, ?>) m) : null;
  }

  @Override
  public synchronized void record(AuditRecord r) {
    try {
      byte[] line = (MoshiJsonCodec.get().write(toJson(r)) + "\n").getBytes(StandardCharsets.UTF_8);
      LocalDate day = today();
      if ((rotateDaily && !day.equals(fileDay) && size > 0) || (size > 0 && size + line.length > maxBytes)) {
        rotate();
      }
      if (size == 0) fileDay = day;
      ByteBuffer buf = ByteBuffer.wrap(line);
      while (buf.hasRemaining()) out.write(buf);
      size += line.length;
    } catch (IOException | RuntimeException e) {
      failures++;
    }
  }

  /** Force the current file to disk, rename it to its dated name and start an empty one. */
  private void rotate() throws IOException {
    out.force(true);
    out.close();
    int seq = 1;
    for (Rotated f : rotated()) if (f.day.equals(fileDay)) seq = Math.max(seq, f.seq + 1);
    Path target = file.resolveSibling(stem + "-" + fileDay + "." + seq + ext);
    Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
    forceDirectory();
    openCurrent();
  }

  /** Make the rename durable (POSIX: fsync the directory); not every platform can open a directory. */
  private void forceDirectory() {
    Path dir = file.toAbsolutePath().getParent();
    if (dir == null) return;
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | RuntimeException e) {
      // best effort
    }
  }

  private record Rotated(Path path, LocalDate day, int seq) {}

  /** The rotated files, oldest first. */
  private List<Rotated> rotated() throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    List<Rotated> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.forEach(p -> {
        Matcher m = rotatedName.matcher(p.getFileName().toString());
        if (m.matches()) out.add(new Rotated(p, LocalDate.parse(m.group(1)), Integer.parseInt(m.group(2))));
      });
    }
    out.sort(Comparator.comparing(Rotated::day).thenComparingInt(Rotated::seq));
    return out;
  }

  /** The rotated files and the current one, oldest first (what {@link #query} reads). */
  public synchronized List<Path> files() {
    List<Path> all = new ArrayList<>();
    try {
      rotated().forEach(r -> all.add(r.path));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the audit files beside " + file, e);
    }
    all.add(file);
    return all;
  }

  @Override
  public synchronized List<AuditRecord> query(AuditQuery q) {
    Objects.requireNonNull(q, "query");
    LocalDate from = q.since() == null ? null : LocalDate.ofInstant(q.since(), ZoneOffset.UTC).minusDays(1);
    LocalDate to = q.until() == null ? null : LocalDate.ofInstant(q.until(), ZoneOffset.UTC).plusDays(1);
    List<Path> paths = new ArrayList<>();
    try {
      for (Rotated r : rotated()) {
        if ((from != null && r.day.isBefore(from)) || (to != null && r.day.isAfter(to))) continue;
        paths.add(r.path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the audit files beside " + file, e);
    }
    paths.add(file);
    Deque<AuditRecord> newest = new ArrayDeque<>();
    for (Path p : paths) {
      try (BufferedReader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          AuditRecord rec;
          try {
            rec = fromJsonLine(line);
          } catch (RuntimeException e) {
            unreadable++;
            continue;
          }
          if (rec == null || !q.matches(rec)) continue;
          newest.addLast(rec);
          if (newest.size() > q.limit()) newest.removeFirst();
        }
      } catch (java.nio.file.NoSuchFileException gone) {
        // rotated away while listing
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read audit file " + p, e);
      }
    }
    return List.copyOf(newest);
  }

  /** Records that could not be written. */
  public synchronized long failures() {
    return failures;
  }

  /** Lines a query skipped because they were not audit records (a torn last line after a crash). */
  public synchronized long unreadableLines() {
    return unreadable;
  }

  public Path file() {
    return file;
  }

  @Override
  public synchronized void close() {
    try {
      out.force(true);
      out.close();
    } catch (IOException e) {
      failures++;
    }
  }

  /** Builder of {@link JsonLinesAuditSink}. */
  public static final class Builder {
    private final Path file;
    private long maxBytes = 64L << 20;
    private boolean rotateDaily = true;
    private Clock clock = Clock.systemUTC();

    private Builder(Path file) {
      this.file = Objects.requireNonNull(file, "file");
    }

    /** Rotate before a record would take the file past this size (default 64 MiB; at least 1 KiB). */
    public Builder maxBytes(long n) {
      if (n < 1024) throw new IllegalArgumentException("audit maxBytes must be at least 1024, got " + n);
      maxBytes = n;
      return this;
    }

    /** Rotate at the first record of a new UTC day (default true). */
    public Builder rotateDaily(boolean b) { rotateDaily = b; return this; }

    /** The clock that says which day it is (tests inject one). */
    public Builder clock(Clock c) { clock = Objects.requireNonNull(c, "clock"); return this; }

    public JsonLinesAuditSink build() {
      return new JsonLinesAuditSink(this);
    }
  }
}
