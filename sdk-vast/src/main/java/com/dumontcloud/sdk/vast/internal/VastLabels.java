package com.dumontcloud.sdk.vast.internal;

import com.dumontcloud.sdk.exception.InvalidSpecException;
import com.dumontcloud.sdk.spi.support.LabelText;
import java.util.Map;

/**
 * Vast has one free-text {@code label} per instance; the SDK's label map is encoded in it with the toolkit's
 * {@link LabelText} ({@code dumont-key=<key>;k=v;...}, deterministic, so an ambiguous launch is resolved by listing
 * instances with exactly that label). A label the SDK did not write (e.g. set in the Vast console) decodes to
 * {@code {"label": <text>}}.
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
    if (labels.containsKey(STOPPED_KEY)) {
      throw new InvalidSpecException("label key '" + STOPPED_KEY + "' is reserved on Vast (the SDK marks the "
          + "instances it stopped with it): use another key");
    }
    String s = LabelText.encode(labels);
    if (s.length() > MAX_LENGTH) {
      throw new InvalidSpecException("labels do not fit in Vast's " + MAX_LENGTH + "-character instance label ("
          + s.length() + " characters once encoded): use fewer or shorter labels; keys " + labels.keySet());
    }
    return s;
  }

  /** The SDK's labels from a raw Vast label; the stop marker is not one of them. */
  static Map<String, String> decode(String label) {
    return LabelText.decode(withoutStopMarker(label), RAW_LABEL);
  }
}
