package io.vigil.config;

/**
 * An external PostgreSQL or TimescaleDB. Absent from the file means "run an embedded PostgreSQL".
 *
 * @param passwordRef an environment reference such as {@code ${VIGIL_DB_PASSWORD}}, or null
 */
public record DatabaseSettings(String jdbcUrl, String user, String passwordRef) {
  @Override
  public String toString() {
    return "DatabaseSettings[" + jdbcUrl + ", user=" + user + "]";
  }
}
