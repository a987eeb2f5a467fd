package com.dumontcloud.sdk.server.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** Files of the dashboard from the class path (no directory traversal: a fixed set of names and extensions). */
public final class StaticFiles {
  private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
      "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml",
      "png", "image/png", "json", "application/json");
  private final String root;

  public StaticFiles(String root) {
    this.root = root;
  }

  public void serve(Exchange x, String file) throws IOException {
    if (file == null || !file.matches("[A-Za-z0-9_-]+(/[A-Za-z0-9_.-]+)*\\.[a-z]+") || file.contains("..")) {
      throw ApiError.notFound("no such file: " + file);
    }
    String ext = file.substring(file.lastIndexOf('.') + 1);
    String type = TYPES.get(ext);
    if (type == null) throw ApiError.notFound("no such file: " + file);
    try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(root + file)) {
      if (in == null) throw ApiError.notFound("no such file: " + file);
      x.raw().getResponseHeaders().set("Content-Security-Policy",
          "default-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'");
      x.send(200, type, in.readAllBytes());
    }
  }
}
