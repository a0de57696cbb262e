package io.vigil.config;

import java.util.List;

/**
 * How cameras registered at run time through the API are checked.
 *
 * @param allowedNetworks CIDR blocks the streams must come from; empty for the built-in rules (any
 *                        unicast address except loopback, link-local, multicast and reserved ones)
 */
public record RegistrationSettings(List<String> allowedNetworks) {
  public static final RegistrationSettings DEFAULT = new RegistrationSettings(List.of());

  /** Throws {@link IllegalArgumentException} naming an entry that is not a CIDR block. */
  public RegistrationSettings {
    allowedNetworks = List.copyOf(allowedNetworks);
    allowedNetworks.forEach(Cidr::parse);
  }
}
