package com.dumontcloud.sdk.objectstore;

import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.remote.ExecOptions;
import com.dumontcloud.sdk.remote.ExecResult;
import com.dumontcloud.sdk.remote.RemoteException;
import com.dumontcloud.sdk.remote.RemoteShell;
import com.dumontcloud.sdk.remote.RemoteTimeoutException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Runs commands with {@code /bin/sh -c} locally, cwd = {@code root/<instance id>} (the "login directory"). */
final class LocalRemoteShell implements RemoteShell {
  private final Path root;
  /** Every command line run, to assert that no presigned URL ever appears in one. */
  final List<String> commands = new CopyOnWriteArrayList<>();

  LocalRemoteShell(Path root) {
    this.root = root;
  }

  Path home(Instance i) {
    Path d = root.resolve(i.id());
    try {
      Files.createDirectories(d);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return d;
  }

  @Override
  public ExecResult exec(Instance instance, String command, ExecOptions options) {
    commands.add(command);
    long t0 = System.nanoTime();
    try {
      Process p = new ProcessBuilder("/bin/sh", "-c", command).directory(home(instance).toFile()).start();
      Thread in = new Thread(() -> {
        try (OutputStream os = p.getOutputStream()) {
          if (options.stdin() != null) options.stdin().transferTo(os);
        } catch (IOException ignored) {
          // the command did not read its stdin
        }
      });
      in.start();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      Thread o = pump(p.getInputStream(), out);
      Thread e = pump(p.getErrorStream(), err);
      if (!p.waitFor(options.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new RemoteTimeoutException("command on instance '" + instance.id() + "' timed out");
      }
      o.join();
      e.join();
      in.join();
      return new ExecResult(p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
          false, Duration.ofNanos(System.nanoTime() - t0));
    } catch (IOException ex) {
      throw new RemoteException("cannot run a command on instance '" + instance.id() + "'", ex);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new RemoteException("interrupted", ex);
    }
  }

  private static Thread pump(InputStream in, ByteArrayOutputStream sink) {
    Thread t = new Thread(() -> {
      try {
        in.transferTo(sink);
      } catch (IOException ignored) {
        // process ended
      }
    });
    t.start();
    return t;
  }

  @Override
  public void upload(Instance instance, Path local, String remotePath, Duration timeout) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void download(Instance instance, String remotePath, Path local, Duration timeout) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<String> sshCommand(Instance instance) {
    return List.of();
  }
}
