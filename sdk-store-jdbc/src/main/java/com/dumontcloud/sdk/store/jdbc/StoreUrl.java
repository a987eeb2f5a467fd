package com.dumontcloud.sdk.store.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A JDBC URL split into the URL without credentials and the credentials, so that neither the pool's
 * configuration (which it may log) nor any message or {@code toString()} ever holds the password.
 */
record StoreUrl(String urlWithoutSecrets, String user, String password) {
  static StoreUrl parse(String url, String user, String password) {
    if (url == null || !url.startsWith("jdbc:")) {
      throw new IllegalArgumentException("DUMONT_STORE_URL: expected a JDBC URL such as "
          + "jdbc:postgresql://localhost:5432/dumont, got '" + redact(url) + "'");
    }
    int q = url.indexOf('?');
    if (q < 0) return new StoreUrl(url, user, password);
    List<String> kept = new ArrayList<>();
    String u = user;
    String p = password;
    for (String kv : url.substring(q + 1).split("&")) {
      int eq = kv.indexOf('=');
      String k = (eq < 0 ? kv : kv.substring(0, eq)).toLowerCase(Locale.ROOT);
      String v = eq < 0 ? "" : java.net.URLDecoder.decode(kv.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
      if (k.equals("user")) {
        if (u == null) u = v;
      } else if (k.equals("password")) {
        if (p == null) p = v;
      } else if (!kv.isEmpty()) {
        kept.add(kv);
      }
    }
    String base = url.substring(0, q) + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
    return new StoreUrl(base, u, p);
  }

  /** The URL for people: no password, the user kept. */
  String redacted() {
    return urlWithoutSecrets + (user == null ? "" : " as " + user);
  }

  /** Any URL with its password parameter and user-info password masked. */
  static String redact(String url) {
    if (url == null) return "null";
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("(//[^/:@]*:)[^@/]*@", "$1***@");
  }

  @Override
  public String toString() {
    return "StoreUrl[" + redacted() + "]";
  }
}
