package com.dumontcloud.cli;

import com.dumontcloud.sdk.audit.AuditQuery;
import com.dumontcloud.sdk.audit.AuditRecord;
import com.dumontcloud.sdk.audit.JsonLinesAuditSink;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dumont audit query}: the audit records the CLI (and {@code dumont serve}) wrote. */
@Command(name = "audit", description = "Query the audit records of provider operations.",
    subcommands = AuditCommand.Query.class)
final class AuditCommand {
  @Command(name = "query", description = {"Show audit records, oldest first, from $DUMONT_HOME/audit/audit.jsonl",
      "and its rotated files (audit-YYYY-MM-DD.N.jsonl). Every option given must",
      "match."},
      footer = {"", "Examples:", "  dumont audit query --since 1h", "  dumont audit query --action launch --failures",
          "  dumont audit query --team ml --since 2026-01-05 -o json"})
  static final class Query implements Runnable {
    @Option(names = "--team", paramLabel = "TEAM", description = "Only records of this team (metadata team).")
    String team;

    @Option(names = "--action", paramLabel = "ACTION", description = "Only this operation: launch, terminate, stop, ...")
    String action;

    @Option(names = "--principal", paramLabel = "SUBJECT", description = "Only records of this principal.")
    String principal;

    @Option(names = "--since", paramLabel = "WHEN",
        description = "Records from this time on: a duration back from now (90s, 15m, 1h, 7d) or an ISO time or date.")
    String since;

    @Option(names = "--until", paramLabel = "WHEN", description = "Records before this time (same forms as --since).")
    String until;

    @Option(names = "--failures", description = "Only operations that failed.")
    boolean failures;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "1000", description = "Most records shown (the newest).")
    int limit;

    @Mixin Output out;

    @Override
    public void run() {
      out.check();
      Instant now = Instant.now();
      AuditQuery.Builder q = AuditQuery.builder().team(team).action(action).principal(principal).failuresOnly(failures);
      if (limit < 1) throw new IllegalArgumentException("--limit must be at least 1, got " + limit);
      q.limit(limit);
      if (since != null) q.since(when("--since", since, now));
      if (until != null) q.until(when("--until", until, now));
      AuditQuery query;
      try {
        query = q.build();
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--until must be after --since (" + since + " .. " + until + ")");
      }
      List<AuditRecord> found = CliContext.auditSink().query(query);
      List<Map<String, Object>> tree = found.stream().map(JsonLinesAuditSink::toJson).toList();
      if (out.printData(Map.of("records", tree, "total", tree.size()))) return;
      if (found.isEmpty()) {
        System.out.println("no audit records match (they are written by commands that call providers)");
        return;
      }
      Table t = new Table("TIME", "PROVIDER", "ACTION", "OK", "PRINCIPAL", "TEAM", "MS", "RESULT", "COMMAND")
          .shrink("RESULT", "COMMAND").wideOnly("COMMAND");
      for (AuditRecord r : found) {
        t.row(Fmt.time(r.timestamp()), r.providerId(), r.operation(), r.success() ? "yes" : "no",
            Fmt.value(r.metadata().get("principal")), Fmt.value(r.metadata().get("team")),
            r.executionTime().toMillis(), r.result(), r.command());
      }
      t.print(System.out, out.wide());
    }

    /** {@code 1h} (back from now), {@code 2026-01-05T10:00:00Z} or {@code 2026-01-05} (UTC midnight). */
    static Instant when(String flag, String text, Instant now) {
      String t = text.trim();
      try {
        return Instant.parse(t);
      } catch (DateTimeParseException notInstant) {
        // next form
      }
      try {
        return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException notDate) {
        // next form
      }
      try {
        return now.minus(Fmt.parseDuration(flag, t));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(flag + " must be a duration back from now (15m, 1h, 7d), an ISO time "
            + "(2026-01-05T10:00:00Z) or a date (2026-01-05), got '" + text + "'");
      }
    }
  }
}
