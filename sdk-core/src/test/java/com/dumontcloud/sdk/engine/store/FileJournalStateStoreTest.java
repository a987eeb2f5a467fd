package com.dumontcloud.sdk.engine.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.spi.support.Json;
import com.dumontcloud.sdk.internal.json.MoshiJsonCodec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileJournalStateStoreTest {
  @TempDir Path dir;

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream originalErr;

  @BeforeEach
  void captureLog() {
    originalErr = System.err; // slf4j-simple writes to whatever System.err is at the time of the call
    System.setErr(new PrintStream(err, true, UTF_8));
  }

  @AfterEach
  void noUnexpectedWarnings() {
    System.setErr(originalErr);
    assertThat(takeWarnings()).as("warnings no test asserted").isEmpty();
  }

  /** WARN lines logged since the last call. */
  private List<String> takeWarnings() {
    List<String> out = err.toString(UTF_8).lines().filter(l -> l.contains(" WARN ")).toList();
    err.reset();
    return out;
  }

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
    assertThat(takeWarnings()).hasSize(1);
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

  @Test
  void open_journalCutAtEveryByteOfItsLastRecord_replaysCompleteRecordsAndKeepsWorkingOverTwoMoreRestarts()
      throws Exception {
    Path original = dir.resolve("engine.jsonl");
    Map<String, Map<String, Object>> beforeLast;
    try (StateStore s = StateStore.fileJournal(original)) {
      s.put("svc-a", engineRecord("svc-a", 1));
      s.put("svc-b", engineRecord("svc-b", 1));
      s.put("svc-c", engineRecord("svc-c", 1));
      s.remove("svc-c");
      s.put("svc-b", engineRecord("svc-b", 2));
      beforeLast = s.loadAll();
      s.put("svc-a", engineRecord("svc-a", 3));
    }
    byte[] bytes = Files.readAllBytes(original);
    int lastStart = lastLineStart(bytes);
    assertThat(new String(bytes, lastStart, bytes.length - lastStart, UTF_8))
        .startsWith("{\"op\":\"put\",\"id\":\"svc-a\"").contains("São Paulo", "東京").endsWith("}\n");
    Map<String, Map<String, Object>> withLast = new LinkedHashMap<>(beforeLast);
    withLast.put("svc-a", json(engineRecord("svc-a", 3)));

    for (int cut = lastStart; cut < bytes.length; cut++) {
      Path f = dir.resolve("cut-" + cut).resolve("engine.jsonl");
      Files.createDirectories(f.getParent());
      Files.write(f, Arrays.copyOf(bytes, cut));
      boolean complete = cut == bytes.length - 1;
      boolean torn = cut > lastStart && !complete;
      Map<String, Map<String, Object>> expected = new LinkedHashMap<>(complete ? withLast : beforeLast);

      try (StateStore s = StateStore.fileJournal(f)) {
        assertThat(s.loadAll()).as("first open, cut at byte %d of %d", cut, bytes.length).isEqualTo(expected);
        assertThat(takeWarnings()).as("warnings, cut at byte %d", cut).hasSize(torn ? 1 : 0);
        s.put("svc-d", engineRecord("svc-d", cut));
        s.remove("svc-a");
      }
      expected.put("svc-d", json(engineRecord("svc-d", cut)));
      expected.remove("svc-a");

      try (StateStore s = StateStore.fileJournal(f)) {
        assertThat(s.loadAll()).as("second open, cut at byte %d", cut).isEqualTo(expected);
        s.put("svc-a", engineRecord("svc-a", cut));
      }
      expected.put("svc-a", json(engineRecord("svc-a", cut)));

      try (StateStore s = StateStore.fileJournal(f)) {
        assertThat(s.loadAll()).as("third open, cut at byte %d", cut).isEqualTo(expected);
      }
      assertThat(takeWarnings()).as("warnings after the repair, cut at byte %d", cut).isEmpty();
    }
  }

  @Test
  void open_tornTailMidCharacter_truncatesToLastCompleteRecordAndWarnsOnceWithBytesDropped() throws Exception {
    Path f = dir.resolve("engine.jsonl");
    try (StateStore s = StateStore.fileJournal(f)) {
      s.put("svc-a", engineRecord("svc-a", 1));
    }
    long complete = Files.size(f);
    byte[] next = (MoshiJsonCodec.get().write(Map.of("op", "put", "id", "svc-b", "record",
        Map.of("region", "São Paulo"))) + "\n").getBytes(UTF_8);
    int midA = indexOf(next, (byte) 0xC3) + 1; // between the two bytes of 'ã'
    Files.write(f, Arrays.copyOf(next, midA), StandardOpenOption.APPEND);

    try (StateStore s = StateStore.fileJournal(f)) {
      assertThat(Files.size(f)).isEqualTo(complete);
      assertThat(s.loadAll()).containsOnlyKeys("svc-a");
      assertThat(takeWarnings()).singleElement().asString()
          .contains(f.toString(), "dropped " + midA + " bytes", "line 2");
      s.put("svc-b", Map.of("region", "São Paulo"));
    }
    assertThat(Files.readAllLines(f, UTF_8)).hasSize(2);
    try (StateStore s = StateStore.fileJournal(f)) {
      assertThat(s.loadAll().get("svc-b")).containsEntry("region", "São Paulo");
      assertThat(s.loadAll().get("svc-a")).isEqualTo(json(engineRecord("svc-a", 1)));
    }
  }

  @Test
  void open_lastRecordCompleteButWithoutNewline_keepsItAndEndsItsLineBeforeTheNext() throws Exception {
    Path f = dir.resolve("engine.jsonl");
    try (StateStore s = StateStore.fileJournal(f)) {
      s.put("svc-a", engineRecord("svc-a", 1));
      s.put("svc-b", engineRecord("svc-b", 1));
    }
    byte[] bytes = Files.readAllBytes(f);
    Files.write(f, Arrays.copyOf(bytes, bytes.length - 1));

    try (StateStore s = StateStore.fileJournal(f)) {
      assertThat(s.loadAll()).containsOnlyKeys("svc-a", "svc-b");
      s.put("svc-c", engineRecord("svc-c", 1));
    }
    assertThat(Files.readAllLines(f, UTF_8)).hasSize(3).allSatisfy(l -> assertThat(l).startsWith("{").endsWith("}"));
    try (StateStore s = StateStore.fileJournal(f)) {
      assertThat(s.loadAll()).containsOnlyKeys("svc-a", "svc-b", "svc-c");
      assertThat(s.loadAll().get("svc-b")).isEqualTo(json(engineRecord("svc-b", 1)));
    }
  }

  @Test
  void open_corruptLineFollowedByValidLine_failsNamingFileAndLineAndLeavesFileAlone() throws Exception {
    Path f = dir.resolve("engine.jsonl");
    String journal = "{\"op\":\"put\",\"id\":\"a\",\"record\":{\"v\":1}}\n"
        + "{\"op\":\"put\",\"id\":\"b\",\"rec{\"op\":\"put\",\"id\":\"c\",\"record\":{\"v\":3}}\n"
        + "{\"op\":\"put\",\"id\":\"d\",\"record\":{\"v\":4}}\n";
    Files.writeString(f, journal);

    assertThatThrownBy(() -> StateStore.fileJournal(f))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("journal " + f + " line 2 is corrupt (not valid JSON)")
        .hasMessageContaining("not a write cut short by a crash");
    assertThat(Files.readString(f)).isEqualTo(journal);
  }

  @Test
  void open_twoDamagedLinesAtTheEnd_failsNamingTheFirst() throws Exception {
    Path f = dir.resolve("engine.jsonl");
    Files.writeString(f, "{\"op\":\"put\",\"id\":\"a\",\"record\":{\"v\":1}}\n"
        + "not json\n"
        + "{\"op\":\"put\",\"id\":\"b\",\"rec");

    assertThatThrownBy(() -> StateStore.fileJournal(f))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("line 2 is corrupt");
  }

  @Test
  void open_unknownOpAndUnknownFields_skipsAndIgnoresThemWithOneWarningEach() throws Exception {
    Path f = dir.resolve("engine.jsonl");
    Files.writeString(f, "{\"op\":\"put\",\"id\":\"a\",\"record\":{\"v\":1}}\n"
        + "{\"op\":\"snapshot\",\"id\":\"a\",\"record\":{\"v\":99},\"future\":true}\n"
        + "{\"op\":\"put\",\"id\":\"b\",\"record\":{\"v\":2},\"writtenAt\":\"2030-01-01T00:00:00Z\",\"crc\":\"ab12\"}\n"
        + "{\"op\":\"archive\",\"id\":\"b\"}\n"
        + "{\"op\":\"remove\",\"id\":\"c\",\"reason\":\"scaled to zero\"}\n");

    try (StateStore s = StateStore.fileJournal(f)) {
      assertThat(s.loadAll()).isEqualTo(Map.of("a", json(Map.of("v", 1)), "b", json(Map.of("v", 2))));
      assertThat(takeWarnings()).hasSize(2).anySatisfy(w -> assertThat(w).contains("2 entries with an unknown op"
          + " [archive, snapshot]")).anySatisfy(w -> assertThat(w).contains("unknown fields [crc, reason, writtenAt]"));
      s.put("c", Map.of("v", 3));
    }
    try (StateStore s = StateStore.fileJournal(f)) {
      assertThat(s.loadAll()).containsOnlyKeys("a", "b", "c");
    }
    assertThat(takeWarnings()).hasSize(2);
  }

  @Test
  void open_leftoverCompactFile_deletesItAndKeepsJournalUnchanged() throws Exception {
    Path f = dir.resolve("engine.jsonl");
    try (StateStore s = StateStore.fileJournal(f)) {
      s.put("svc-a", engineRecord("svc-a", 1));
      s.put("svc-b", engineRecord("svc-b", 1));
      s.put("svc-a", engineRecord("svc-a", 2));
    }
    byte[] journal = Files.readAllBytes(f);
    Path leftover = dir.resolve("engine.jsonl.compact");
    Files.writeString(leftover, "{\"op\":\"put\",\"id\":\"svc-a\",\"record\":{\"generation\":1}}\n{\"op\":\"pu");

    try (StateStore s = StateStore.fileJournal(f)) {
      assertThat(leftover).doesNotExist();
      assertThat(Files.readAllBytes(f)).isEqualTo(journal);
      assertThat(s.loadAll()).isEqualTo(Map.of("svc-a", json(engineRecord("svc-a", 2)),
          "svc-b", json(engineRecord("svc-b", 1))));
      assertThat(takeWarnings()).singleElement().asString().contains(f.toString(), "engine.jsonl.compact");
    }
  }

  @Test
  void compact_afterTornTailRecovery_keepsLiveRecordsAndReplays() throws Exception {
    Path f = dir.resolve("engine.jsonl");
    try (StateStore s = StateStore.fileJournal(f)) {
      s.put("svc-a", engineRecord("svc-a", 0));
      s.put("svc-b", engineRecord("svc-b", 0));
    }
    byte[] next = (MoshiJsonCodec.get().write(Map.of("op", "put", "id", "svc-c", "record",
        engineRecord("svc-c", 0))) + "\n").getBytes(UTF_8);
    Files.write(f, Arrays.copyOf(next, next.length / 2), StandardOpenOption.APPEND);

    try (StateStore recovered = FileJournalStateStore.open(f, 20)) {
      recovered.put("svc-c", engineRecord("svc-c", 1));
    }
    assertThat(takeWarnings()).hasSize(1);

    FileJournalStateStore s = FileJournalStateStore.open(f, 20);
    for (int i = 1; i <= 100; i++) s.put("svc-a", engineRecord("svc-a", i));
    assertThat(s.entries()).isLessThan(30);
    s.remove("svc-b");
    s.compact();
    assertThat(s.entries()).isEqualTo(2);
    s.close();

    assertThat(dir.resolve("engine.jsonl.compact")).doesNotExist();
    assertThat(Files.readAllLines(f, UTF_8)).hasSize(2);
    try (StateStore r = StateStore.fileJournal(f)) {
      assertThat(r.loadAll()).isEqualTo(Map.of("svc-a", json(engineRecord("svc-a", 100)),
          "svc-c", json(engineRecord("svc-c", 1))));
    }
  }

  /** A record shaped like the engine's: nested maps, lists, numbers and non-ASCII text. */
  private static Map<String, Object> engineRecord(String id, int generation) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("spec", Map.of("name", id, "region", "São Paulo", "gpu",
        Map.of("model", "RTX 4090", "count", 2, "maxPricePerHour", 0.42)));
    r.put("generation", generation);
    r.put("slots", List.of(Map.of("name", "r0", "phase", "RUNNING", "instance", "inst-" + generation),
        Map.of("name", "r1", "phase", "LAUNCHING", "failover", Map.of("from", "Zürich", "attempt", 1))));
    r.put("pendingIntents", List.of());
    r.put("ledger", List.of(Map.of("note", "münchen → são paulo ✓ 東京", "costUsd", 1.25)));
    return r;
  }

  /** The record as a JSON round trip gives it back (numbers as doubles), to compare with replayed state. */
  private static Map<String, Object> json(Map<String, Object> record) {
    return Json.obj(MoshiJsonCodec.get().parse(MoshiJsonCodec.get().write(record)), "record");
  }

  private static int lastLineStart(byte[] bytes) {
    for (int i = bytes.length - 2; i >= 0; i--) {
      if (bytes[i] == '\n') return i + 1;
    }
    return 0;
  }

  private static int indexOf(byte[] bytes, byte b) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == b) return i;
    }
    throw new AssertionError("byte " + b + " not found");
  }
}
