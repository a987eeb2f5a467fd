package com.dumontcloud.sdk.server;

import com.dumontcloud.sdk.spi.support.JsonCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One server per state directory: an OS file lock on {@code serve.lock} held while {@code dumont serve} runs, and
 * {@code server.json} (address, pid) plus a per-run {@code session.token} (owner-only permissions, a new random value
 * each start, deleted on stop) through which the CLI of the same user reaches the running server. The lock is
 * released by the OS when the process dies, so a crashed server never blocks the next one.
 */
public final class ServerLock implements AutoCloseable {
  private final Path dir;
  private final FileChannel channel;
  private final FileLock lock;

  /** A running server found for a state directory. */
  public record Running(URI uri, long pid, Optional<String> sessionToken) {
    @Override
    public String toString() {
      return "Running[" + uri + ", pid " + pid + "]";
    }
  }

  private ServerLock(Path dir, FileChannel channel, FileLock lock) {
    this.dir = dir;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Take the lock of {@code dir} (created if needed).
   *
   * @throws IllegalStateException naming the running server when another process holds it
   */
  public static ServerLock acquire(Path dir) {
    try {
      Files.createDirectories(dir);
      FileChannel ch = FileChannel.open(dir.resolve("serve.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock l;
      try {
        l = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        l = null;
      }
      if (l == null) {
        ch.close();
        Optional<Running> server = readInfo(dir);
        if (server.isEmpty()) {
          throw new IllegalStateException("the state directory " + dir.getParent() + " is in use by another dumont "
              + "command; retry when it has finished, or set DUMONT_HOME to another directory");
        }
        throw new IllegalStateException("another dumont serve is running for " + dir.getParent() + " (pid "
            + server.get().pid() + ", " + server.get().uri() + "); stop it first, use its API, or set DUMONT_HOME "
            + "to another directory");
      }
      return new ServerLock(dir, ch, l);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot take the server lock in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Tell other processes where the server listens, and the per-run token the CLI may use. */
  public void publish(URI uri, String sessionToken) {
    try {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("url", uri.toString());
      m.put("pid", ProcessHandle.current().pid());
      m.put("started_at", Instant.now().toString());
      Files.writeString(dir.resolve("server.json"), JsonCodec.standard().writePretty(m), StandardCharsets.UTF_8);
      Path tok = dir.resolve("session.token");
      Files.deleteIfExists(tok);
      Files.createFile(tok);
      try {
        Files.setPosixFilePermissions(tok, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system
      }
      Files.writeString(tok, sessionToken, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve("server.json") + ": " + e.getMessage(), e);
    }
  }

  /** The server running for {@code dir}, if one holds its lock now. */
  public static Optional<Running> running(Path dir) {
    Path lockFile = dir.resolve("serve.lock");
    if (!Files.exists(lockFile)) return Optional.empty();
    try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock l;
      try {
        l = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        return readInfo(dir); // held by this very process
      }
      if (l != null) {
        l.release();
        return Optional.empty(); // nobody holds it: a stale file
      }
      return readInfo(dir);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<Running> readInfo(Path dir) {
    try {
      Path f = dir.resolve("server.json");
      if (!Files.exists(f)) return Optional.empty();
      Object tree = JsonCodec.standard().parse(Files.readString(f, StandardCharsets.UTF_8));
      if (!(tree instanceof Map<?, ?> m) || !(m.get("url") instanceof String url)) return Optional.empty();
      long pid = m.get("pid") instanceof Number n ? n.longValue() : -1;
      Path tok = dir.resolve("session.token");
      Optional<String> token = Optional.empty();
      if (Files.isReadable(tok)) token = Optional.of(Files.readString(tok, StandardCharsets.UTF_8).strip());
      return Optional.of(new Running(URI.create(url), pid, token));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    try {
      Files.deleteIfExists(dir.resolve("session.token"));
      Files.deleteIfExists(dir.resolve("server.json"));
      lock.release();
      channel.close();
    } catch (IOException e) {
      // the OS releases the lock when the process ends
    }
  }
}
