package com.dumontcloud.sdk.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.internal.http.FakeScheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditQueryTest {
  private static final Instant T0 = Instant.parse("2026-01-05T22:00:00Z");
  private final FakeScheduler time = new FakeScheduler(T0);

  private AuditRecord rec(String op, boolean ok, String team, String principal) {
    return new AuditRecord(time.now(), "sim", op, op + " x", ok ? "ok" : "failed", Duration.ofMillis(250), ok,
        Map.of("team", team, "principal", principal, "instance_id", "sim-1"));
  }

  private void fill(AuditSink sink) {
    sink.record(rec("launch", true, "ml", "alice"));
    time.sleep(Duration.ofMinutes(30));
    sink.record(rec("terminate", false, "ml", "bob"));
    time.sleep(Duration.ofMinutes(30));
    sink.record(rec("launch", false, "web", "alice"));
    time.sleep(Duration.ofMinutes(30));
    sink.record(rec("list", true, "web", "carol"));
  }

  @Test
  void query_inMemory_filtersByEveryCondition() {
    InMemoryAuditSink sink = InMemoryAuditSink.create();
    fill(sink);

    assertThat(sink.query(AuditQuery.all())).hasSize(4);
    assertThat(sink.query(AuditQuery.builder().team("ml").build())).extracting(AuditRecord::operation)
        .containsExactly("launch", "terminate");
    assertThat(sink.query(AuditQuery.builder().action("LAUNCH").build())).hasSize(2);
    assertThat(sink.query(AuditQuery.builder().principal("alice").failuresOnly(true).build()))
        .extracting(AuditRecord::operation).containsExactly("launch");
    assertThat(sink.query(AuditQuery.builder().since(T0.plus(Duration.ofMinutes(30)))
        .until(T0.plus(Duration.ofMinutes(90))).build())).extracting(AuditRecord::operation)
        .containsExactly("terminate", "launch");
    assertThat(sink.query(AuditQuery.builder().limit(1).build())).extracting(AuditRecord::operation)
        .containsExactly("list");
  }

  @Test
  void query_matchesTheRecordedPrincipalAndTeams_afterAJsonLinesRoundTrip(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("audit.jsonl");
    try (JsonLinesAuditSink sink = JsonLinesAuditSink.builder(file).clock(time.clock()).build()) {
      sink.record(new AuditRecord(time.now(), "sim", "launch", "launch x", "ok", Duration.ZERO, true, Map.of(),
          "dana", List.of("ml", "research")));
      sink.record(new AuditRecord(time.now(), "sim", "launch", "launch y", "ok", Duration.ZERO, true, Map.of(),
          "erin", List.of("web")));
      List<AuditRecord> byTeam = sink.query(AuditQuery.builder().team("research").build());
      assertThat(byTeam).extracting(AuditRecord::principal).containsExactly("dana");
      assertThat(byTeam.get(0).teams()).containsExactly("ml", "research");
      assertThat(sink.query(AuditQuery.builder().principal("erin").build())).extracting(AuditRecord::command)
          .containsExactly("launch y");
    }
  }

  @Test
  void query_jsonLines_readsRotatedFilesAcrossDaysAndSize(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("audit/audit.jsonl");
    try (JsonLinesAuditSink sink = JsonLinesAuditSink.builder(file).clock(time.clock()).maxBytes(1024).build()) {
      fill(sink); // 22:00 .. 23:30 on the 5th
      time.sleep(Duration.ofHours(1)); // 00:30 on the 6th: a new day
      sink.record(rec("stop", true, "ml", "alice"));
      for (int i = 0; i < 6; i++) sink.record(rec("label", true, "ops", "dave")); // past 1 KiB: rotates by size

      List<String> names;
      try (Stream<Path> s = Files.list(file.getParent())) {
        names = s.map(p -> p.getFileName().toString()).sorted().toList();
      }
      assertThat(names).contains("audit-2026-01-05.1.jsonl", "audit-2026-01-06.1.jsonl", "audit.jsonl");
      assertThat(sink.files().get(0).getFileName().toString()).isEqualTo("audit-2026-01-05.1.jsonl");
      assertThat(Files.readAllLines(file.resolveSibling("audit-2026-01-05.1.jsonl"))).hasSize(4);

      assertThat(sink.query(AuditQuery.all())).hasSize(11);
      assertThat(sink.query(AuditQuery.builder().team("ml").build())).extracting(AuditRecord::operation)
          .containsExactly("launch", "terminate", "stop");
      assertThat(sink.query(AuditQuery.builder().failuresOnly(true).build())).hasSize(2);
      assertThat(sink.query(AuditQuery.builder().since(Instant.parse("2026-01-06T00:00:00Z")).build())).hasSize(7);
      AuditRecord back = sink.query(AuditQuery.builder().action("terminate").build()).get(0);
      assertThat(back.timestamp()).isEqualTo(T0.plus(Duration.ofMinutes(30)));
      assertThat(back.executionTime()).isEqualTo(Duration.ofMillis(250));
      assertThat(back.metadata()).containsEntry("principal", "bob");
      assertThat(back.success()).isFalse();
    }
  }

  @Test
  void open_existingFileOfAnEarlierDay_rotatesItAtTheFirstNewRecord(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("audit.jsonl");
    try (JsonLinesAuditSink sink = JsonLinesAuditSink.builder(file).clock(time.clock()).build()) {
      sink.record(rec("launch", true, "ml", "alice"));
    }
    time.sleep(Duration.ofDays(2));
    try (JsonLinesAuditSink sink = JsonLinesAuditSink.builder(file).clock(time.clock()).build()) {
      sink.record(rec("terminate", true, "ml", "alice"));

      assertThat(Files.exists(dir.resolve("audit-2026-01-05.1.jsonl"))).isTrue();
      assertThat(Files.readAllLines(file)).hasSize(1);
      assertThat(sink.query(AuditQuery.all())).extracting(AuditRecord::operation).containsExactly("launch", "terminate");
    }
  }

  @Test
  void query_tornLine_isSkippedAndCounted(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("audit.jsonl");
    try (JsonLinesAuditSink sink = JsonLinesAuditSink.builder(file).clock(time.clock()).build()) {
      sink.record(rec("launch", true, "ml", "alice"));
      Files.writeString(file, "{\"timestamp\":\"2026-", java.nio.file.StandardOpenOption.APPEND);

      assertThat(sink.query(AuditQuery.all())).hasSize(1);
      assertThat(sink.unreadableLines()).isEqualTo(1);
    }
  }

  @Test
  void query_onASinkThatKeepsNothing_saysWhichSinksCan() {
    assertThatThrownBy(() -> AuditSink.slf4j().query(AuditQuery.all()))
        .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("JsonLinesAuditSink");
    InMemoryAuditSink mem = InMemoryAuditSink.create();
    AuditSink both = AuditSink.all(AuditSink.slf4j(), mem);
    both.record(rec("launch", true, "ml", "alice"));
    assertThat(both.query(AuditQuery.all())).hasSize(1);
  }

  @Test
  void builder_untilNotAfterSince_isRefused() {
    assertThatThrownBy(() -> AuditQuery.builder().since(T0).until(T0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("until");
  }
}
