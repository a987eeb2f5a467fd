package com.dumontcloud.sdk.vast.internal;

import com.dumontcloud.sdk.exception.InvalidSpecException;
import com.dumontcloud.sdk.model.Labels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Vast has one free-text {@code label} per instance; the SDK's label map is encoded in it as
 * {@code dumont-key=<key>;k=v;...}: the idempotency key first, then the other labels sorted by key, with
 * {@code %}, {@code ;} and {@code =} percent-encoded. The encoding is deterministic, so the same launch always
 * produces the same label and an ambiguous launch can be resolved by listing instances with exactly that label.
 * A label the SDK did not write (e.g. set in the Vast console) decodes to {@code {"label": <text>}}.
 *
 * <p><b>The stop marker.</b> Vast shows a stop the user asked for and an outbid interruptible instance the same
 * way (all three states {@code stopped}). Before the SDK stops an instance it appends {@link #STOP_MARKER}
 * ({@code ;dumont-stopped=client}) to the instance's Vast label, and it removes it again when it starts the
 * instance; Vast leaves the label alone when it stops an outbid instance. The state table reads the marker from
 * the label Vast returns, so any process (a restarted host application, another client on the account) tells
 * the two apart. The marker is always the last segment, never part of {@link #decode} (it is provider state,
 * not a user label), and never written by {@link #encode}.
 */
final class VastLabels {
  /** Key under which a label the SDK did not write is exposed. */
  static final String RAW_LABEL = "label";
  /** Vast validates labels up to 256 characters on create. */
  static final int MAX_LENGTH = 256;
  /** Vast's label endpoint accepts up to 1024 characters (the stop marker may go past {@link #MAX_LENGTH}). */
  static final int MAX_LENGTH_LABEL_ENDPOINT = 1024;
  /** Reserved label key of the stop marker. */
  static final String STOPPED_KEY = "dumont-stopped";
  /** The stop marker: the SDK asked Vast to stop this instance (and has not started it since). */
  static final String STOP_MARKER = STOPPED_KEY + "=client";
  private static final String STOP_SUFFIX = ";" + STOP_MARKER;

  private VastLabels() {}

  /** Whether a raw Vast label carries the stop marker. */
  static boolean hasStopMarker(String label) {
    if (label == null) return false;
    String s = label.strip();
    return s.equals(STOP_MARKER) || s.endsWith(STOP_SUFFIX);
  }

  /** {@code label} with the stop marker appended (unchanged when it already has it). */
  static String withStopMarker(String label) {
    if (hasStopMarker(label)) return label.strip();
    String base = label == null ? "" : label.strip();
    return base.isEmpty() ? STOP_MARKER : base + STOP_SUFFIX;
  }

  /** {@code label} without the stop marker ({@code ""} when nothing else was there). */
  static String withoutStopMarker(String label) {
    if (label == null) return "";
    String s = label.strip();
    if (s.equals(STOP_MARKER)) return "";
    return s.endsWith(STOP_SUFFIX) ? s.substring(0, s.length() - STOP_SUFFIX.length()) : s;
  }

  static String encode(Map<String, String> labels) {
    Map<String, String> sorted = new TreeMap<>(labels);
    List<String> parts = new ArrayList<>();
    String key = sorted.remove(Labels.KEY);
    if (key != null) parts.add(escape(Labels.KEY) + "=" + escape(key));
    sorted.forEach((k, v) -> {
      if (k == null || k.isBlank()) throw new InvalidSpecException("label keys must not be blank: " + labels.keySet());
      if (k.equals(STOPPED_KEY)) {
        throw new InvalidSpecException("label key '" + STOPPED_KEY + "' is reserved on Vast (the SDK marks the "
            + "instances it stopped with it): use another key");
      }
      parts.add(escape(k) + "=" + escape(v == null ? "" : v));
    });
    String s = String.join(";", parts);
    if (s.length() > MAX_LENGTH) {
      throw new InvalidSpecException("labels do not fit in Vast's " + MAX_LENGTH + "-character instance label ("
          + s.length() + " characters once encoded): use fewer or shorter labels; keys " + labels.keySet());
    }
    return s;
  }

  /** The SDK's labels from a raw Vast label; the stop marker is not one of them. */
  static Map<String, String> decode(String label) {
    label = withoutStopMarker(label);
    if (label.isBlank()) return Map.of();
    String[] segments = label.split(";", -1);
    Map<String, String> out = new LinkedHashMap<>();
    for (String seg : segments) {
      int eq = seg.indexOf('=');
      if (eq <= 0) return Map.of(RAW_LABEL, label.strip());
      String k = unescape(seg.substring(0, eq));
      String v = unescape(seg.substring(eq + 1));
      if (k == null || v == null) return Map.of(RAW_LABEL, label.strip());
      out.put(k, v);
    }
    return out;
  }

  private static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '%' -> sb.append("%25");
        case ';' -> sb.append("%3B");
        case '=' -> sb.append("%3D");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Null when the text is not a valid escape sequence (then the label is not ours). */
  private static String unescape(String s) {
    if (s.indexOf('%') < 0) return s;
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '%') {
        sb.append(c);
        continue;
      }
      if (i + 2 >= s.length()) return null;
      String hex = s.substring(i + 1, i + 3).toUpperCase(java.util.Locale.ROOT);
      switch (hex) {
        case "25" -> sb.append('%');
        case "3B" -> sb.append(';');
        case "3D" -> sb.append('=');
        default -> {
          return null;
        }
      }
      i += 2;
    }
    return sb.toString();
  }
}
