package com.dumontcloud.sdk.spi.support;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Redaction of secrets in text that may reach logs, exceptions or audit records. */
public final class Redaction {
  /** Longest body excerpt kept in exceptions. */
  public static final int MAX_EXCERPT = 512;
  private static final String MASK = "****";
  private static final Pattern KEY_VALUE = Pattern.compile(
      "(?i)(\"?(?:api[_-]?key|apikey|access[_-]?token|refresh[_-]?token|id[_-]?token|token|secret|password|private[_-]?key|authorization|client[_-]?secret|api_token)\"?\\s*[:=]\\s*\"?)([^\"&,\\s}]+)");
  private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]+");
  private static final Pattern QUERY = Pattern.compile("(?i)([?&](?:api[_-]?key|apikey|token|access_token|key|api_token)=)[^&#]*");

  private Redaction() {}

  /** Mask key-like fields, bearer tokens and key query parameters, then truncate to {@link #MAX_EXCERPT}. */
  public static String excerpt(String body) {
    if (body == null) return null;
    String r = redact(body);
    r = r.replaceAll("\\s+", " ").trim();
    return r.length() > MAX_EXCERPT ? r.substring(0, MAX_EXCERPT) + "…(" + body.length() + " chars)" : r;
  }

  /** Mask key-like fields, bearer tokens and key query parameters. */
  public static String redact(String text) {
    if (text == null) return null;
    String r = BEARER.matcher(text).replaceAll("$1" + MASK);
    r = QUERY.matcher(r).replaceAll("$1" + MASK);
    Matcher m = KEY_VALUE.matcher(r);
    return m.replaceAll(mr -> Matcher.quoteReplacement(mr.group(1) + MASK));
  }

  /** Mask key-like query parameters of a URL. */
  public static String redactUrl(String url) {
    return url == null ? null : QUERY.matcher(url).replaceAll("$1" + MASK);
  }

  /** Remove every occurrence of the given raw secret values (defence in depth). */
  public static String scrub(String text, Iterable<String> secrets) {
    if (text == null) return null;
    String r = text;
    for (String s : secrets) {
      if (s != null && s.length() >= 4) r = r.replace(s, MASK);
    }
    return r;
  }
}
