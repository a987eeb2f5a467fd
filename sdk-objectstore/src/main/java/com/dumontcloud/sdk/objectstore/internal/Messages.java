package com.dumontcloud.sdk.objectstore.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One-line, scrubbed text for exception messages: no query strings (presigned signatures), no key ids. */
public final class Messages {
  private static final Pattern URL = Pattern.compile("(https?://[^\\s?\"'<>]*)\\?[^\\s\"'<>]*");
  private static final Pattern AMZ = Pattern.compile(
      "(?i)(X-Amz-(Credential|Signature|Security-Token)|AWSAccessKeyId|Signature|AKIA[0-9A-Z]{12,})[=:]?[^\\s&\"'<>]*");
  private static final Pattern CODE = Pattern.compile("<Code>([^<]{1,100})</Code>");
  private static final Pattern MESSAGE = Pattern.compile("<Message>([^<]{1,300})</Message>");

  private Messages() {}

  /** Remove query strings of URLs and anything that looks like a signature or key id; collapse to one line. */
  public static String scrub(String s) {
    if (s == null) return "";
    String t = URL.matcher(s).replaceAll("$1?…");
    t = AMZ.matcher(t).replaceAll("[redacted]");
    return t.replaceAll("[\\r\\n\\t]+", " ").replaceAll(" {2,}", " ").trim();
  }

  /** The last {@code max} characters of scrubbed text. */
  public static String tail(String s, int max) {
    String t = scrub(s);
    return t.length() <= max ? t : "…" + t.substring(t.length() - max);
  }

  /** The {@code <Code>: <Message>} of an S3 XML error body, else a scrubbed excerpt. */
  public static String s3Error(String body) {
    if (body == null || body.isBlank()) return "no error body";
    Matcher c = CODE.matcher(body);
    Matcher m = MESSAGE.matcher(body);
    if (c.find()) return c.group(1) + (m.find() ? ": " + scrub(m.group(1)) : "");
    return tail(body, 200);
  }
}
