package com.dumontcloud.sdk.spi.support;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Redaction of secrets in text that may reach logs, exceptions or audit records.
 *
 * <p>Two layers: pattern redaction masks whatever looks like a credential (key-like JSON/form fields,
 * {@code Bearer} tokens, key-like query parameters); {@link #scrub(String, Iterable)} removes the exact
 * secret values the caller knows about, as defence in depth for bodies that echo a key under an
 * unexpected name.
 */
public final class Redaction {
  /** Longest body excerpt kept in exceptions. */
  public static final int MAX_EXCERPT = 512;
  /** What a redacted value is replaced with. */
  public static final String MASK = "****";
  private static final Pattern KEY_VALUE = Pattern.compile(
      "(?i)(\"?(?:api[_-]?key|apikey|access[_-]?token|refresh[_-]?token|id[_-]?token|token|secret|password|private[_-]?key|authorization|client[_-]?secret|api_token)\"?\\s*[:=]\\s*\"?)([^\"&,\\s}]+)");
  private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]+");
  private static final Pattern QUERY = Pattern.compile("(?i)([?&](?:api[_-]?key|apikey|token|access_token|key|api_token)=)[^&#]*");
  private static final Pattern SENSITIVE_NAME = Pattern.compile(
      "(?i).*(authorization|cookie|api[_-]?key|apikey|token|secret|password|credential|private[_-]?key|signature).*|key");

  private Redaction() {}

  /** Mask key-like fields, bearer tokens and key query parameters, then truncate to {@link #MAX_EXCERPT}. */
  public static String excerpt(String body) {
    return excerpt(body, List.of());
  }

  /**
   * Remove the given raw secret values, mask key-like fields, bearer tokens and key query parameters, collapse
   * whitespace, then truncate to {@link #MAX_EXCERPT}. Secrets are removed before truncating, so a secret cut in
   * half by the truncation cannot leak its first half.
   */
  public static String excerpt(String body, Iterable<String> secrets) {
    if (body == null) return null;
    String r = redact(scrub(body, secrets));
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

  /** {@link #scrub(String, Iterable)} then {@link #redact(String)}: for messages built from foreign text. */
  public static String redact(String text, Iterable<String> secrets) {
    return redact(scrub(text, secrets));
  }

  /** Mask key-like query parameters of a URL. */
  public static String redactUrl(String url) {
    return url == null ? null : QUERY.matcher(url).replaceAll("$1" + MASK);
  }

  /** Remove every occurrence of the given raw secret values (defence in depth). Values shorter than 4 are ignored. */
  public static String scrub(String text, Iterable<String> secrets) {
    if (text == null) return null;
    String r = text;
    for (String s : secrets) {
      if (s != null && s.length() >= 4) r = r.replace(s, MASK);
    }
    return r;
  }

  /**
   * True when a header, query parameter or field name usually carries a credential ({@code Authorization},
   * {@code Cookie}, {@code X-Api-Key}, {@code api_key}, {@code access_token}, {@code key}, ...).
   */
  public static boolean isSensitiveName(String name) {
    return name != null && SENSITIVE_NAME.matcher(name.toLowerCase(Locale.ROOT)).matches();
  }
}
