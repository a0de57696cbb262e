package io.vigil.web.api;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** A fresh, migrated database on the local PostgreSQL (127.0.0.1:5432, user postgres, trust), dropped on close. */
final class TestDatabase implements AutoCloseable {
  private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
  private final String name;
  private final HikariDataSource ds;

  TestDatabase() throws Exception {
    name = "vigil_web_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(SERVER + name);
    cfg.setUsername("postgres");
    cfg.setMaximumPoolSize(8);
    ds = new HikariDataSource(cfg);
    // The web tables only need the migrations shared by PostgreSQL and TimescaleDB (the store reads
    // common/ plus a folder per flavour).
    Flyway.configure().dataSource(ds).locations("classpath:db/migration/common").load().migrate();
  }

  DataSource dataSource() {
    return ds;
  }

  @Override
  public void close() throws Exception {
    ds.close();
    try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }
}
