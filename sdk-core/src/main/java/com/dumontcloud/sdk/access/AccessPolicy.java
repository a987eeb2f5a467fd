package com.dumontcloud.sdk.access;

import com.dumontcloud.sdk.exception.AccessDeniedException;
import com.dumontcloud.sdk.model.Labels;
import java.util.List;
import java.util.Map;

/**
 * Decides whether a principal holds a permission, everywhere or on one resource. A resource is identified by its
 * labels: it is the principal's own when {@code dumont-principal} is its subject or {@code dumont-team} one of its
 * teams. {@code cost.view_own} is {@code cost.view} on own resources; a role's {@link Role#ownPermissions()} hold on
 * own resources only. Stateless and thread-safe.
 */
public final class AccessPolicy {
  private static final AccessPolicy STANDARD = new AccessPolicy();

  private AccessPolicy() {}

  /** The rules above. */
  public static AccessPolicy standard() {
    return STANDARD;
  }

  /** Whether the resource with these labels is the principal's own (its subject's or one of its teams'). */
  public boolean owns(Principal p, Map<String, String> labels) {
    if (labels == null) return false;
    String by = labels.get(Labels.PRINCIPAL);
    if (by != null && by.equals(p.subject())) return true;
    String team = labels.get(Labels.TEAM);
    return team != null && p.teams().contains(team);
  }

  /** Whether the principal holds {@code required} on every resource. */
  public boolean permits(Principal p, Permission required) {
    for (Role r : p.roles()) {
      for (Permission g : r.permissions()) {
        if (g.implies(required)) return true;
        // cost.view covers cost.view_own
        if (required.equals(Permission.COST_VIEW_OWN) && g.implies(Permission.COST_VIEW)) return true;
      }
    }
    return false;
  }

  /** Whether the principal holds {@code required} on the resource with these labels. */
  public boolean permits(Principal p, Permission required, Map<String, String> labels) {
    if (permits(p, required)) return true;
    return owns(p, labels) && permitsOnOwn(p, required);
  }

  /** Whether the principal holds {@code required} at least on its own resources (a route's first check). */
  public boolean permitsSomewhere(Principal p, Permission required) {
    return permits(p, required) || permitsOnOwn(p, required);
  }

  private boolean permitsOnOwn(Principal p, Permission required) {
    for (Role r : p.roles()) {
      for (Permission g : r.ownPermissions()) if (g.implies(required)) return true;
      if (required.equals(Permission.COST_VIEW) || required.equals(Permission.COST_VIEW_OWN)) {
        for (Permission g : r.permissions()) if (g.implies(Permission.COST_VIEW_OWN)) return true;
      }
    }
    return false;
  }

  /**
   * @param action what was attempted, e.g. {@code launch an instance}
   * @throws AccessDeniedException naming the missing permission when the principal lacks it everywhere
   */
  public void require(Principal p, Permission required, String action) {
    if (permits(p, required)) return;
    String scope = permitsOnOwn(p, required) ? " on every resource (its roles grant it only on its own)" : "";
    throw denied(p, required, action, scope);
  }

  /**
   * @throws AccessDeniedException naming the missing permission when the principal lacks it on this resource
   */
  public void require(Principal p, Permission required, Map<String, String> labels, String action) {
    if (permits(p, required, labels)) return;
    String scope = "";
    if (permitsOnOwn(p, required)) {
      String owner = labels == null ? null : labels.get(Labels.PRINCIPAL);
      String team = labels == null ? null : labels.get(Labels.TEAM);
      scope = " here: its roles grant it only on its own resources, and this one belongs to "
          + (owner == null && team == null ? "nobody it knows (no dumont-principal or dumont-team label)"
              : (owner == null ? "" : owner) + (owner != null && team != null ? ", " : "")
                  + (team == null ? "" : "team " + team));
    }
    throw denied(p, required, action, scope);
  }

  /** {@link #require(Principal, Permission, String)} that is satisfied by a grant on own resources too. */
  public void requireSomewhere(Principal p, Permission required, String action) {
    if (!permitsSomewhere(p, required)) throw denied(p, required, action, "");
  }

  private static AccessDeniedException denied(Principal p, Permission required, String action, String scope) {
    List<String> granting = Role.builtIns().stream().filter(r -> STANDARD.permits(
        Principal.of("_", r), required)).map(Role::name).toList();
    String roles = p.roleNames().isEmpty() ? "no roles" : "roles " + String.join(", ", p.roleNames());
    return new AccessDeniedException("access denied: " + p.subject() + " (" + roles + ") lacks permission "
        + required.name() + scope + " to " + action + "; built-in roles that grant it: " + String.join(", ", granting),
        required.name());
  }
}
