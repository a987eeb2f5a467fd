package com.dumontcloud.sdk.remote;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Objects;

/**
 * How to run a remote command: a timeout (the command is killed and {@link RemoteTimeoutException} thrown when
 * it passes), a bound on the output kept in memory, optional sinks that receive every byte as it arrives, and
 * optional standard input.
 *
 * @param timeout whole-command deadline
 * @param maxOutputBytes output kept per stream in the {@link ExecResult} (default 1 MiB)
 * @param stdoutSink receives standard output as it streams, or null
 * @param stderrSink receives standard error as it streams, or null
 * @param stdin standard input, or null for none
 */
public record ExecOptions(Duration timeout, int maxOutputBytes, OutputStream stdoutSink, OutputStream stderrSink,
    InputStream stdin) {
  public static final int DEFAULT_MAX_OUTPUT = 1 << 20;

  public ExecOptions {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    if (maxOutputBytes < 0) throw new IllegalArgumentException("maxOutputBytes must be >= 0, got " + maxOutputBytes);
  }

  public static ExecOptions timeout(Duration timeout) {
    return new ExecOptions(timeout, DEFAULT_MAX_OUTPUT, null, null, null);
  }

  public ExecOptions streamTo(OutputStream out, OutputStream err) {
    return new ExecOptions(timeout, maxOutputBytes, out, err, stdin);
  }

  public ExecOptions stdin(InputStream in) {
    return new ExecOptions(timeout, maxOutputBytes, stdoutSink, stderrSink, in);
  }

  public ExecOptions maxOutputBytes(int n) {
    return new ExecOptions(timeout, n, stdoutSink, stderrSink, stdin);
  }
}
