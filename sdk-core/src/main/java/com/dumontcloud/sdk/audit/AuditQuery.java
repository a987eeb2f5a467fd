package com.dumontcloud.sdk.audit;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * Which audit records to return from {@link AuditSink#query}: every condition that is set must hold.
 *
 * <ul>
 *   <li>{@code team}: the record's {@code team} metadata (the team whose resources the action touched);
 *   <li>{@code action}: the operation ({@code launch}, {@code terminate}, ...), case-insensitive;
 *   <li>{@code principal}: the record's principal (metadata {@code principal}, the subject that acted);
 *   <li>{@code since} (inclusive) and {@code until} (exclusive) on the record's timestamp;
 *   <li>{@code failuresOnly}: only records of operations that did not succeed.
 * </ul>
 * At most {@code limit} records come back (default 1000): the newest ones, oldest first.
 */
public final class AuditQuery {
  /** Records returned when no limit is set. */
  public static final int DEFAULT_LIMIT = 1000;

  private final String team;
  private final String action;
  private final String principal;
  private final Instant since;
  private final Instant until;
  private final boolean failuresOnly;
  private final int limit;

  private AuditQuery(Builder b) {
    this.team = blankToNull(b.team);
    this.action = blankToNull(b.action);
    this.principal = blankToNull(b.principal);
    this.since = b.since;
    this.until = b.until;
    this.failuresOnly = b.failuresOnly;
    this.limit = b.limit;
    if (since != null && until != null && !until.isAfter(since)) {
      throw new IllegalArgumentException("until (" + until + ") must be after since (" + since + ")");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Every record (up to the default limit). */
  public static AuditQuery all() {
    return builder().build();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.team = team;
    b.action = action;
    b.principal = principal;
    b.since = since;
    b.until = until;
    b.failuresOnly = failuresOnly;
    b.limit = limit;
    return b;
  }

  /** The team condition, or null. */
  public String team() { return team; }
  /** The action (operation) condition, or null. */
  public String action() { return action; }
  /** The principal condition, or null. */
  public String principal() { return principal; }
  /** Earliest timestamp (inclusive), or null. */
  public Instant since() { return since; }
  /** Timestamp bound (exclusive), or null. */
  public Instant until() { return until; }
  public boolean failuresOnly() { return failuresOnly; }
  public int limit() { return limit; }

  /** True when {@code r} meets every condition. */
  public boolean matches(AuditRecord r) {
    if (failuresOnly && r.success()) return false;
    if (action != null && (r.operation() == null || !r.operation().equalsIgnoreCase(action))) return false;
    if (team != null && !r.teams().contains(team) && !team.equals(principalOrTeam(r, "team"))) return false;
    if (principal != null && !principal.equals(r.principal()) && !principal.equals(principalOrTeam(r, "principal"))) {
      return false;
    }
    if (since != null && (r.timestamp() == null || r.timestamp().isBefore(since))) return false;
    if (until != null && (r.timestamp() == null || !r.timestamp().isBefore(until))) return false;
    return true;
  }

  /**
   * A team or principal recorded in the metadata ({@code team}, {@code principal}) by callers that do not bind a
   * principal (e.g. a deployment's labels); the record's own {@code principal}/{@code teams} are checked first.
   */
  static String principalOrTeam(AuditRecord r, String key) {
    Object v = r.metadata().get(key);
    return v == null ? null : String.valueOf(v);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuditQuery q && Objects.equals(team, q.team) && Objects.equals(action, q.action)
        && Objects.equals(principal, q.principal) && Objects.equals(since, q.since) && Objects.equals(until, q.until)
        && failuresOnly == q.failuresOnly && limit == q.limit;
  }

  @Override
  public int hashCode() {
    return Objects.hash(team, action, principal, since, until, failuresOnly, limit);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("AuditQuery[");
    if (team != null) sb.append("team=").append(team).append(' ');
    if (action != null) sb.append("action=").append(action.toLowerCase(Locale.ROOT)).append(' ');
    if (principal != null) sb.append("principal=").append(principal).append(' ');
    if (since != null) sb.append("since=").append(since).append(' ');
    if (until != null) sb.append("until=").append(until).append(' ');
    if (failuresOnly) sb.append("failures ");
    return sb.append("limit=").append(limit).append(']').toString();
  }

  /** Builder of {@link AuditQuery}. */
  public static final class Builder {
    private String team;
    private String action;
    private String principal;
    private Instant since;
    private Instant until;
    private boolean failuresOnly;
    private int limit = DEFAULT_LIMIT;

    private Builder() {}

    public Builder team(String t) { team = t; return this; }
    public Builder action(String a) { action = a; return this; }
    public Builder principal(String p) { principal = p; return this; }
    public Builder since(Instant t) { since = t; return this; }
    public Builder until(Instant t) { until = t; return this; }
    public Builder failuresOnly(boolean f) { failuresOnly = f; return this; }

    /** Most records returned (the newest), at least 1. */
    public Builder limit(int n) {
      if (n < 1) throw new IllegalArgumentException("limit must be at least 1, got " + n);
      limit = n;
      return this;
    }

    public AuditQuery build() {
      return new AuditQuery(this);
    }
  }
}
