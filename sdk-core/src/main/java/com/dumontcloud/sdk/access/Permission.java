package com.dumontcloud.sdk.access;

import java.util.List;
import java.util.Objects;

/**
 * A permission name such as {@code gpu.provision}, or a wildcard over a family ({@code gpu.*}) or over everything
 * ({@code *}). Names are lower-case dotted words; {@link #implies} is how a granted permission covers a required one.
 *
 * @param name the permission's name, e.g. {@code cost.view}
 */
public record Permission(String name) {
  /** Rent capacity: launch instances, apply deployments, start stopped instances, create endpoints. */
  public static final Permission GPU_PROVISION = new Permission("gpu.provision");
  /** Stop or destroy instances, delete deployments and endpoints. */
  public static final Permission GPU_DELETE = new Permission("gpu.delete");
  /** See offers, templates, instances, deployments, endpoints and events. */
  public static final Permission GPU_VIEW = new Permission("gpu.view");
  /** See the cost of anything (reports, statistics, cost analysis). */
  public static final Permission COST_VIEW = new Permission("cost.view");
  /** See the cost of one's own resources only ({@code cost.view} restricted to own resources). */
  public static final Permission COST_VIEW_OWN = new Permission("cost.view_own");
  /** Export cost data. */
  public static final Permission COST_EXPORT = new Permission("cost.export");
  public static final Permission TEAM_INVITE = new Permission("team.invite");
  public static final Permission TEAM_REMOVE = new Permission("team.remove");
  /** Manage teams and their quotas. */
  public static final Permission TEAM_MANAGE = new Permission("team.manage");
  public static final Permission SETTINGS_VIEW = new Permission("settings.view");
  /** Change server settings, manage API keys. */
  public static final Permission SETTINGS_MANAGE = new Permission("settings.manage");
  /** Read audit records. */
  public static final Permission AUDIT_VIEW = new Permission("audit.view");
  /** Every permission. */
  public static final Permission ALL = new Permission("*");

  private static final List<Permission> KNOWN = List.of(GPU_PROVISION, GPU_DELETE, GPU_VIEW, COST_VIEW,
      COST_VIEW_OWN, COST_EXPORT, TEAM_INVITE, TEAM_REMOVE, TEAM_MANAGE, SETTINGS_VIEW, SETTINGS_MANAGE, AUDIT_VIEW);

  public Permission {
    Objects.requireNonNull(name, "permission name");
    name = name.strip();
    if (!name.equals("*") && !name.matches("[a-z][a-z_]*(\\.[a-z][a-z_]*)*(\\.\\*)?")) {
      throw new IllegalArgumentException("permission '" + name + "' is not a permission name: use dotted lower-case "
          + "words such as gpu.provision, a family wildcard such as gpu.*, or * (known: " + knownNames() + ")");
    }
  }

  /**
   * A known permission or a wildcard that covers at least one.
   *
   * @throws IllegalArgumentException for a malformed or unknown name (the message lists the known ones)
   */
  public static Permission of(String name) {
    Permission p = new Permission(name == null ? "" : name);
    if (KNOWN.stream().noneMatch(p::implies)) {
      throw new IllegalArgumentException("unknown permission '" + p.name + "'; known: " + knownNames()
          + " (wildcards: gpu.*, cost.*, team.*, settings.*, audit.*, *)");
    }
    return p;
  }

  /** The permissions the SDK checks, in a stable order. */
  public static List<Permission> known() {
    return KNOWN;
  }

  private static String knownNames() {
    return String.join(", ", KNOWN.stream().map(Permission::name).toList());
  }

  /** True for {@code *} and family wildcards such as {@code team.*}. */
  public boolean isWildcard() {
    return name.equals("*") || name.endsWith(".*");
  }

  /**
   * Whether holding this permission grants {@code required}: the same name, {@code *}, or a family wildcard whose
   * prefix is a whole leading part of the required name ({@code gpu.*} implies {@code gpu.delete}, not
   * {@code gpux.delete}).
   */
  public boolean implies(Permission required) {
    if (name.equals("*") || name.equals(required.name)) return true;
    if (!name.endsWith(".*")) return false;
    String prefix = name.substring(0, name.length() - 1); // keeps the dot
    return required.name.startsWith(prefix) && !required.isWildcard();
  }

  @Override
  public String toString() {
    return name;
  }
}
