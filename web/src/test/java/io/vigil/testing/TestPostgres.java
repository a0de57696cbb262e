package io.vigil.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A database of its own on the machine's PostgreSQL ({@code vigil.test.pg}, default
 * 127.0.0.1:5432, user postgres, trust authentication), dropped afterwards.
 */
public final class TestPostgres implements AutoCloseable {
  public static final String SERVER = System.getProperty("vigil.test.pg", "jdbc:postgresql://127.0.0.1:5432/");
  public static final String USER = System.getProperty("vigil.test.pg.user", "postgres");

  public final String name;
  public final String url;

  private TestPostgres(String name) {
    this.name = name;
    this.url = SERVER + name;
  }

  public static TestPostgres create() throws SQLException {
    String name = "vigil_test_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 4);
    try (Connection c = DriverManager.getConnection(SERVER + "postgres", USER, null); Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    }
    return new TestPostgres(name);
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url, USER, null);
  }

  public long count(String sql) throws SQLException {
    try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  public void execute(String sql) throws SQLException {
    try (Connection c = connect(); Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  @Override
  public void close() throws SQLException {
    try (Connection c = DriverManager.getConnection(SERVER + "postgres", USER, null); Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }
}
