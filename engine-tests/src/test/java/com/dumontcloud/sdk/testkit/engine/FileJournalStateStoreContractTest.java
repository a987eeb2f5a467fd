package com.dumontcloud.sdk.testkit.engine;

import com.dumontcloud.sdk.engine.store.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** The file journal passes the store contract (reopen = a new process reading the same journal). */
class FileJournalStateStoreContractTest extends StateStoreContractTest {
  private Path journal;

  @Override
  protected StateStore open() throws Exception {
    journal = Files.createTempDirectory("contract").resolve("engine.jsonl");
    return StateStore.fileJournal(journal);
  }

  @Override
  protected StateStore reopen() {
    return StateStore.fileJournal(journal);
  }
}
