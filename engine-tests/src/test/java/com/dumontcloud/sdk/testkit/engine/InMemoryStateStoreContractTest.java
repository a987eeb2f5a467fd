package com.dumontcloud.sdk.testkit.engine;

import com.dumontcloud.sdk.engine.store.StateStore;

/** The in-memory store passes the store contract (it does not survive a process, so reopen is not checked). */
class InMemoryStateStoreContractTest extends StateStoreContractTest {
  @Override
  protected StateStore open() {
    return StateStore.inMemory();
  }

  @Override
  protected StateStore reopen() {
    return StateStore.inMemory();
  }

  @Override
  protected boolean durable() {
    return false;
  }
}
