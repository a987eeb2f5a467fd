/**
 * The JDBC state store ({@link com.dumontcloud.sdk.store.jdbc.JdbcStateStore}): engine state, deployment leases
 * with fencing epochs and instance records in PostgreSQL, so several replicas of a host application run the
 * engine on one fleet. See {@code docs/scale-out.md}.
 */
package com.dumontcloud.sdk.store.jdbc;
