package io.vigil.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * A database of its own on the machine's PostgreSQL ({@code vigil.test.pg}, default
 * 127.0.0.1:5432, user postgres, trust authentication), dropped on close. Empty, for the store's
 * tests that migrate it themselves, or with the shared migrations applied ({@link #migrated()}), for
 * tests of what reads the tables. Any thread.
 */
public final class TestPostgres implements AutoCloseable {
  public static final String SERVER = System.getProperty("vigil.test.pg", "jdbc:postgresql://127.0.0.1:5432/");
  public static final String USER = System.getProperty("vigil.test.pg.user", "postgres");
  /** The migrations shared by PostgreSQL and TimescaleDB (the store reads common/ plus a folder per flavour). */
  private static final String COMMON_MIGRATIONS = "classpath:db/migration/common";
  private static final int POOL_SIZE = 8;

  public final String name;
  public final String url;
  private HikariDataSource pool;

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

  /**
   * A pool on this database with the shared migrations applied, made on the first call: enough for the
   * web's tables, which need no flavour-specific migration.
   */
  public synchronized DataSource migrated() {
    if (pool == null) {
      HikariConfig cfg = new HikariConfig();
      cfg.setJdbcUrl(url);
      cfg.setUsername(USER);
      cfg.setMaximumPoolSize(POOL_SIZE);
      pool = new HikariDataSource(cfg);
      Flyway.configure().dataSource(pool).locations(COMMON_MIGRATIONS).load().migrate();
    }
    return pool;
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
  public synchronized void close() throws SQLException {
    if (pool != null) pool.close();
    try (Connection c = DriverManager.getConnection(SERVER + "postgres", USER, null); Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }
}
