package com.dumontcloud.sdk.remote;

import java.time.Duration;

/**
 * The outcome of a remote command.
 *
 * @param exitCode the command's exit status (a signal-killed command reports 128 + the signal number)
 * @param stdout standard output, up to the bound of {@link ExecOptions#maxOutputBytes()} (UTF-8)
 * @param stderr standard error, same bound
 * @param truncated true when either stream was longer than the bound (the rest was streamed to the sinks only)
 * @param took how long it ran
 */
public record ExecResult(int exitCode, String stdout, String stderr, boolean truncated, Duration took) {
  public boolean ok() {
    return exitCode == 0;
  }

  @Override
  public String toString() {
    return "ExecResult[exit=" + exitCode + ", stdout=" + stdout.length() + " chars, stderr=" + stderr.length()
        + " chars, truncated=" + truncated + ", took=" + took + "]";
  }
}
