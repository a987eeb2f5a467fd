package com.dumontcloud.sdk.store.jdbc;

import com.dumontcloud.sdk.audit.AuditRecord;
import com.dumontcloud.sdk.audit.AuditSink;
import com.dumontcloud.sdk.audit.InstanceRecords;
import com.dumontcloud.sdk.spi.support.JsonCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seed 001's instance DB ({@code dumont_instances}) and execution log ({@code dumont_execution_log}) in the
 * store's database: every audit record is one log row, and those that change an instance (launch, stop, start,
 * terminate) upsert its record; a field a change leaves out keeps its value. Never throws from {@link #record}.
 */
final class JdbcInstanceRecords implements InstanceRecords {
  private static final Logger log = LoggerFactory.getLogger(JdbcInstanceRecords.class);
  private static final JsonCodec JSON = JsonCodec.standard();
  static final String[] COLUMNS = {"offer_id", "image_name", "status", "gpu_name", "num_gpus", "gpu_ram",
      "cost_per_hour", "public_ip", "ssh_port", "port_mappings", "template_name", "created_at", "updated_at",
      "destroyed_at", "start_command", "auto_destroy"};

  private final JdbcStateStore store;
  private final boolean executionLog;

  JdbcInstanceRecords(JdbcStateStore store, Duration retention, boolean executionLog) {
    this.store = store;
    this.executionLog = executionLog;
    OffsetDateTime cutoff = OffsetDateTime.ofInstant(store.clock().instant().minus(retention), ZoneOffset.UTC);
    store.tx("apply the records' retention", c -> {
      try (PreparedStatement ps = c.prepareStatement("delete from dumont_instances where destroyed_at < ?")) {
        ps.setObject(1, cutoff);
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("delete from dumont_execution_log where created_at < ?")) {
        ps.setObject(1, cutoff);
        ps.executeUpdate();
      }
      return null;
    });
  }

  /** The execution log alone, as an audit sink. */
  AuditSink executionLog() {
    return r -> {
      try {
        store.tx("append to the execution log", c -> {
          logRow(c, r);
          return null;
        });
      } catch (RuntimeException e) {
        log.debug("execution log row not written: {}", e.toString());
      }
    };
  }

  @Override
  public void record(AuditRecord r) {
    Map<String, Object> change = InstanceRecords.changeOf(r);
    if (change == null && !executionLog) return;
    try {
      store.tx("record an instance change", c -> {
        if (executionLog) logRow(c, r);
        if (change != null) upsert(c, change);
        return null;
      });
    } catch (RuntimeException e) {
      log.debug("instance record not written: {}", e.toString());
    }
  }

  private static void logRow(Connection c, AuditRecord r) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("insert into dumont_execution_log (provider_id, instance_id, "
        + "operation, command, result, execution_time, success, metadata, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, r.providerId());
      Object id = r.metadata().get("instance_id");
      ps.setString(2, id == null ? null : String.valueOf(id));
      ps.setString(3, r.operation());
      ps.setString(4, r.command());
      ps.setString(5, r.result());
      if (r.executionTime() == null) ps.setNull(6, Types.DOUBLE);
      else ps.setDouble(6, r.executionTime().toMillis() / 1000.0);
      ps.setBoolean(7, r.success());
      ps.setString(8, JSON.write(r.metadata()));
      ps.setObject(9, OffsetDateTime.ofInstant(r.timestamp() == null ? Instant.EPOCH : r.timestamp(), ZoneOffset.UTC));
      ps.executeUpdate();
    }
  }

  private static void upsert(Connection c, Map<String, Object> m) throws SQLException {
    StringBuilder cols = new StringBuilder("provider_id, instance_id");
    StringBuilder qs = new StringBuilder("?, ?");
    StringBuilder set = new StringBuilder();
    for (String col : COLUMNS) {
      cols.append(", ").append(col);
      qs.append(", ?");
      set.append(set.length() == 0 ? "" : ", ").append(col).append(" = coalesce(excluded.").append(col)
          .append(", dumont_instances.").append(col).append(")");
    }
    String sql = "insert into dumont_instances (" + cols + ") values (" + qs + ") on conflict (provider_id, "
        + "instance_id) do update set " + set;
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, String.valueOf(m.get("provider_id")));
      ps.setString(2, String.valueOf(m.get("instance_id")));
      int i = 3;
      for (String col : COLUMNS) {
        Object v = m.get(col);
        switch (col) {
          case "num_gpus", "ssh_port" -> {
            if (v instanceof Number n) ps.setInt(i, n.intValue());
            else ps.setNull(i, Types.INTEGER);
          }
          case "cost_per_hour" -> {
            if (v instanceof Number n) ps.setDouble(i, n.doubleValue());
            else ps.setNull(i, Types.DOUBLE);
          }
          case "auto_destroy" -> {
            if (v instanceof Boolean b) ps.setBoolean(i, b);
            else ps.setNull(i, Types.BOOLEAN);
          }
          case "created_at", "updated_at", "destroyed_at" -> {
            if (v == null) ps.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
            else ps.setObject(i, OffsetDateTime.ofInstant(Instant.parse(String.valueOf(v)), ZoneOffset.UTC));
          }
          case "gpu_ram", "port_mappings" -> ps.setString(i, v == null ? null : JSON.write(v));
          default -> ps.setString(i, v == null ? null : String.valueOf(v));
        }
        i++;
      }
      ps.executeUpdate();
    }
  }

  @Override
  public List<Map<String, Object>> all() {
    return store.tx("read the instance records", c -> {
      List<Map<String, Object>> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("select provider_id, instance_id, " + String.join(", ", COLUMNS)
          + " from dumont_instances order by created_at nulls first, provider_id, instance_id");
           ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("provider_id", rs.getString(1));
          m.put("instance_id", rs.getString(2));
          for (int k = 0; k < COLUMNS.length; k++) {
            String col = COLUMNS[k];
            int idx = k + 3;
            Object v = switch (col) {
              case "num_gpus", "ssh_port" -> rs.getObject(idx) == null ? null : rs.getInt(idx);
              case "cost_per_hour" -> rs.getObject(idx) == null ? null : rs.getDouble(idx);
              case "auto_destroy" -> rs.getObject(idx) == null ? null : rs.getBoolean(idx);
              case "created_at", "updated_at", "destroyed_at" -> {
                OffsetDateTime t = rs.getObject(idx, OffsetDateTime.class);
                yield t == null ? null : t.toInstant().toString();
              }
              case "gpu_ram", "port_mappings" -> rs.getString(idx) == null ? null : JSON.parse(rs.getString(idx));
              default -> rs.getString(idx);
            };
            if (v != null) m.put(col, v);
          }
          out.add(m);
        }
      }
      return out;
    });
  }

  /** Execution log rows since a time, oldest first (seed 001 field names). */
  List<Map<String, Object>> executionLogSince(Instant since) {
    return store.tx("read the execution log", c -> {
      List<Map<String, Object>> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("select provider_id, instance_id, operation, command, result, "
          + "execution_time, success, metadata, created_at from dumont_execution_log where created_at >= ? order by id")) {
        ps.setObject(1, OffsetDateTime.ofInstant(since, ZoneOffset.UTC));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("provider_id", rs.getString(1));
            m.put("instance_id", rs.getString(2));
            m.put("operation", rs.getString(3));
            m.put("command", rs.getString(4));
            m.put("result", rs.getString(5));
            m.put("execution_time", rs.getObject(6) == null ? null : rs.getDouble(6));
            m.put("success", rs.getBoolean(7));
            m.put("metadata", rs.getString(8) == null ? null : JSON.parse(rs.getString(8)));
            m.put("created_at", rs.getObject(9, OffsetDateTime.class).toInstant().toString());
            out.add(m);
          }
        }
      }
      return out;
    });
  }

  @Override
  public String toString() {
    return "JdbcInstanceRecords[" + store + "]";
  }
}
