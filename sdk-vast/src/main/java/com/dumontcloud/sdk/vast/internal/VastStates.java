package com.dumontcloud.sdk.vast.internal;

import com.dumontcloud.sdk.model.InstanceState;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The one table from Vast's four status fields to {@link InstanceState}. Rows are tried in order; the first
 * match wins. Sources for each row are in {@code ../shared/reference/vast-api.md} section 4 ("Status
 * vocabulary").
 *
 * <ul>
 *   <li>{@code actual_status}: container state ({@code null} while provisioning, {@code created}, {@code loading},
 *       {@code running}, {@code stopped}, {@code frozen}, {@code exited}, {@code rebooting}, {@code restarting},
 *       {@code unknown}, {@code offline}, {@code destroyed}); unknown strings are accepted.
 *   <li>{@code intended_status}: what the user or Vast wants ({@code running}, {@code stopped}, {@code frozen}).
 *   <li>{@code cur_state} / {@code next_state}: the machine contract ({@code running}, {@code stopped},
 *       {@code unloaded}).
 * </ul>
 */
final class VastStates {
  /**
   * The inputs of the table.
   *
   * @param actual actual_status, lower case, or null
   * @param intended intended_status, lower case, or null
   * @param cur cur_state, lower case, or null
   * @param next next_state, lower case, or null
   * @param isBid whether the instance is interruptible
   * @param statusMsg status_msg, or null
   * @param stoppedByClient whether the instance's label carries the SDK's stop marker (tells a stop the SDK asked
   *     for from an outbid; see {@link VastLabels})
   */
  record Status(String actual, String intended, String cur, String next, boolean isBid, String statusMsg,
      boolean stoppedByClient) {
    Status {
      actual = norm(actual);
      intended = norm(intended);
      cur = norm(cur);
      next = norm(next);
      statusMsg = statusMsg == null || statusMsg.isBlank() ? null : statusMsg.strip();
    }

    private static String norm(String s) {
      return s == null || s.isBlank() ? null : s.strip().toLowerCase(Locale.ROOT);
    }

    boolean actualIn(String... values) {
      for (String v : values) if (v == null ? actual == null : v.equals(actual)) return true;
      return false;
    }

    boolean allStopped() {
      return "stopped".equals(intended) && "stopped".equals(cur) && "stopped".equals(next);
    }

    /** intended_status, or cur_state when Vast left it out. */
    String wanted() {
      return intended != null ? intended : cur;
    }

    /** The raw form kept on the instance: {@code exited (intended=stopped cur=stopped next=stopped)}. */
    String raw() {
      return (actual == null ? "null" : actual) + " (intended=" + intended + " cur=" + cur + " next=" + next
          + (isBid ? " bid" : "") + ")";
    }
  }

  /**
   * The outcome: the state, a message for {@code Instance.statusMessage()} (never null for FAILED, INTERRUPTED
   * and queued starts), the row that matched and whether it is an interruption.
   */
  record Mapping(InstanceState state, String message, String row) {
    boolean interrupted() {
      return state == InstanceState.INTERRUPTED;
    }
  }

  private record Row(String name, Predicate<Status> when, InstanceState state, String defaultMessage,
      boolean preferStatusMsg) {}

  /** status_msg of a container that could not start (OCI/CDI, image pull). */
  private static final Pattern CONTAINER_ERROR = Pattern.compile(
      "(?i)(error response from daemon|oci runtime|cdi device|failed to (create|start|pull|inject)|"
          + "manifest .*not found|pull access denied|no such image|exec format error)");

  private static final Set<String> DOWN = Set.of("exited", "stopped", "created");

  static final List<Row> TABLE = List.of(
      new Row("destroyed", s -> s.actualIn("destroyed") || "unloaded".equals(s.cur) && "unloaded".equals(s.next),
          InstanceState.TERMINATED, "destroyed", false),
      new Row("container failed to start (OCI/CDI/image error)",
          s -> s.actualIn("created", "exited") && !"running".equals(s.wanted()) && s.statusMsg != null
              && CONTAINER_ERROR.matcher(s.statusMsg).find(),
          InstanceState.FAILED, "container failed to start", true),
      new Row("interruptible stopped by Vast (outbid or preempted)",
          s -> s.isBid && !s.stoppedByClient && s.allStopped() && (s.actual == null || DOWN.contains(s.actual)
              || s.actualIn("offline")),
          InstanceState.INTERRUPTED, "outbid or preempted: the interruptible instance was stopped by Vast", false),
      new Row("interruptible lost its machine while wanted running",
          s -> s.isBid && "running".equals(s.wanted())
              && (s.actualIn("stopped", "offline") || "stopped".equals(s.cur) && s.actualIn("exited", "created")),
          InstanceState.INTERRUPTED, "outbid or preempted: the interruptible instance is not running", false),
      new Row("start queued (GPU not free: resources_unavailable)",
          s -> "running".equals(s.wanted()) && "stopped".equals(s.cur) && (s.actual == null || DOWN.contains(s.actual)),
          InstanceState.STARTING, "start queued: resources unavailable on this machine, state change queued", true),
      new Row("provisioning (no container yet)", s -> s.actual == null && !"stopped".equals(s.wanted()),
          InstanceState.PROVISIONING, null, true),
      new Row("created stopped (no container yet)", s -> s.actual == null || s.actualIn("created") && "stopped".equals(s.wanted()),
          InstanceState.STOPPED, null, true),
      new Row("container created, about to start", s -> s.actualIn("created"), InstanceState.STARTING, null, true),
      new Row("pulling image / starting", s -> s.actualIn("loading", "rebooting", "restarting") && !"stopped".equals(s.wanted()),
          InstanceState.STARTING, null, true),
      new Row("stopping", s -> s.actualIn("loading", "rebooting", "restarting", "running") && "stopped".equals(s.wanted()),
          InstanceState.STOPPING, null, true),
      new Row("running", s -> s.actualIn("running"), InstanceState.RUNNING, null, true),
      new Row("crashed (exited while wanted running)", s -> s.actualIn("exited") && "running".equals(s.wanted())
          && !"stopped".equals(s.cur), InstanceState.FAILED, "container exited", true),
      new Row("starting again", s -> s.actualIn("stopped") && "running".equals(s.wanted()),
          InstanceState.STARTING, null, true),
      new Row("stopped", s -> s.actualIn("stopped", "exited") && "stopped".equals(s.wanted()),
          InstanceState.STOPPED, null, true),
      new Row("frozen (paused with memory; GPU still billed)", s -> s.actualIn("frozen"), InstanceState.STOPPED,
          "frozen: paused with memory, GPU still billed", false),
      new Row("host offline, instance stopped", s -> s.actualIn("offline") && "stopped".equals(s.wanted()),
          InstanceState.STOPPED, "host offline", true),
      new Row("host offline", s -> s.actualIn("offline"), InstanceState.FAILED,
          "host offline: Vast lost contact with the machine; destroy and relaunch elsewhere", false));

  private VastStates() {}

  static Mapping map(Status s) {
    for (Row r : TABLE) {
      if (r.when().test(s)) {
        String msg = r.preferStatusMsg() && s.statusMsg() != null ? s.statusMsg()
            : r.defaultMessage() != null && s.statusMsg() != null && r.state() != InstanceState.TERMINATED
                ? r.defaultMessage() + ": " + s.statusMsg()
                : r.defaultMessage() != null ? r.defaultMessage() : s.statusMsg();
        return new Mapping(r.state(), msg, r.name());
      }
    }
    return new Mapping(InstanceState.UNKNOWN, "unrecognised Vast status " + s.raw()
        + (s.statusMsg() != null ? ": " + s.statusMsg() : ""), "unknown");
  }
}
