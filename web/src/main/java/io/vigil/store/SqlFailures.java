package io.vigil.store;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/** Tells a database that is away or overloaded (retry later) from a statement it rejects (retrying cannot help). */
public final class SqlFailures {
  private SqlFailures() {}

  public static boolean isTransient(SQLException e) {
    for (SQLException x = e; x != null; x = x.getNextException()) {
      if (x instanceof SQLTransientException || x instanceof SQLRecoverableException) return true;
      String state = x.getSQLState();
      if (state == null) return true; // no server verdict: the connection broke before one came
      if (state.startsWith("08") // connection exception
          || state.startsWith("53") // insufficient resources
          || state.startsWith("57") // operator intervention: shutdown, cancel (statement timeout)
          || state.startsWith("58") // system error
          || state.equals("40001") || state.equals("40P01") // serialization failure, deadlock
          || state.equals("55P03") // lock not available
          || state.startsWith("XX")) { // internal error
        return true;
      }
      if (x.getCause() instanceof IOException) return true;
    }
    return false;
  }
}
