package com.dumontcloud.sdk.serverless;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.access.Permission;
import com.dumontcloud.sdk.access.Principal;
import com.dumontcloud.sdk.audit.AuditRecord;
import com.dumontcloud.sdk.exception.InvalidSpecException;
import com.dumontcloud.sdk.model.Labels;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The access checks of endpoints created and deleted on behalf of a principal, the engine's rules for deployments:
 * creating needs {@code gpu.provision} and labels the endpoint with its owner ({@code dumont-principal} = the
 * subject, whatever the spec said; {@code dumont-team} = the team it is charged to); deleting needs
 * {@code gpu.delete} on the endpoint (its own, for a developer). One audit record per decision names the principal.
 */
final class EndpointAccess {
  private EndpointAccess() {}

  /**
   * The spec labelled with its owner.
   *
   * @throws com.dumontcloud.sdk.exception.AccessDeniedException without {@code gpu.provision}
   * @throws InvalidSpecException when its {@code dumont-team} label names a team the principal is not a member of,
   *     or names none while the principal has several
   */
  static EndpointSpec owned(Dumont dumont, EndpointSpec spec, Principal by) {
    dumont.accessPolicy().require(by, Permission.GPU_PROVISION, "create endpoint " + spec.name());
    Map<String, String> labels = new LinkedHashMap<>(spec.labels());
    String team;
    try {
      team = by.chargeTeam(labels.get(Labels.TEAM));
    } catch (IllegalArgumentException e) {
      throw new InvalidSpecException("labels: " + e.getMessage());
    }
    labels.put(Labels.PRINCIPAL, by.subject()); // a spec's own dumont-principal is no way to act as someone else
    if (team != null) labels.put(Labels.TEAM, team);
    return spec.toBuilder().labels(labels).build();
  }

  /** @throws com.dumontcloud.sdk.exception.AccessDeniedException without {@code gpu.delete} on this endpoint */
  static void requireDelete(Dumont dumont, String id, Map<String, String> labels, Principal by) {
    dumont.accessPolicy().require(by, Permission.GPU_DELETE, labels, "delete endpoint " + id);
  }

  static void audit(Dumont dumont, String op, String id, Map<String, String> labels, Principal by, boolean ok,
      String result) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("endpoint", id);
    String team = labels.get(Labels.TEAM);
    if (team != null) meta.put("team", team);
    try {
      dumont.auditSink().record(new AuditRecord(dumont.scheduler().now(), "-", op, op + " " + id, result,
          Duration.ZERO, ok, meta, by.subject(), List.copyOf(by.teams())));
    } catch (RuntimeException ignored) {
      // an audit sink must never break the operation
    }
  }
}
