package com.dumontcloud.sdk.engine;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.access.Permission;
import com.dumontcloud.sdk.access.Principal;
import com.dumontcloud.sdk.audit.AuditRecord;
import com.dumontcloud.sdk.exception.AccessDeniedException;
import com.dumontcloud.sdk.exception.InvalidSpecException;
import com.dumontcloud.sdk.model.Labels;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine's access checks for deployments applied and deleted on behalf of a principal: who may, which labels a
 * new deployment carries ({@code dumont-principal}, {@code dumont-team}; kept on changes), and one audit record per
 * decision naming the principal.
 */
final class EngineAccess {
  private EngineAccess() {}

  /** The spec to apply, labelled with its owner. */
  static DeploymentSpec authorizeApply(Dumont dumont, DeploymentSpec spec, DeploymentSpec existing, Principal by) {
    String action = "apply deployment " + spec.id();
    try {
      dumont.accessPolicy().require(by, Permission.GPU_PROVISION, action);
      Map<String, String> labels = new LinkedHashMap<>(spec.labels());
      if (existing != null) {
        dumont.accessPolicy().require(by, Permission.GPU_DELETE, existing.labels(),
            "change deployment " + spec.id() + " (a change can replace or retire its replicas)");
        copy(existing.labels(), labels, Labels.PRINCIPAL);
        copy(existing.labels(), labels, Labels.TEAM);
      } else {
        String team;
        try {
          team = by.chargeTeam(spec.labels().get(Labels.TEAM));
        } catch (IllegalArgumentException e) {
          throw new InvalidSpecException("labels: " + e.getMessage());
        }
        labels.put(Labels.PRINCIPAL, by.subject());
        if (team != null) labels.put(Labels.TEAM, team);
      }
      DeploymentSpec owned = spec.toBuilder().labels(labels).build();
      audit(dumont, "apply_deployment", spec.id(), labels.get(Labels.TEAM), by, true, "authorized");
      return owned;
    } catch (AccessDeniedException | InvalidSpecException e) {
      audit(dumont, "apply_deployment", spec.id(), spec.labels().get(Labels.TEAM), by, false, e.getMessage());
      throw e;
    }
  }

  /** Throws unless {@code by} may delete the deployment with these labels (null: there is none). */
  static void authorizeDelete(Dumont dumont, String id, Map<String, String> labels, Principal by) {
    try {
      if (labels == null) {
        dumont.accessPolicy().require(by, Permission.GPU_DELETE, Map.of(), "delete deployment " + id);
      } else {
        dumont.accessPolicy().require(by, Permission.GPU_DELETE, labels, "delete deployment " + id);
      }
      audit(dumont, "delete_deployment", id, labels == null ? null : labels.get(Labels.TEAM), by, true, "authorized");
    } catch (AccessDeniedException e) {
      audit(dumont, "delete_deployment", id, labels == null ? null : labels.get(Labels.TEAM), by, false, e.getMessage());
      throw e;
    }
  }

  private static void copy(Map<String, String> from, Map<String, String> to, String key) {
    if (from.get(key) != null) to.put(key, from.get(key));
    else to.remove(key);
  }

  private static void audit(Dumont dumont, String op, String id, String team, Principal by, boolean ok, String result) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("deployment", id);
    if (team != null) meta.put("team", team);
    try {
      dumont.auditSink().record(new AuditRecord(dumont.scheduler().now(), "-", op, op + " " + id, result,
          Duration.ZERO, ok, meta, by.subject(), List.copyOf(by.teams())));
    } catch (RuntimeException ignored) {
      // an audit sink must never break the operation
    }
  }
}
