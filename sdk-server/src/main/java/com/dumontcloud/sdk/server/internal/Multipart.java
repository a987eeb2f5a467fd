package com.dumontcloud.sdk.server.internal;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** A small reader of multipart/form-data bodies (already size-limited), enough for OpenAI's audio upload. */
final class Multipart {
  private final Map<String, byte[]> parts = new HashMap<>();
  private final Map<String, String> fileNames = new HashMap<>();

  static Multipart parse(String contentType, byte[] body) {
    String boundary = null;
    for (String p : contentType.split(";")) {
      String t = p.strip();
      if (t.toLowerCase(java.util.Locale.ROOT).startsWith("boundary=")) boundary = t.substring(9).replace("\"", "");
    }
    if (boundary == null) throw ApiError.badRequest("multipart/form-data without a boundary");
    Multipart m = new Multipart();
    String text = new String(body, StandardCharsets.ISO_8859_1);
    String delim = "--" + boundary;
    int pos = text.indexOf(delim);
    while (pos >= 0) {
      int start = pos + delim.length();
      if (text.startsWith("--", start)) break;
      int headersEnd = text.indexOf("\r\n\r\n", start);
      int next = text.indexOf("\r\n" + delim, start);
      if (headersEnd < 0 || next < 0) break;
      String headers = text.substring(start, headersEnd);
      String name = attr(headers, "name");
      if (name != null) {
        m.parts.put(name, text.substring(headersEnd + 4, next).getBytes(StandardCharsets.ISO_8859_1));
        String fn = attr(headers, "filename");
        if (fn != null) m.fileNames.put(name, fn);
      }
      pos = next + 2;
    }
    return m;
  }

  private static String attr(String headers, String key) {
    java.util.regex.Matcher mm = java.util.regex.Pattern.compile("[; ]" + key + "=\"([^\"]*)\"").matcher(headers);
    return mm.find() ? mm.group(1) : null;
  }

  byte[] file(String name) {
    return parts.get(name);
  }

  String fileName(String name) {
    return fileNames.getOrDefault(name, "audio");
  }

  String field(String name) {
    byte[] b = parts.get(name);
    return b == null ? null : new String(b, StandardCharsets.UTF_8).strip();
  }
}
