package com.dumontcloud.sdk.testkit;

import com.dumontcloud.sdk.spi.support.Json;
import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.model.PricingModel;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Mutable state of one simulated instance; phases are timestamps evaluated lazily. */
final class SimInstance {
  long seq;
  String id;
  String hostId;
  String offerId;
  String gpuName;
  int gpuCount;
  double gpuRam;
  PricingModel pricing;
  double price;
  Map<String, String> labels = new LinkedHashMap<>();
  String image;
  String template;
  int port;
  int generation;
  Instant createdAt;
  Instant startRequestedAt;
  Instant provisionedAt;
  Instant runningAt;
  Instant startedAt;
  Instant stopRequestedAt;
  Instant startQueuedUntil;
  Instant interruptAt;
  Instant interruptedAt;
  String interruptReason;
  Instant terminatedAt;
  Duration workloadLoad = Duration.ZERO;
  boolean desiredRunning;
  boolean workloadBroken;
  int hostPort;
  Instant billingFrom;
  double billedSeconds;
  /** Hourly storage price while stopped; since when it is stopped (billing storage), and seconds stored so far. */
  double storagePrice;
  Instant storedFrom;
  double storedSeconds;
  /** GPU utilisation in [0,1] set by tests, or null (unknown). */
  Double gpuUtil;
  /** The second of the last records.log line this instance wrote, or null. */
  Instant lastRecordAt;

  /** Stop accruing at {@code at} (stop, interruption, termination, price change). */
  void closeBilling(Instant at) {
    if (billingFrom != null && at.isAfter(billingFrom)) {
      billedSeconds += Duration.between(billingFrom, at).toMillis() / 1000.0;
    }
    billingFrom = null;
  }

  /** Stop accruing storage (started again, or terminated). */
  void closeStorage(Instant at) {
    if (storedFrom != null && at.isAfter(storedFrom)) {
      storedSeconds += Duration.between(storedFrom, at).toMillis() / 1000.0;
    }
    storedFrom = null;
  }

  /** Storage billed while stopped, so far. */
  Money storageAccrued(Instant now) {
    double secs = storedSeconds;
    if (storedFrom != null && terminatedAt == null && now.isAfter(storedFrom)) {
      secs += Duration.between(storedFrom, now).toMillis() / 1000.0;
    }
    return Money.usd(storagePrice).times(secs / 3600.0);
  }

  Money accrued(Instant now) {
    return runningAccrued(now).plus(storageAccrued(now));
  }

  private Money runningAccrued(Instant now) {
    double secs = billedSeconds;
    if (billingFrom != null && now.isAfter(billingFrom)) secs += Duration.between(billingFrom, now).toMillis() / 1000.0;
    else if (billingFrom == null && desiredRunning && terminatedAt == null && interruptedAt == null && runningAt != null
        && now.isAfter(runningAt)) {
      secs += Duration.between(runningAt, now).toMillis() / 1000.0;
    }
    return Money.usd(price).times(secs / 3600.0);
  }

  private static String t(Instant i) {
    return i == null ? null : i.toString();
  }

  private static Instant t(Map<String, Object> m, String k) {
    String s = Json.str(m, k);
    return s == null ? null : Instant.parse(s);
  }

  Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seq", seq);
    m.put("id", id);
    m.put("host_id", hostId);
    m.put("offer_id", offerId);
    m.put("gpu_name", gpuName);
    m.put("gpu_count", gpuCount);
    m.put("gpu_ram", gpuRam);
    m.put("pricing", pricing.name());
    m.put("price", price);
    m.put("labels", labels);
    m.put("image", image);
    m.put("template", template);
    m.put("port", port);
    m.put("generation", generation);
    m.put("created_at", t(createdAt));
    m.put("start_requested_at", t(startRequestedAt));
    m.put("provisioned_at", t(provisionedAt));
    m.put("running_at", t(runningAt));
    m.put("started_at", t(startedAt));
    m.put("stop_requested_at", t(stopRequestedAt));
    m.put("start_queued_until", t(startQueuedUntil));
    m.put("interrupt_at", t(interruptAt));
    m.put("interrupted_at", t(interruptedAt));
    m.put("interrupt_reason", interruptReason);
    m.put("terminated_at", t(terminatedAt));
    m.put("workload_load_ms", workloadLoad.toMillis());
    m.put("desired_running", desiredRunning);
    m.put("workload_broken", workloadBroken);
    m.put("billing_from", t(billingFrom));
    m.put("billed_seconds", billedSeconds);
    if (storagePrice > 0) m.put("storage_price", storagePrice);
    if (storedFrom != null) m.put("stored_from", t(storedFrom));
    if (storedSeconds > 0) m.put("stored_seconds", storedSeconds);
    if (gpuUtil != null) m.put("gpu_util", gpuUtil);
    if (lastRecordAt != null) m.put("last_record_at", t(lastRecordAt));
    return m;
  }

  static SimInstance fromMap(Map<String, Object> m) {
    SimInstance s = new SimInstance();
    s.seq = Json.num(m, "seq").longValue();
    s.id = Json.str(m, "id");
    s.hostId = Json.str(m, "host_id");
    s.offerId = Json.str(m, "offer_id");
    s.gpuName = Json.str(m, "gpu_name");
    s.gpuCount = Json.num(m, "gpu_count").intValue();
    s.gpuRam = Json.num(m, "gpu_ram");
    s.pricing = PricingModel.valueOf(Json.str(m, "pricing"));
    s.price = Json.num(m, "price");
    Json.obj(m.get("labels"), "labels").forEach((k, v) -> s.labels.put(k, String.valueOf(v)));
    s.image = Json.str(m, "image");
    s.template = Json.str(m, "template");
    s.port = Json.num(m, "port").intValue();
    s.generation = Json.num(m, "generation").intValue();
    s.createdAt = t(m, "created_at");
    s.startRequestedAt = t(m, "start_requested_at");
    s.provisionedAt = t(m, "provisioned_at");
    s.runningAt = t(m, "running_at");
    s.startedAt = t(m, "started_at");
    s.stopRequestedAt = t(m, "stop_requested_at");
    s.startQueuedUntil = t(m, "start_queued_until");
    s.interruptAt = t(m, "interrupt_at");
    s.interruptedAt = t(m, "interrupted_at");
    s.interruptReason = Json.str(m, "interrupt_reason");
    s.terminatedAt = t(m, "terminated_at");
    s.workloadLoad = Duration.ofMillis(Json.num(m, "workload_load_ms").longValue());
    s.desiredRunning = Boolean.TRUE.equals(Json.bool(m, "desired_running"));
    s.workloadBroken = Boolean.TRUE.equals(Json.bool(m, "workload_broken"));
    s.billingFrom = t(m, "billing_from");
    s.billedSeconds = Json.num(m, "billed_seconds");
    s.storagePrice = m.get("storage_price") == null ? 0 : Json.num(m, "storage_price");
    s.storedFrom = t(m, "stored_from");
    s.storedSeconds = m.get("stored_seconds") == null ? 0 : Json.num(m, "stored_seconds");
    s.gpuUtil = Json.num(m, "gpu_util");
    s.lastRecordAt = t(m, "last_record_at");
    return s;
  }
}
