package com.dumontcloud.sdk.internal.provider;

import com.dumontcloud.sdk.audit.AuditRecord;
import com.dumontcloud.sdk.audit.AuditSink;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.spi.CloudProvider;
import com.dumontcloud.sdk.spi.ProviderLaunchRequest;
import com.dumontcloud.sdk.spi.ProviderMetadata;
import com.dumontcloud.sdk.spi.support.Redaction;
import com.dumontcloud.sdk.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/** Wraps a provider so that every operation produces one {@link AuditRecord}. */
public final class AuditingProvider implements CloudProvider {
  private final CloudProvider delegate;
  private final AuditSink sink;
  private final Scheduler scheduler;
  private final com.dumontcloud.sdk.access.Principal principal;

  public AuditingProvider(CloudProvider delegate, AuditSink sink, Scheduler scheduler) {
    this(delegate, sink, scheduler, null);
  }

  private AuditingProvider(CloudProvider delegate, AuditSink sink, Scheduler scheduler,
      com.dumontcloud.sdk.access.Principal principal) {
    this.delegate = delegate;
    this.sink = sink;
    this.scheduler = scheduler;
    this.principal = principal;
  }

  /** The same provider, recording {@code p} as the principal of every operation. */
  public AuditingProvider withPrincipal(com.dumontcloud.sdk.access.Principal p) {
    return new AuditingProvider(delegate, sink, scheduler, p);
  }

  /** The wrapped provider (for tests and capability checks). */
  public CloudProvider delegate() {
    return delegate;
  }

  private <T> T audited(String op, String command, Map<String, Object> meta, Supplier<T> call, Function<T, String> result,
      Function<T, Map<String, Object>> resultMeta) {
    Instant start = scheduler.now();
    long t0 = System.nanoTime();
    try {
      T r = call.get();
      Map<String, Object> m = new LinkedHashMap<>(meta);
      if (resultMeta != null) m.putAll(resultMeta.apply(r));
      emit(start, op, command, result.apply(r), t0, true, m);
      return r;
    } catch (RuntimeException e) {
      Map<String, Object> m = new LinkedHashMap<>(meta);
      m.put("error_type", e.getClass().getSimpleName());
      emit(start, op, command, e.getMessage(), t0, false, m);
      throw e;
    }
  }

  private void emit(Instant start, String op, String command, String result, long t0, boolean ok, Map<String, Object> meta) {
    try {
      Duration elapsed = scheduler.isVirtual() ? Duration.between(start, scheduler.now()) : Duration.ofNanos(System.nanoTime() - t0);
      String who = principal != null ? principal.subject() : (String) meta.get("principal");
      List<String> teams = principal != null ? List.copyOf(principal.teams())
          : meta.get("team") == null ? List.of() : List.of(String.valueOf(meta.get("team")));
      Map<String, Object> m = meta;
      if (meta.containsKey("principal")) {
        m = new LinkedHashMap<>(meta);
        m.remove("principal");
      }
      sink.record(new AuditRecord(start, delegate.id(), op, Redaction.redact(command), Redaction.redact(result),
          elapsed, ok, m, who, teams));
    } catch (RuntimeException ignored) {
      // an audit sink must never break the operation
    }
  }

