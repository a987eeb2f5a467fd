package com.dumontcloud.sdk.server.internal;

import com.dumontcloud.sdk.audit.AuditQuery;
import com.dumontcloud.sdk.audit.AuditRecord;
import com.dumontcloud.sdk.audit.AuditSink;
import com.dumontcloud.sdk.audit.JsonLinesAuditSink;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/audit?team=&action=&principal=&since=&until=&failures=&limit=}: the audit records of the
 * server's client ({@link AuditSink#query}), oldest first, as {@code {"records": [...], "total": N}} in the
 * JSON-lines shape. {@code since}/{@code until} are ISO times, dates (UTC midnight) or durations back from now
 * ({@code 1h}, {@code 30m}, {@code 7d}).
 */
public final class AuditRoutes {
  private final AuditSink sink;
  private final java.time.Clock clock;

  public AuditRoutes(AuditSink sink, java.time.Clock clock) {
    this.sink = sink;
    this.clock = clock;
  }

  public void register(Router r) {
    r.add("GET", "/api/v1/audit", x -> {
      AuditQuery.Builder q = AuditQuery.builder().team(x.queryParam("team")).action(x.queryParam("action"))
          .principal(x.queryParam("principal"));
      Instant now = clock.instant();
      if (x.queryParam("since") != null) q.since(when("since", x.queryParam("since"), now));
      if (x.queryParam("until") != null) q.until(when("until", x.queryParam("until"), now));
      String f = x.queryParam("failures");
      if (f != null) {
        if (!f.equals("true") && !f.equals("false")) throw ApiError.badRequest("failures must be true or false, got '" + f + "'");
        q.failuresOnly(f.equals("true"));
      }
      String limit = x.queryParam("limit");
      if (limit != null) {
        try {
          q.limit(Integer.parseInt(limit.trim()));
        } catch (IllegalArgumentException e) {
          throw ApiError.badRequest("limit must be a whole number of at least 1, got '" + limit + "'");
        }
      }
      AuditQuery query;
      try {
        query = q.build();
      } catch (IllegalArgumentException e) {
        throw ApiError.badRequest("until must be after since");
      }
      List<AuditRecord> found;
      try {
        found = sink.query(query);
      } catch (UnsupportedOperationException e) {
        throw new ApiError(501, "this server's audit sink keeps no records to query; configure a JSON-lines audit file");
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("records", found.stream().map(JsonLinesAuditSink::toJson).toList());
      m.put("total", found.size());
      x.json(200, m);
    });
  }

  static Instant when(String name, String text, Instant now) {
    String t = text.trim();
    try {
      return Instant.parse(t);
    } catch (DateTimeParseException e) {
      // next form
    }
    try {
      return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      // next form
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(s|m|h|d)").matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      java.time.Duration d = switch (m.group(2)) {
        case "s" -> java.time.Duration.ofSeconds(n);
        case "m" -> java.time.Duration.ofMinutes(n);
        case "h" -> java.time.Duration.ofHours(n);
        default -> java.time.Duration.ofDays(n);
      };
      return now.minus(d);
    }
    throw ApiError.badRequest(name + " must be an ISO time (2026-01-05T10:00:00Z), a date (2026-01-05) or a "
        + "duration back from now (30m, 1h, 7d), got '" + text + "'");
  }
}
