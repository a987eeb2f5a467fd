package com.dumontcloud.sdk.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileJournalStateStoreTest {
  @TempDir Path dir;

  @Test
  void put_survivesReopen_lastWriteWins_removeForgets() {
    Path f = dir.resolve("engine.jsonl");
    try (StateStore s = StateStore.fileJournal(f)) {
      s.put("a", Map.of("v", 1));
      s.put("a", Map.of("v", 2));
      s.put("b", Map.of("v", 3));
      s.remove("b");
    }
    try (StateStore s = StateStore.fileJournal(f)) {
      assertThat(s.loadAll()).containsOnlyKeys("a");
      assertThat(((Number) s.loadAll().get("a").get("v")).intValue()).isEqualTo(2);
    }
  }

  @Test
  void replay_ignoresTornLastLine() throws Exception {
    Path f = dir.resolve("engine.jsonl");
    try (StateStore s = StateStore.fileJournal(f)) {
      s.put("a", Map.of("v", 1));
    }
    Files.writeString(f, "{\"op\":\"put\",\"id\":\"a\",\"rec", StandardOpenOption.APPEND);
    try (StateStore s = StateStore.fileJournal(f)) {
      assertThat(((Number) s.loadAll().get("a").get("v")).intValue()).isEqualTo(1);
    }
  }

  @Test
  void compaction_keepsOnlyLiveRecords() throws Exception {
    Path f = dir.resolve("engine.jsonl");
    FileJournalStateStore s = FileJournalStateStore.open(f, 50);
    for (int i = 0; i < 500; i++) s.put("a", Map.of("v", i));
    assertThat(s.entries()).isLessThan(60);
    s.close();
    assertThat(Files.readAllLines(f).size()).isLessThan(60);
    try (StateStore r = StateStore.fileJournal(f)) {
      assertThat(((Number) r.loadAll().get("a").get("v")).intValue()).isEqualTo(499);
    }
  }
}
