package com.dumontcloud.sdk.access;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A named set of permissions, each granted everywhere or only on the principal's own resources (those whose
 * {@code dumont-principal} label is its subject or whose {@code dumont-team} label is one of its teams).
 *
 * <p>The built-in roles:
 *
 * <table>
 *   <caption>built-in roles</caption>
 *   <tr><th>permission</th><th>admin</th><th>developer</th><th>viewer</th></tr>
 *   <tr><td>gpu.provision</td><td>yes</td><td>yes</td><td>-</td></tr>
 *   <tr><td>gpu.delete</td><td>yes</td><td>own</td><td>-</td></tr>
 *   <tr><td>gpu.view</td><td>yes</td><td>yes</td><td>yes</td></tr>
 *   <tr><td>cost.view</td><td>yes</td><td>own (cost.view_own)</td><td>own (cost.view_own)</td></tr>
 *   <tr><td>cost.export</td><td>yes</td><td>-</td><td>-</td></tr>
 *   <tr><td>team.*</td><td>yes</td><td>-</td><td>-</td></tr>
 *   <tr><td>settings.*</td><td>yes</td><td>-</td><td>-</td></tr>
 *   <tr><td>audit.view</td><td>yes</td><td>-</td><td>-</td></tr>
 * </table>
 *
 * <p>Custom roles: {@code Role.builder("ml-operator").permissions("gpu.*", "cost.view").build()}.
 */
public final class Role {
  /** Every permission. */
  public static final Role ADMIN = builder("admin").description("every permission").grant(Permission.ALL).build();
  /** Rents capacity and manages its own: provision and view everything, delete and see the cost of its own. */
  public static final Role DEVELOPER = builder("developer")
      .description("rent capacity; delete and see the cost of its own resources")
      .grant(Permission.GPU_PROVISION).grant(Permission.GPU_VIEW).grant(Permission.COST_VIEW_OWN)
      .grantOnOwn(Permission.GPU_DELETE).build();
  /** Reads: everything's state, its own resources' cost. */
  public static final Role VIEWER = builder("viewer").description("see everything's state and its own cost")
      .grant(Permission.GPU_VIEW).grant(Permission.COST_VIEW_OWN).build();

  private static final Map<String, Role> BUILT_IN = Map.of("admin", ADMIN, "developer", DEVELOPER, "viewer", VIEWER);

  private final String name;
  private final String description;
  private final Set<Permission> permissions;
  private final Set<Permission> ownPermissions;

  private Role(Builder b) {
    this.name = b.name;
    this.description = b.description;
    this.permissions = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(b.permissions));
    this.ownPermissions = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(b.ownPermissions));
  }

  /**
   * A custom role.
   *
   * @param name 1-64 letters, digits, '.', '_' or '-'
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** {@code admin}, {@code developer} or {@code viewer}. */
  public static Optional<Role> builtIn(String name) {
    return Optional.ofNullable(name == null ? null : BUILT_IN.get(name.strip()));
  }

  /** The built-in roles: admin, developer, viewer. */
  public static List<Role> builtIns() {
    return List.of(ADMIN, DEVELOPER, VIEWER);
  }

  public String name() {
    return name;
  }

  public String description() {
    return description;
  }

  /** Permissions granted on every resource. */
  public Set<Permission> permissions() {
    return permissions;
  }

  /** Permissions granted only on the principal's own resources. */
  public Set<Permission> ownPermissions() {
    return ownPermissions;
  }

  public Builder toBuilder() {
    Builder b = new Builder(name).description(description);
    b.permissions.addAll(permissions);
    b.ownPermissions.addAll(ownPermissions);
    return b;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Role r && name.equals(r.name) && description.equals(r.description)
        && permissions.equals(r.permissions) && ownPermissions.equals(r.ownPermissions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, description, permissions, ownPermissions);
  }

  @Override
  public String toString() {
    return "Role[" + name + " " + permissions + (ownPermissions.isEmpty() ? "" : " own " + ownPermissions) + "]";
  }

  /** Builder for {@link Role}. */
  public static final class Builder {
    private final String name;
    private String description = "";
    private final Set<Permission> permissions = new LinkedHashSet<>();
    private final Set<Permission> ownPermissions = new LinkedHashSet<>();

    private Builder(String name) {
      String n = name == null ? "" : name.strip();
      if (!n.matches("[A-Za-z0-9._-]{1,64}")) {
        throw new IllegalArgumentException("role name must be 1-64 letters, digits, '.', '_' or '-', got '" + n + "'");
      }
      this.name = n;
    }

    public Builder description(String d) {
      description = d == null ? "" : d.strip();
      return this;
    }

    /** Grant on every resource. */
    public Builder grant(Permission p) {
      permissions.add(Objects.requireNonNull(p, "permission"));
      return this;
    }

    /** Grant on the principal's own resources only. */
    public Builder grantOnOwn(Permission p) {
      ownPermissions.add(Objects.requireNonNull(p, "permission"));
      return this;
    }

    /**
     * Grant these on every resource; a name ending in {@code :own} ({@code gpu.delete:own}) grants on own
     * resources only.
     *
     * @throws IllegalArgumentException naming an unknown permission
     */
    public Builder permissions(String... names) {
      return permissions(List.of(names));
    }

    /** {@link #permissions(String...)} from a collection. */
    public Builder permissions(Collection<String> names) {
      for (String n : new ArrayList<>(names)) {
        String s = n == null ? "" : n.strip();
        if (s.endsWith(":own")) grantOnOwn(Permission.of(s.substring(0, s.length() - 4)));
        else grant(Permission.of(s));
      }
      return this;
    }

    public Role build() {
      return new Role(this);
    }
  }
}
