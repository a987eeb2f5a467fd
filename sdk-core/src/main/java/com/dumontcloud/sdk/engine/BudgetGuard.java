package com.dumontcloud.sdk.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Vets every billable action — a launch, and a start of a stopped instance (warm-pool promotion, resume) —
 * against the deployment's own budget and every label (team) budget that covers it: the hourly burn after the
 * action must stay under each price cap, and the spend projected to the end of the period (at most an hour
 * ahead) under each spend cap. Stopped instances count at their storage price where the provider bills it.
 * Then the team quota ({@link com.dumontcloud.sdk.access.Quota}) of the deployment's {@code dumont-team} label:
 * concurrent instances, GPU hours and spend this month over every deployment of that team, plus the team's
 * instances this engine does not run (another engine's on the same account, such as {@code dumont serve}'s
 * serverless endpoints beside its deployments, or another process's, or direct launches), as this tick's listing
 * shows them ({@link #foreign(Map)}).
 * Called under the engine lock; pure arithmetic over the deployments' ledgers.
 */
final class BudgetGuard {
  /** A label budget's {@code key=value} scope, split once. */
  private record LabelScope(String key, String value, Budget budget) {}

  private final Map<String, DeploymentState> deployments;
  private final Map<String, LabelScope> labelBudgets = new LinkedHashMap<>();
  private final Map<String, com.dumontcloud.sdk.access.Quota> quotas;
  /** Per team: usage of listed instances that no deployment of this engine accounts for, as of the last tick. */
  private Map<String, com.dumontcloud.sdk.internal.access.QuotaCheck.Usage> foreign = Map.of();

  /** {@code deployments} is the engine's own map by deployment id, read under the engine lock. */
  BudgetGuard(Map<String, DeploymentState> deployments, Map<String, Budget> labelBudgets,
      Map<String, com.dumontcloud.sdk.access.Quota> quotas) {
    this.deployments = deployments;
    this.quotas = Map.copyOf(quotas);
    Map.copyOf(labelBudgets).forEach((k, b) -> {
      String[] kv = k.split("=", 2);
      this.labelBudgets.put(k, new LabelScope(kv[0], kv[1], b));
    });
  }

  /** The quota of the deployment's team, or null. */
  com.dumontcloud.sdk.access.Quota quotaOf(DeploymentState d) {
    String team = d.spec.labels().get(com.dumontcloud.sdk.model.Labels.TEAM);
    return team == null ? null : quotas.get(team);
  }

  Map<String, com.dumontcloud.sdk.access.Quota> quotas() {
    return quotas;
  }

  /** The team usage of this tick's listed instances that are not this engine's own (see the class comment). */
  void foreign(Map<String, com.dumontcloud.sdk.internal.access.QuotaCheck.Usage> byTeam) {
    foreign = Map.copyOf(byTeam);
  }

  /**
   * A team's usage: the engine's deployments labelled with it, and the team's instances it does not run (a running
   * instance's price and its hours since the month began or since it started; the cost of another engine's
   * instances that are gone already is not known here).
   */
  com.dumontcloud.sdk.internal.access.QuotaCheck.Usage usage(String team, Instant now) {
    Instant from = com.dumontcloud.sdk.access.Quota.monthStart(now);
    var f = foreign.get(team);
    int running = f == null ? 0 : f.running();
    int gpus = f == null ? 0 : f.gpusRunning();
    double burn = f == null ? 0 : f.burnPerHour();
    double gpuHours = f == null ? 0 : f.gpuHoursThisMonth();
    double spent = f == null ? 0 : f.spentThisMonthUsd();
    for (DeploymentState x : deployments.values()) {
      if (!team.equals(x.spec.labels().get(com.dumontcloud.sdk.model.Labels.TEAM))) continue;
      for (DeploymentState.Billing b : x.billing.values()) {
        if (!b.active) continue;
        running++;
        gpus += b.gpus;
        burn += b.price;
      }
      // launches vetted but not yet observed billing (this tick's, or ones the provider has not listed yet) count
      // too: otherwise every launch of one tick sees the same usage and all pass the limit
      for (Slot s : x.slots) {
        boolean pending = s.phase == Slot.Phase.LAUNCHING
            || (s.phase == Slot.Phase.BOOTING && s.instanceId != null && !x.billing.containsKey(s.instanceId));
        if (!pending) continue;
        running++;
        gpus += 1; // at least one GPU; the exact count is known once the instance is listed
        burn += s.price;
      }
      spent += x.spendSince(from);
      gpuHours += x.gpuHoursSince(from);
    }
    return new com.dumontcloud.sdk.internal.access.QuotaCheck.Usage(running, gpus, burn, gpuHours, spent);
  }


  /** Hourly burn of a deployment: running instances at their price, stopped ones at their storage price. */
  static double burn(DeploymentState d) {
    double sum = 0;
    for (DeploymentState.Billing b : d.billing.values()) sum += b.active ? b.price : b.storagePrice;
    return sum;
  }

  static Instant periodStart(Budget b, Instant now) {
    long p = b.period().toSeconds();
    return Instant.ofEpochSecond(Math.floorDiv(now.getEpochSecond(), p) * p);
  }

  /** Budgets that apply to a deployment: its own and every matching label budget, by scope name. */
  Map<String, Budget> budgetsOf(DeploymentState d) {
    if (d.spec.budget() == null && labelBudgets.isEmpty()) return Map.of(); // the common case, asked every tick
    Map<String, Budget> out = new LinkedHashMap<>();
    if (d.spec.budget() != null) out.put("deployment:" + d.spec.id(), d.spec.budget());
    for (Map.Entry<String, LabelScope> e : labelBudgets.entrySet()) {
      LabelScope l = e.getValue();
      if (l.value().equals(d.spec.labels().get(l.key()))) out.put("label:" + e.getKey(), l.budget());
    }
    return out;
  }

  /**
   * The deployments a scope covers. A deployment's own scope is a lookup by id, not a scan of every deployment
   * (each deployment with a budget asks for it on every tick and every launch).
   */
  List<DeploymentState> scope(String scope) {
    if (scope.startsWith("deployment:")) {
      DeploymentState d = deployments.get(scope.substring("deployment:".length()));
      return d == null ? List.of() : List.of(d);
    }
    String[] kv = scope.substring("label:".length()).split("=", 2);
    return deployments.values().stream().filter(x -> kv[1].equals(x.spec.labels().get(kv[0]))).toList();
  }

  /**
   * Null when adding {@code extraPerHour} $/h to the deployment's burn fits every budget; otherwise why not.
   * For a start of a stopped instance pass its running price minus its storage price (the storage already
   * counts).
   */
  String denial(DeploymentState d, double extraPerHour, Instant now) {
    return denial(d, extraPerHour, 0, now);
  }

  /**
   * {@link #denial(DeploymentState, double, Instant)} for an action that adds {@code gpus} GPUs (a launch; a start
   * passes 0: the GPU hours it adds count from the next tick, when the instance is observed running).
   */
  String denial(DeploymentState d, double extraPerHour, int gpus, Instant now) {
    for (Map.Entry<String, Budget> e : budgetsOf(d).entrySet()) {
      Budget b = e.getValue();
      List<DeploymentState> in = scope(e.getKey());
      double burn = in.stream().mapToDouble(BudgetGuard::burn).sum();
      if (b.maxPricePerHour() != null && burn + extraPerHour > b.maxPricePerHour().doubleValue() + 1e-9) {
        return e.getKey() + ": $" + round(burn + extraPerHour) + "/h would exceed the cap of $"
            + round(b.maxPricePerHour().doubleValue()) + "/h";
      }
      if (b.maxSpend() != null) {
        Instant ps = periodStart(b, now);
        double spent = in.stream().mapToDouble(x -> x.spendSince(ps)).sum();
        Duration left = Duration.between(now, ps.plus(b.period()));
        double horizon = Math.min(left.toMillis(), Duration.ofHours(1).toMillis()) / 3_600_000.0;
        double projected = spent + (burn + extraPerHour) * horizon;
        if (projected > b.maxSpend().doubleValue()) {
          return e.getKey() + ": projected spend $" + round(projected) + " would exceed $"
              + round(b.maxSpend().doubleValue()) + " per " + b.period().toHours() + " h";
        }
      }
    }
    com.dumontcloud.sdk.access.Quota q = quotaOf(d);
    if (q != null) {
      String why = com.dumontcloud.sdk.internal.access.QuotaCheck.denial(q, usage(q.team(), now), 1, gpus,
          extraPerHour, now);
      if (why != null) return "quota " + why;
    }
    return null;
  }

  static double round(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }
}
