package com.dumontcloud.sdk.server;

import com.dumontcloud.sdk.engine.EngineEvent;
import com.dumontcloud.sdk.engine.EngineListener;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The live event stream behind {@code GET /api/v1/events}: register it as a listener of the orchestrator and of the
 * endpoints' engine; it keeps the last {@value #BACKLOG} events for new subscribers and hands each event to every
 * subscriber (quickly: subscribers queue, they never block the reconcile thread).
 */
public final class ServerEvents implements EngineListener {
  public static final int BACKLOG = 200;
  private final ArrayDeque<Map<String, Object>> recent = new ArrayDeque<>();
  private final List<Consumer<Map<String, Object>>> subscribers = new CopyOnWriteArrayList<>();

  @Override
  public void onEvent(EngineEvent event) {
    publish(event.toMap());
  }

  /** Publish a JSON event ({@code type}, {@code at}, ...). */
  public void publish(Map<String, Object> json) {
    synchronized (recent) {
      recent.addLast(json);
      while (recent.size() > BACKLOG) recent.removeFirst();
    }
    for (Consumer<Map<String, Object>> s : subscribers) {
      try {
        s.accept(json);
      } catch (RuntimeException e) {
        subscribers.remove(s);
      }
    }
  }

  public List<Map<String, Object>> recent() {
    synchronized (recent) {
      return new ArrayList<>(recent);
    }
  }

  /** Subscribe; the returned runnable unsubscribes. */
  public Runnable subscribe(Consumer<Map<String, Object>> s) {
    subscribers.add(s);
    return () -> subscribers.remove(s);
  }
}
