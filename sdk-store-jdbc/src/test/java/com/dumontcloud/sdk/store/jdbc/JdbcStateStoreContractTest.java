package com.dumontcloud.sdk.store.jdbc;

import com.dumontcloud.sdk.engine.store.StateStore;
import com.dumontcloud.sdk.testkit.engine.StateStoreContractTest;
import javax.sql.DataSource;

/** The JDBC store on a real PostgreSQL passes the same contract as the file journal. */
class JdbcStateStoreContractTest extends StateStoreContractTest {
  private DataSource db;

  @Override
  protected StateStore open() {
    db = EmbeddedPostgresSupport.freshDatabase();
    return JdbcStateStore.create(db);
  }

  @Override
  protected StateStore reopen() {
    return JdbcStateStore.create(db);
  }
}
