package com.dumontcloud.sdk.access;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the groups an identity provider asserts (an OIDC groups claim, a SAML attribute) into roles and teams.
 *
 * <p>Without a mapping file ({@link #implicit()}): a group named like a built-in role ({@code admin},
 * {@code developer}, {@code viewer}) grants that role, and a group {@code team:NAME} makes the principal a member of
 * team NAME; other groups are ignored. A mapping file (YAML or JSON, parsed by the caller into {@link #fromMap}):
 *
 * <pre>
 * roles:                        # custom roles (optional)
 *   ml-operator:
 *     description: runs the ML fleet
 *     permissions: [gpu.*, cost.view, "audit.view"]   # "NAME:own" = on own resources only
 * groups:                       # group name (exact) -> roles and teams
 *   gpu-admins:   {roles: [admin]}
 *   ml-engineers: {roles: [developer, ml-operator], teams: [ml]}
 * implicit: true                # also apply the rules without a file (default true)
 * default_roles: []             # roles of every authenticated principal (default none)
 * </pre>
 *
 * A principal whose groups map to no role has no permission: every protected call is refused.
 */
public final class GroupMapping {
  private static final GroupMapping IMPLICIT = new GroupMapping(Map.of(), Map.of(), true, List.of());

  private final Map<String, Role> customRoles;
  private final Map<String, Grant> groups;
  private final boolean implicit;
  private final List<Role> defaultRoles;

  private record Grant(List<Role> roles, List<String> teams) {}

  private GroupMapping(Map<String, Role> customRoles, Map<String, Grant> groups, boolean implicit,
      List<Role> defaultRoles) {
    this.customRoles = Map.copyOf(customRoles);
    this.groups = Map.copyOf(groups);
    this.implicit = implicit;
    this.defaultRoles = List.copyOf(defaultRoles);
  }

  /** The rules without a mapping file. */
  public static GroupMapping implicit() {
    return IMPLICIT;
  }

  /**
   * A mapping file's content, parsed from YAML or JSON into maps and lists.
   *
   * @param source where it came from, for messages (a file name)
   * @throws IllegalArgumentException naming the bad key, the bad value and the fix
   */
  public static GroupMapping fromMap(Map<String, ?> tree, String source) {
    for (String k : tree.keySet()) {
      if (!List.of("roles", "groups", "implicit", "default_roles").contains(k)) {
        throw new IllegalArgumentException(source + ": unknown key '" + k + "' (known: roles, groups, implicit, "
            + "default_roles)");
      }
    }
    Map<String, Role> custom = new LinkedHashMap<>();
    Object rolesNode = tree.get("roles");
    if (rolesNode != null) {
      if (!(rolesNode instanceof Map<?, ?> rm)) throw bad(source, "roles", "a mapping of role name: {permissions: [...]}");
      for (Map.Entry<?, ?> e : rm.entrySet()) {
        String name = String.valueOf(e.getKey());
        if (Role.builtIn(name).isPresent()) {
          throw new IllegalArgumentException(source + ": roles." + name + " redefines a built-in role; pick another name");
        }
        if (!(e.getValue() instanceof Map<?, ?> def)) throw bad(source, "roles." + name, "a mapping with permissions");
        Role.Builder b = Role.builder(name);
        if (def.get("description") != null) b.description(String.valueOf(def.get("description")));
        try {
          b.permissions(strings(source, "roles." + name + ".permissions", def.get("permissions")));
        } catch (IllegalArgumentException ex) {
          throw new IllegalArgumentException(source + ": roles." + name + ".permissions: " + ex.getMessage());
        }
        custom.put(name, b.build());
      }
    }
    Map<String, Grant> groups = new LinkedHashMap<>();
    Object groupsNode = tree.get("groups");
    if (groupsNode != null) {
      if (!(groupsNode instanceof Map<?, ?> gm)) throw bad(source, "groups", "a mapping of group: {roles: [...], teams: [...]}");
      for (Map.Entry<?, ?> e : gm.entrySet()) {
        String g = String.valueOf(e.getKey());
        if (!(e.getValue() instanceof Map<?, ?> def)) throw bad(source, "groups." + g, "a mapping with roles and/or teams");
        List<Role> roles = new ArrayList<>();
        for (String r : strings(source, "groups." + g + ".roles", def.get("roles"))) {
          roles.add(role(source, "groups." + g + ".roles", r, custom));
        }
        List<String> teams = strings(source, "groups." + g + ".teams", def.get("teams"));
        for (String t : teams) {
          try {
            Principal.builder("_").team(t);
          } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(source + ": groups." + g + ".teams: " + ex.getMessage());
          }
        }
        groups.put(g, new Grant(roles, teams));
      }
    }
    Object imp = tree.get("implicit");
    if (imp != null && !(imp instanceof Boolean)) throw bad(source, "implicit", "true or false");
    List<Role> defaults = new ArrayList<>();
    for (String r : strings(source, "default_roles", tree.get("default_roles"))) {
      defaults.add(role(source, "default_roles", r, custom));
    }
    return new GroupMapping(custom, groups, imp == null || (Boolean) imp, defaults);
  }

  private static Role role(String source, String key, String name, Map<String, Role> custom) {
    Role r = custom.get(name);
    if (r != null) return r;
    return Role.builtIn(name).orElseThrow(() -> new IllegalArgumentException(source + ": " + key + ": unknown role '"
        + name + "' (built-in: admin, developer, viewer" + (custom.isEmpty() ? "" : "; defined: "
        + String.join(", ", custom.keySet())) + ")"));
  }

  private static List<String> strings(String source, String key, Object node) {
    if (node == null) return List.of();
    if (node instanceof String s) return List.of(s);
    if (!(node instanceof List<?> l)) throw bad(source, key, "a list of names");
    List<String> out = new ArrayList<>();
    for (Object o : l) {
      if (!(o instanceof String s) || s.isBlank()) throw bad(source, key, "a list of names");
      out.add(s.strip());
    }
    return out;
  }

  private static IllegalArgumentException bad(String source, String key, String want) {
    return new IllegalArgumentException(source + ": " + key + " must be " + want);
  }

  /** The custom roles the mapping defines, by name. */
  public Map<String, Role> customRoles() {
    return customRoles;
  }

  /**
   * The principal for a subject with these groups.
   *
   * @param authenticatedBy how the identity was established, e.g. {@code oidc:https://issuer}
   */
  public Principal principal(String subject, Collection<String> assertedGroups, String authenticatedBy) {
    Principal.Builder b = Principal.builder(subject).authenticatedBy(authenticatedBy);
    Set<String> teams = new LinkedHashSet<>();
    defaultRoles.forEach(b::role);
    for (String g : assertedGroups) {
      if (g == null) continue;
      Grant grant = groups.get(g);
      if (grant != null) {
        grant.roles.forEach(b::role);
        teams.addAll(grant.teams);
      }
      if (implicit) {
        Role.builtIn(g).ifPresent(b::role);
        if (g.startsWith("team:") && g.substring(5).matches("[A-Za-z0-9._-]{1,63}")) teams.add(g.substring(5));
      }
    }
    teams.forEach(b::team);
    return b.build();
  }
}
