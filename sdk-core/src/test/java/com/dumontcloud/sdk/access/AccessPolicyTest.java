package com.dumontcloud.sdk.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.exception.AccessDeniedException;
import com.dumontcloud.sdk.internal.access.QuotaCheck;
import com.dumontcloud.sdk.model.Labels;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {
  final AccessPolicy policy = AccessPolicy.standard();

  /** The stated table: permission -> (admin, developer, viewer) as "all", "own" or "-". */
  static final Map<String, List<String>> TABLE = Map.ofEntries(
      Map.entry("gpu.provision", List.of("all", "all", "-")),
      Map.entry("gpu.delete", List.of("all", "own", "-")),
      Map.entry("gpu.view", List.of("all", "all", "all")),
      Map.entry("cost.view", List.of("all", "own", "own")),
      Map.entry("cost.view_own", List.of("all", "all", "all")),
      Map.entry("cost.export", List.of("all", "-", "-")),
      Map.entry("team.invite", List.of("all", "-", "-")),
      Map.entry("team.remove", List.of("all", "-", "-")),
      Map.entry("team.manage", List.of("all", "-", "-")),
      Map.entry("settings.view", List.of("all", "-", "-")),
      Map.entry("settings.manage", List.of("all", "-", "-")),
      Map.entry("audit.view", List.of("all", "-", "-")));

  @Test
  void builtInRoles_matchTheStatedTable() {
    assertThat(TABLE.keySet()).containsExactlyInAnyOrderElementsOf(
        Permission.known().stream().map(Permission::name).toList());
    List<Role> roles = Role.builtIns();
    Map<String, String> own = Map.of(Labels.PRINCIPAL, "p");
    Map<String, String> other = Map.of(Labels.PRINCIPAL, "someone-else", Labels.TEAM, "other");
    TABLE.forEach((perm, cells) -> {
      for (int i = 0; i < 3; i++) {
        Principal p = Principal.builder("p").team("ml").role(roles.get(i)).build();
        Permission req = Permission.of(perm);
        String got = policy.permits(p, req) ? "all" : policy.permits(p, req, own) ? "own" : "-";
        assertThat(got).as(perm + " for " + roles.get(i).name()).isEqualTo(cells.get(i));
        if (got.equals("own")) assertThat(policy.permits(p, req, other)).isFalse();
      }
    });
  }

  @Test
  void wildcards_coverWholeFamiliesOnly() {
    assertThat(Permission.of("gpu.*").implies(Permission.GPU_DELETE)).isTrue();
    assertThat(Permission.of("team.*").implies(Permission.TEAM_MANAGE)).isTrue();
    assertThat(Permission.of("team.*").implies(Permission.GPU_VIEW)).isFalse();
    assertThat(new Permission("gpu.*").implies(new Permission("gpux.delete"))).isFalse();
    assertThat(Permission.ALL.implies(Permission.AUDIT_VIEW)).isTrue();
    assertThatThrownBy(() -> Permission.of("gpu.provison")).hasMessageContaining("unknown permission 'gpu.provison'")
        .hasMessageContaining("gpu.provision");
    assertThatThrownBy(() -> Permission.of("GPU VIEW")).hasMessageContaining("not a permission name");
  }

  @Test
  void ownership_followsThePrincipalAndTeamLabels() {
    Principal dev = Principal.builder("alice").team("ml").role(Role.DEVELOPER).build();
    assertThat(policy.permits(dev, Permission.GPU_DELETE, Map.of(Labels.PRINCIPAL, "alice"))).isTrue();
    assertThat(policy.permits(dev, Permission.GPU_DELETE, Map.of(Labels.PRINCIPAL, "bob", Labels.TEAM, "ml"))).isTrue();
    assertThat(policy.permits(dev, Permission.GPU_DELETE, Map.of(Labels.PRINCIPAL, "bob", Labels.TEAM, "ops")))
        .isFalse();
    assertThat(policy.permits(dev, Permission.GPU_DELETE, Map.of())).isFalse();
    // the engine's owner label is not a person
    assertThat(policy.permits(dev, Permission.GPU_DELETE, Map.of(Labels.OWNER, "alice"))).isFalse();
    Principal viewer = Principal.builder("vic").team("ml").role(Role.VIEWER).build();
    assertThat(policy.permits(viewer, Permission.COST_VIEW, Map.of(Labels.TEAM, "ml"))).isTrue();
    assertThat(policy.permits(viewer, Permission.COST_VIEW, Map.of(Labels.TEAM, "ops"))).isFalse();
  }

  @Test
  void denial_namesTheMissingPermissionAndTheScope() {
    Principal viewer = Principal.of("vic", Role.VIEWER);
    assertThatThrownBy(() -> policy.require(viewer, Permission.GPU_PROVISION, "launch an instance"))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessage("access denied: vic (roles viewer) lacks permission gpu.provision to launch an instance; "
            + "built-in roles that grant it: admin, developer")
        .extracting(e -> ((AccessDeniedException) e).permission()).isEqualTo("gpu.provision");
    Principal dev = Principal.of("alice", Role.DEVELOPER);
    assertThatThrownBy(() -> policy.require(dev, Permission.GPU_DELETE, Map.of(Labels.PRINCIPAL, "bob"), "destroy i-1"))
        .hasMessageContaining("lacks permission gpu.delete here: its roles grant it only on its own resources, and "
            + "this one belongs to bob");
    Principal none = Principal.builder("nobody").build();
    assertThatThrownBy(() -> policy.require(none, Permission.GPU_VIEW, "list")).hasMessageContaining("(no roles)");
  }

  @Test
  void customRoles_andOwnScopedGrants() {
    Role ops = Role.builder("ops").permissions("gpu.*", "cost.view:own").build();
    Principal p = Principal.builder("o").team("t").role(ops).build();
    assertThat(policy.permits(p, Permission.GPU_DELETE)).isTrue();
    assertThat(policy.permits(p, Permission.COST_VIEW)).isFalse();
    assertThat(policy.permits(p, Permission.COST_VIEW, Map.of(Labels.TEAM, "t"))).isTrue();
    assertThat(policy.permits(p, Permission.AUDIT_VIEW)).isFalse();
  }

  @Test
  void groupMapping_implicitRulesAndAFile() {
    Principal p = GroupMapping.implicit().principal("u1", List.of("developer", "team:ml", "team:bad name", "x"), "oidc");
    assertThat(p.roleNames()).containsExactly("developer");
    assertThat(p.teams()).containsExactly("ml");
    GroupMapping m = GroupMapping.fromMap(Map.of(
        "roles", Map.of("auditor", Map.of("permissions", List.of("audit.view", "cost.view"))),
        "groups", Map.of("sec", Map.of("roles", List.of("auditor"), "teams", List.of("security"))),
        "implicit", false), "map.yaml");
    Principal q = m.principal("u2", List.of("sec", "admin"), "oidc");
    assertThat(q.roleNames()).containsExactly("auditor"); // implicit off: "admin" grants nothing
    assertThat(q.teams()).containsExactly("security");
    assertThatThrownBy(() -> GroupMapping.fromMap(Map.of("groups", Map.of("g", Map.of("roles", List.of("root")))),
        "map.yaml")).hasMessage("map.yaml: groups.g.roles: unknown role 'root' (built-in: admin, developer, viewer)");
    assertThatThrownBy(() -> GroupMapping.fromMap(Map.of("roles", Map.of("r", Map.of("permissions",
        List.of("gpu.launch")))), "m.json")).hasMessageContaining("m.json: roles.r.permissions: unknown permission");
  }

  @Test
  void samlAdapter_mapsValidatedAttributes() {
    Principal p = SamlAdapter.builder().groupsAttribute("memberOf").build()
        .principal("alice@example.com", Map.of("memberOf", List.of("viewer", "team:finance")));
    assertThat(p.subject()).isEqualTo("alice@example.com");
    assertThat(p.roleNames()).containsExactly("viewer");
    assertThat(p.teams()).containsExactly("finance");
    assertThat(p.authenticatedBy()).isEqualTo("saml");
  }

  @Test
  void quotas_atTheirThresholds() {
    Quota q = Quota.builder("ml").maxConcurrentInstances(2).maxGpuHoursPerMonth(100).maxMonthlyBudgetUsd(50)
        .warnAtGpuHoursPercent(80).warnAtBudgetPercent(90).build();
    Instant now = Instant.parse("2026-03-10T12:00:00Z");
    // concurrency: 1 running + 1 = 2 fits, 2 running + 1 does not
    assertThat(QuotaCheck.denial(q, new QuotaCheck.Usage(1, 1, 1, 0, 0), 1, 1, 1, now)).isNull();
    assertThat(QuotaCheck.denial(q, new QuotaCheck.Usage(2, 2, 2, 0, 0), 1, 1, 1, now))
        .startsWith("team ml: 3 instances would exceed max_concurrent_instances=2");
    // GPU hours: 98 used + 1 running GPU + 1 new GPU for the next hour = 100 fits; 98.5 does not
    assertThat(QuotaCheck.denial(q, new QuotaCheck.Usage(1, 1, 0, 98, 0), 1, 1, 0, now)).isNull();
    assertThat(QuotaCheck.denial(q, new QuotaCheck.Usage(1, 1, 0, 98.5, 0), 1, 1, 0, now))
        .contains("projected 100.5 GPU hours this month would exceed max_gpu_hours_per_month=100");
    // budget: $49 spent + $1/h for an hour = 50 fits; $1.01/h does not
    assertThat(QuotaCheck.denial(q, new QuotaCheck.Usage(0, 0, 0, 0, 49), 1, 0, 1.0, now)).isNull();
    assertThat(QuotaCheck.denial(q, new QuotaCheck.Usage(0, 0, 0, 0, 49), 1, 0, 1.01, now))
        .contains("max_monthly_budget_usd=50");
    // the horizon stops at the month's end
    Instant late = Instant.parse("2026-03-31T23:30:00Z");
    assertThat(QuotaCheck.denial(q, new QuotaCheck.Usage(0, 0, 0, 0, 49), 1, 0, 2.0, late)).isNull();
    // warnings exactly at the thresholds
    assertThat(QuotaCheck.warnings(q, new QuotaCheck.Usage(0, 0, 0, 79.9, 44.9))).isEmpty();
    assertThat(QuotaCheck.warnings(q, new QuotaCheck.Usage(0, 0, 0, 80, 45))).extracting(QuotaCheck.Warning::kind)
        .containsExactly("gpu_hours", "budget");
    assertThat(Quota.monthStart(now)).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
    assertThatThrownBy(() -> Quota.builder("ml").warnAtBudgetPercent(0)).hasMessageContaining("warn_at_budget_percent");
  }
}
