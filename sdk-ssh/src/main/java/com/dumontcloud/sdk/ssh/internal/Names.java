package com.dumontcloud.sdk.ssh.internal;

/** Small helpers for file names and user-facing reasons. */
public final class Names {
  private Names() {}

  /** A provider or instance id as one safe path segment. */
  public static String segment(String id) {
    String s = id == null || id.isBlank() ? "default" : id.replaceAll("[^A-Za-z0-9._-]", "_");
    return s.startsWith(".") ? "_" + s.substring(1) : s;
  }

  /** The innermost message of an exception chain, for a one-line user message (no class names). */
  public static String reason(Throwable t) {
    String best = null;
    for (Throwable c = t; c != null; c = c.getCause()) {
      String m = c.getMessage();
      if (c instanceof java.net.ConnectException) return "connection refused";
      if (c instanceof java.nio.file.NoSuchFileException) return "no such file " + m;
      if (c instanceof java.nio.file.AccessDeniedException) return "permission denied " + m;
      if (m != null && !m.isBlank()) best = m;
      if (c.getCause() == c) break;
    }
    if (best == null) return "unknown error";
    best = best.replace('\n', ' ').replace('\r', ' ').strip();
    return best.length() > 300 ? best.substring(0, 300) + "..." : best;
  }
}
