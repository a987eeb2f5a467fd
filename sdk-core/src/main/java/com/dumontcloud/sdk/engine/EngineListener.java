package com.dumontcloud.sdk.engine;

/** Receives engine events on the reconcile thread; must be quick and must not throw. */
@FunctionalInterface
public interface EngineListener {
  void onEvent(EngineEvent event);
}
