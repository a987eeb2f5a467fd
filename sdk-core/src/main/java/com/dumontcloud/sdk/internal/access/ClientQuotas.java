package com.dumontcloud.sdk.internal.access;

import com.dumontcloud.sdk.access.Principal;
import com.dumontcloud.sdk.access.Quota;
import com.dumontcloud.sdk.audit.AuditRecord;
import com.dumontcloud.sdk.audit.AuditSink;
import com.dumontcloud.sdk.exception.QuotaExceededException;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.Labels;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Team quotas of a client's direct launches and starts. A team's usage: the instances the providers list with its
 * {@code dumont-team} label (running ones count as concurrent), plus this month's share of every instance record
 * charged to it (destroyed ones included, when the client keeps instance records).
 */
public final class ClientQuotas implements QuotaGate {
  private final Map<String, Quota> quotas;
  private final Function<String, List<Instance>> listTeam;
  private final Supplier<List<Map<String, Object>>> records;
  private final Supplier<Instant> clock;
  private final AuditSink audit;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  public ClientQuotas(Map<String, Quota> quotas, Function<String, List<Instance>> listTeam,
      Supplier<List<Map<String, Object>>> records, Supplier<Instant> clock, AuditSink audit) {
    this.quotas = Map.copyOf(quotas);
    this.listTeam = listTeam;
    this.records = records;
    this.clock = clock;
    this.audit = audit;
  }

  public Map<String, Quota> quotas() {
    return quotas;
  }

  /** The team's usage now. */
  public QuotaCheck.Usage usage(String team) {
    Instant now = clock.get();
    Instant from = Quota.monthStart(now);
    int running = 0;
    int gpus = 0;
    double burn = 0;
    double gpuHours = 0;
    double spent = 0;
    Set<String> counted = new HashSet<>();
    for (Map<String, Object> rec : records.get()) {
      if (!team.equals(rec.get("team")) || rec.get("created_at") == null) continue;
      Instant a = Instant.parse(String.valueOf(rec.get("created_at")));
      Instant b = rec.get("destroyed_at") == null ? now : Instant.parse(String.valueOf(rec.get("destroyed_at")));
      double h = hours(a.isBefore(from) ? from : a, b);
      double rate = rec.get("cost_per_hour") instanceof Number n ? n.doubleValue() : 0;
      int g = rec.get("num_gpus") instanceof Number n ? n.intValue() : 1;
      spent += rate * h;
      gpuHours += g * h;
      counted.add(rec.get("provider_id") + "|" + rec.get("instance_id"));
    }
    for (Instance i : listTeam.apply(team)) {
      if (!team.equals(i.label(Labels.TEAM))) continue;
      if (i.state().isActive()) {
        running++;
        gpus += i.gpuCount();
        burn += i.pricePerHour().doubleValue();
      }
      if (counted.contains(i.providerId() + "|" + i.id()) || i.startedAt() == null) continue;
      Instant a = i.startedAt().isBefore(from) ? from : i.startedAt();
      Instant b = i.stoppedAt() != null && !i.stoppedAt().isBefore(i.startedAt()) ? i.stoppedAt() : now;
      double h = hours(a, b);
      spent += i.pricePerHour().doubleValue() * h;
      gpuHours += i.gpuCount() * h;
    }
    return new QuotaCheck.Usage(running, gpus, burn, gpuHours, spent);
  }

  private static double hours(Instant a, Instant b) {
    return Math.max(0, Duration.between(a, b).toMillis() / 3_600_000.0);
  }

  @Override
  public void beforeBillable(String team, int addGpus, double pricePerHour, String operation, Principal by) {
    Quota q = quotas.get(team);
    if (q == null) return;
    Instant now = clock.get();
    QuotaCheck.Usage u = usage(team);
    String month = Quota.monthStart(now).toString().substring(0, 7);
    for (QuotaCheck.Warning w : QuotaCheck.warnings(q, u)) {
      if (warned.add(team + "|" + w.kind() + "|" + month)) record(now, "quota_warning", w.message(), true, team, by);
    }
    String denied = QuotaCheck.denial(q, u, 1, addGpus, pricePerHour, now);
    if (denied != null) {
      record(now, "quota_exceeded", operation + " refused: " + denied, false, team, by);
      throw new QuotaExceededException(team, operation, "quota exceeded: " + operation + " refused: " + denied);
    }
  }

  private void record(Instant now, String op, String text, boolean ok, String team, Principal by) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("team", team);
    try {
      audit.record(new AuditRecord(now, "-", op, op + " team=" + team, text, Duration.ZERO, ok, meta,
          by == null ? null : by.subject(), by == null ? List.of(team) : List.copyOf(by.teams())));
    } catch (RuntimeException ignored) {
      // an audit sink must never break the operation
    }
  }
}
