package com.dumontcloud.sdk.server.internal;

import com.dumontcloud.sdk.engine.DeploymentSpec;
import com.dumontcloud.sdk.engine.DeploymentStatus;
import com.dumontcloud.sdk.engine.Orchestrator;
import com.dumontcloud.sdk.pricing.CurrencyView;
import com.dumontcloud.sdk.pricing.FxRates;
import com.dumontcloud.sdk.server.ServerEvents;
import com.dumontcloud.sdk.spi.support.JsonCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Deployments ({@code /api/v1/deployments}, the spec's JSON form) and the live event stream. */
public final class DeploymentRoutes {
  private final Orchestrator engine;
  private final ServerEvents events;
  private final Duration keepAlive;
  private final FxRates fx;
  private volatile boolean closing;

  public DeploymentRoutes(Orchestrator engine, ServerEvents events, Duration keepAlive) {
    this(engine, events, keepAlive, FxRates.staticDefault());
  }

  /** With the rates a {@code currency} query parameter converts at (the server's, as its provider routes use). */
  public DeploymentRoutes(Orchestrator engine, ServerEvents events, Duration keepAlive, FxRates fx) {
    this.engine = engine;
    this.events = events;
    this.keepAlive = keepAlive;
    this.fx = java.util.Objects.requireNonNull(fx, "fx");
  }

  public void closing() {
    closing = true;
  }

  public void register(Router r) {
    if (engine != null) {
      r.add("POST", "/api/v1/deployments", x -> {
        CurrencyView v = ProviderRoutes.view(x, fx); // a bad code fails before anything is applied
        DeploymentSpec spec;
        try {
          spec = DeploymentSpec.fromMap(x.jsonBody());
        } catch (ApiError e) {
          throw e;
        } catch (RuntimeException e) {
          throw ApiError.badRequest(Exchange.oneLine(e.getMessage()));
        }
        engine.apply(spec, x.principal());
        x.json(200, v.annotate(json(engine.get(spec.id()).orElseThrow(), v)));
      });
      r.add("GET", "/api/v1/deployments", x -> {
        CurrencyView v = ProviderRoutes.view(x, fx);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("deployments", engine.list().stream().map(s -> json(s, v)).toList());
        x.json(200, v.annotate(m));
      });
      r.add("GET", "/api/v1/deployments/{id}", x -> {
        CurrencyView v = ProviderRoutes.view(x, fx);
        x.json(200, v.annotate(json(get(x.param("id")), v)));
      });
      r.add("DELETE", "/api/v1/deployments/{id}", x -> {
        String id = x.param("id");
        get(id);
        engine.delete(id, x.principal());
        x.json(200, Map.of("success", true, "id", id, "message", "deployment " + id + " deleted"));
      });
      r.add("GET", "/api/v1/costs", x -> {
        CurrencyView v = ProviderRoutes.view(x, fx);
        var c = engine.costReport();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total", v.usdFigure(c.totalUsd(), 4));
        m.put("on_demand_equivalent", v.usdFigure(c.onDemandUsd(), 4));
        m.put("by_deployment", figures(c.byDeployment(), v));
        m.put("by_label", figures(c.byLabel(), v));
        x.json(200, v.annotate(m));
      });
    }
    r.add("GET", "/api/v1/events", this::events);
  }

  private DeploymentStatus get(String id) {
    return engine.get(id).orElseThrow(() -> ApiError.notFound("deployment '" + id + "' not found"));
  }

  /** Server-Sent Events: the recent backlog, then every event live; a comment line keeps idle streams open. */
  private void events(Exchange x) throws IOException {
    BlockingQueue<Map<String, Object>> q = new LinkedBlockingQueue<>(10_000);
    Runnable unsubscribe = events.subscribe(q::offer);
    try (OutputStream out = x.stream(200, "text/event-stream")) {
      for (Map<String, Object> e : events.recent()) write(out, e);
      out.write(": connected\n\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      long idleSince = System.nanoTime();
      while (!closing) {
        Map<String, Object> e = q.poll(200, TimeUnit.MILLISECONDS);
        if (e != null) {
          write(out, e);
          out.flush();
          idleSince = System.nanoTime();
        } else if (System.nanoTime() - idleSince > keepAlive.toNanos()) {
          out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
          out.flush();
          idleSince = System.nanoTime();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // the client went away
    } finally {
      unsubscribe.run();
      x.raw().close();
    }
  }

  private static void write(OutputStream out, Map<String, Object> e) throws IOException {
    String type = String.valueOf(e.getOrDefault("type", "event")).replaceAll("[\\r\\n]", "");
    out.write(("event: " + type + "\ndata: " + JsonCodec.standard().write(e) + "\n\n").getBytes(StandardCharsets.UTF_8));
  }

  /** A deployment's status JSON (the same fields as {@code dumont deployments show --json}). */
  public static Map<String, Object> json(DeploymentStatus s) {
    return s.toMap();
  }

  /** The same with its amounts in the view's currency (the answer adds {@code currency} and {@code fx} once). */
  public static Map<String, Object> json(DeploymentStatus s, CurrencyView view) {
    return s.toMap(view);
  }

  /** Spend per key in the view's currency; the map itself when shown as is (the USD answer stays as it was). */
  private static Map<String, ?> figures(Map<String, Double> usd, CurrencyView v) {
    if (v.asIs()) return usd;
    Map<String, Object> m = new java.util.TreeMap<>();
    usd.forEach((k, d) -> m.put(k, d == null ? null : v.usdFigure(d, 4)));
    return m;
  }

}