  private static Map<String, Object> instanceMeta(Instance i) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("instance_id", i.id());
    m.put("state", i.state().wireName());
    m.put("cost_per_hour", i.pricePerHour().doubleValue());
    m.put("gpu_info", Map.of("gpu_name", i.gpu().name(), "num_gpus", i.gpuCount(), "gpu_ram", i.gpuRamGib()));
    if (i.templateName() != null) m.put("template_name", i.templateName());
    if (i.publicIp() != null) m.put("public_ip", i.publicIp());
    if (i.sshPort() > 0) m.put("ssh_port", i.sshPort());
    if (!i.ports().isEmpty()) {
      List<Map<String, Object>> ports = new java.util.ArrayList<>();
      for (com.dumontcloud.sdk.model.PortMapping p : i.ports()) {
        ports.add(Map.of("container_port", p.containerPort(), "protocol", p.protocol(), "host_port", p.hostPort()));
      }
      m.put("port_mappings", ports);
    }
    return m;
  }

  @Override
  public ProviderMetadata metadata() {
    return delegate.metadata();
  }

  @Override
  public Optional<String> credentialsProblem() {
    return delegate.credentialsProblem();
  }

  @Override
  public List<Offer> searchOffers(OfferQuery query) {
    return audited("search_offers", "search " + query, Map.of(), () -> delegate.searchOffers(query),
        r -> r.size() + " offers", null);
  }

  @Override
  public Instance launch(ProviderLaunchRequest req) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("template_name", req.template().name());
    meta.put("offer_id", req.offer().id());
    meta.put("idempotency_key", req.idempotencyKey());
    meta.put("image_name", req.template().image());
    if (!req.template().args().isEmpty()) meta.put("start_command", String.join(" ", req.template().args()));
    if (req.template().config().get("auto_destroy") instanceof Boolean ad) meta.put("auto_destroy", ad);
    meta.put("cost_per_hour", req.offer().pricePerHour().doubleValue());
    // who it is charged to: the labels a bound client (or a deployment applied by a principal) set
    if (req.labels().get(com.dumontcloud.sdk.model.Labels.TEAM) != null) {
      meta.put("team", req.labels().get(com.dumontcloud.sdk.model.Labels.TEAM));
    }
    if (principal == null && req.labels().get(com.dumontcloud.sdk.model.Labels.PRINCIPAL) != null) {
      meta.put("principal", req.labels().get(com.dumontcloud.sdk.model.Labels.PRINCIPAL));
    }
    meta.put("gpu_info", Map.of("gpu_name", req.offer().gpu().name(), "num_gpus", req.offer().gpuCount(),
        "gpu_ram", req.offer().gpuRamGib()));
    return audited("launch", "launch offer=" + req.offer().id() + " template=" + req.template().name() + " image="
        + req.template().image() + " pricing=" + req.pricingModel(), meta, () -> delegate.launch(req),
        i -> "instance " + i.id() + " " + i.state().wireName(), AuditingProvider::instanceMeta);
  }

  @Override
  public Instance get(String id) {
    return audited("get", "get " + id, Map.of("instance_id", id), () -> delegate.get(id),
        i -> i.state().wireName(), null);
  }

  @Override
  public List<Instance> list(Map<String, String> labels) {
    return audited("list", "list labels=" + labels, Map.of(), () -> delegate.list(labels), r -> r.size() + " instances", null);
  }

  @Override
  public Optional<Instance> findByIdempotencyKey(String key) {
    return audited("find_by_key", "find key=" + key, Map.of("idempotency_key", key),
        () -> delegate.findByIdempotencyKey(key), r -> r.map(i -> "found " + i.id()).orElse("none"), null);
  }

  @Override
  public void start(String id) {
    audited("start", "start " + id, Map.of("instance_id", id), () -> { delegate.start(id); return null; }, r -> "ok", null);
  }

  @Override
  public void stop(String id) {
    audited("stop", "stop " + id, Map.of("instance_id", id), () -> { delegate.stop(id); return null; }, r -> "ok", null);
  }

  @Override
  public void terminate(String id) {
    audited("terminate", "terminate " + id, Map.of("instance_id", id), () -> { delegate.terminate(id); return null; },
        r -> "ok", null);
  }

  @Override
  public void setLabels(String id, Map<String, String> labels) {
    audited("set_labels", "set_labels " + id + " " + labels, Map.of("instance_id", id),
        () -> { delegate.setLabels(id, labels); return null; }, r -> "ok", null);
  }

  @Override
  public <T> Optional<T> capability(Class<T> type) {
    return delegate.capability(type);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
