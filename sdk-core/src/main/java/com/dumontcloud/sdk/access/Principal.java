package com.dumontcloud.sdk.access;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who acts: a subject (a user id, an OIDC {@code sub}, an API key's name), the teams it belongs to and its roles.
 * Carries no credentials. Bind one to a client with {@code dumont.as(principal)}.
 *
 * <pre>{@code
 * Principal alice = Principal.builder("alice").team("ml").role(Role.DEVELOPER).build();
 * dumont.as(alice).instances().launch(spec); // labelled dumont-principal=alice, dumont-team=ml
 * }</pre>
 */
public final class Principal {
  private final String subject;
  private final Set<String> teams;
  private final Map<String, Role> roles;
  private final String authenticatedBy;

  private Principal(Builder b) {
    this.subject = b.subject;
    this.teams = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(b.teams));
    this.roles = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.roles));
    this.authenticatedBy = b.authenticatedBy;
  }

  /**
   * @param subject 1-256 printable characters, no spaces at either end
   */
  public static Builder builder(String subject) {
    return new Builder(subject);
  }

  /** A principal with built-in or custom roles and no team. */
  public static Principal of(String subject, Role... roles) {
    Builder b = builder(subject);
    for (Role r : roles) b.role(r);
    return b.build();
  }

  public String subject() {
    return subject;
  }

  /** Team names, in the order given. */
  public Set<String> teams() {
    return teams;
  }

  public Collection<Role> roles() {
    return roles.values();
  }

  /** Role names, in the order given. */
  public List<String> roleNames() {
    return List.copyOf(roles.keySet());
  }

  /** How this principal was established: {@code api-key:ID}, {@code oidc:ISSUER}, {@code saml}, {@code library}... */
  public String authenticatedBy() {
    return authenticatedBy;
  }

  /**
   * The team a launch by this principal is charged to: the principal's only team, the requested one when it is a
   * member, null when it has no team.
   *
   * @param requested a team named by the caller (a {@code dumont-team} label) or null
   * @throws IllegalArgumentException when the requested team is not one of its teams, or when it has several teams
   *     and names none
   */
  public String chargeTeam(String requested) {
    if (requested != null && !requested.isBlank()) {
      if (!teams.contains(requested)) {
        throw new IllegalArgumentException("label dumont-team=" + requested + ": " + subject + " is not a member of "
            + "team '" + requested + "' (its teams: " + (teams.isEmpty() ? "none" : String.join(", ", teams)) + ")");
      }
      return requested;
    }
    if (teams.size() > 1) {
      throw new IllegalArgumentException(subject + " belongs to teams " + String.join(", ", teams) + ": name the team "
          + "to charge with the label dumont-team=TEAM");
    }
    return teams.isEmpty() ? null : teams.iterator().next();
  }

  public Builder toBuilder() {
    Builder b = new Builder(subject).authenticatedBy(authenticatedBy);
    b.teams.addAll(teams);
    b.roles.putAll(roles);
    return b;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Principal p && subject.equals(p.subject) && teams.equals(p.teams) && roles.equals(p.roles)
        && authenticatedBy.equals(p.authenticatedBy);
  }

  @Override
  public int hashCode() {
    return Objects.hash(subject, teams, roles, authenticatedBy);
  }

  @Override
  public String toString() {
    return "Principal[" + subject + " roles=" + roles.keySet() + " teams=" + teams + " via " + authenticatedBy + "]";
  }

  /** Builder for {@link Principal}. */
  public static final class Builder {
    private final String subject;
    private final Set<String> teams = new LinkedHashSet<>();
    private final Map<String, Role> roles = new LinkedHashMap<>();
    private String authenticatedBy = "library";

    private Builder(String subject) {
      String s = subject == null ? "" : subject.strip();
      if (s.isEmpty() || s.length() > 256 || s.chars().anyMatch(Character::isISOControl)) {
        throw new IllegalArgumentException("principal subject must be 1-256 printable characters, got '"
            + (subject == null ? "" : subject.replaceAll("\\p{Cntrl}", "?")) + "'");
      }
      this.subject = s;
    }

    /**
     * Add a team.
     *
     * @param team 1-63 letters, digits, '.', '_' or '-' (it becomes a label value)
     */
    public Builder team(String team) {
      String t = team == null ? "" : team.strip();
      if (!t.matches("[A-Za-z0-9._-]{1,63}")) {
        throw new IllegalArgumentException("team name must be 1-63 letters, digits, '.', '_' or '-', got '" + t + "'");
      }
      teams.add(t);
      return this;
    }

    /** Replace the teams. */
    public Builder teams(Collection<String> ts) {
      teams.clear();
      ts.forEach(this::team);
      return this;
    }

    /** Add a role (a later role with the same name replaces the earlier one). */
    public Builder role(Role r) {
      roles.put(Objects.requireNonNull(r, "role").name(), r);
      return this;
    }

    /** Replace the roles. */
    public Builder roles(Collection<Role> rs) {
      roles.clear();
      rs.forEach(this::role);
      return this;
    }

    public Builder authenticatedBy(String how) {
      authenticatedBy = how == null || how.isBlank() ? "library" : how.strip();
      return this;
    }

    public Principal build() {
      return new Principal(this);
    }
  }
}
