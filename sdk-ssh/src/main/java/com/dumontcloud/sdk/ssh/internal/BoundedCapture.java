package com.dumontcloud.sdk.ssh.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One output stream of a remote command: every byte goes to the caller's sink (if any); the first {@code max}
 * bytes are also kept for the result. Closing it flushes the sink but never closes it (it may be System.out).
 */
public final class BoundedCapture extends OutputStream {
  private final int max;
  private final OutputStream sink;
  private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
  private boolean truncated;
  private volatile boolean sinkFailed;

  public BoundedCapture(int max, OutputStream sink) {
    this.max = max;
    this.sink = sink;
  }

  @Override
  public synchronized void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    int room = max - kept.size();
    if (room > 0) kept.write(b, off, Math.min(room, len));
    if (len > room) truncated = true;
    if (sink != null && !sinkFailed) {
      try {
        sink.write(b, off, len);
      } catch (IOException e) {
        sinkFailed = true; // the caller's sink broke: keep capturing, stop streaming
      }
    }
  }

  @Override
  public void flush() {
    if (sink != null && !sinkFailed) {
      try {
        sink.flush();
      } catch (IOException e) {
        sinkFailed = true;
      }
    }
  }

  @Override
  public void close() {
    flush();
  }

  public synchronized boolean truncated() {
    return truncated;
  }

  public synchronized String text() {
    return kept.toString(StandardCharsets.UTF_8);
  }
}
