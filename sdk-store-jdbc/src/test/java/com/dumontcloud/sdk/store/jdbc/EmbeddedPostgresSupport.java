package com.dumontcloud.sdk.store.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;

/**
 * One real PostgreSQL per test JVM, started in-process from Maven Central's zonky binaries (no Docker), on
 * loopback; each test gets a database of its own. When PostgreSQL cannot start here the tests are skipped with
 * the reason (they never silently pass).
 */
final class EmbeddedPostgresSupport {
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static EmbeddedPostgres pg;
  private static Throwable failure;

  private EmbeddedPostgresSupport() {}

  static synchronized DataSource freshDatabase() {
    if (pg == null && failure == null) {
      try {
        pg = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1")
            .setServerConfig("max_connections", "200").setServerConfig("fsync", "off")
            .setServerConfig("full_page_writes", "off").start(); // a test database: no crash to survive
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try {
            pg.close();
          } catch (java.io.IOException ignored) {
            // the JVM is going away
          }
        }));
      } catch (Throwable t) {
        failure = t;
      }
    }
    Assumptions.assumeTrue(failure == null, () -> "embedded PostgreSQL (zonky) did not start here, so the "
        + "PostgreSQL tests are skipped: " + failure);
    String name = "t" + SEQ.incrementAndGet();
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
      st.execute("create database " + name);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("create database " + name + ": " + e.getMessage(), e);
    }
    return pg.getDatabase("postgres", name);
  }

  /** The JDBC URL of a database (for tests of the URL path), without credentials. */
  static synchronized String url(String database) {
    return pg.getJdbcUrl("postgres", database);
  }
}
