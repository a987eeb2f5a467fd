package com.dumontcloud.sdk.server.internal;

import com.dumontcloud.sdk.engine.DeploymentSpec;
import com.dumontcloud.sdk.engine.DeploymentStatus;
import com.dumontcloud.sdk.engine.Orchestrator;
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
  private volatile boolean closing;

  public DeploymentRoutes(Orchestrator engine, ServerEvents events, Duration keepAlive) {
    this.engine = engine;
    this.events = events;
    this.keepAlive = keepAlive;
  }

  public void closing() {
    closing = true;
  }

  public void register(Router r) {
    if (engine != null) {
      r.add("POST", "/api/v1/deployments", x -> {
        DeploymentSpec spec;
        try {
          spec = DeploymentSpec.fromMap(x.jsonBody());
        } catch (ApiError e) {
          throw e;
        } catch (RuntimeException e) {
          throw ApiError.badRequest(Exchange.oneLine(e.getMessage()));
        }
        engine.apply(spec, x.principal());
        x.json(200, json(engine.get(spec.id()).orElseThrow()));
      });
      r.add("GET", "/api/v1/deployments", x -> x.json(200,
          Map.of("deployments", engine.list().stream().map(DeploymentRoutes::json).toList())));
      r.add("GET", "/api/v1/deployments/{id}", x -> x.json(200, json(get(x.param("id")))));
      r.add("DELETE", "/api/v1/deployments/{id}", x -> {
        String id = x.param("id");
        get(id);
        engine.delete(id, x.principal());
        x.json(200, Map.of("success", true, "id", id, "message", "deployment " + id + " deleted"));
      });
      r.add("GET", "/api/v1/costs", x -> {
        var c = engine.costReport();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total", c.totalUsd());
        m.put("on_demand_equivalent", c.onDemandUsd());
        m.put("by_deployment", c.byDeployment());
        m.put("by_label", c.byLabel());
        x.json(200, m);
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

}
