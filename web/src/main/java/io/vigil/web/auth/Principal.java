package io.vigil.web.auth;

import io.vigil.config.CameraConfig;
import java.util.Set;

/**
 * Who is making a request.
 *
 * @param organisation the carrier organisation, null for other roles
 * @param sites        the sites a manager handles
 * @param csrfToken    the session's anti-forgery token; null when authenticated by an API token,
 *                     which a browser never sends on its own
 */
public record Principal(long userId, String username, Role role, String organisation, Set<String> sites, String csrfToken) {
  public Principal {
    sites = Set.copyOf(sites);
  }

  /** Whether this user may see the camera, its frames, counts and alerts. */
  public boolean sees(CameraConfig c) {
    switch (role) {
      case ADMIN:
      case IOC:
        return true;
      case MANAGER:
        return sites.contains(c.site());
      case CARRIER:
        return organisation.equals(c.owner());
      default:
        throw new AssertionError(role);
    }
  }

  /** Whether this user may acknowledge and resolve the camera's alerts. */
  public boolean handlesAlertsOf(CameraConfig c) {
    return role == Role.ADMIN || (role == Role.MANAGER && sites.contains(c.site()));
  }

  /** Whether this user may change or delete the camera. */
  public boolean manages(CameraConfig c) {
    return role == Role.ADMIN || (role == Role.CARRIER && organisation.equals(c.owner()));
  }
}
