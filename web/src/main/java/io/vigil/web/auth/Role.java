package io.vigil.web.auth;

import java.util.Locale;

/** What a signed-in user may do. Every API route names the roles it admits; anything else is refused. */
public enum Role {
  /** Everything, including users, tokens, the audit log and metrics. */
  ADMIN,
  /** The operations centre: watches every feed and reads every alert. */
  IOC,
  /** A site manager: watches the cameras of their sites and acknowledges and resolves their alerts. */
  MANAGER,
  /** A carrier organisation: registers and manages only its own cameras. */
  CARRIER;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role ofCode(String code) {
    for (Role r : values()) {
      if (r.code().equals(code)) return r;
    }
    throw new IllegalArgumentException("unknown role '" + code + "', expected admin, ioc, manager or carrier");
  }
}
