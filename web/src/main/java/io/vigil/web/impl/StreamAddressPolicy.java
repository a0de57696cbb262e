package io.vigil.web.impl;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Which stream addresses a registered camera may have, so that camera registration cannot be used to
 * make the server connect to itself or to cloud metadata services (SSRF). Private LAN ranges stay
 * allowed: that is where cameras live. Every address a name resolves to is checked; the registrar must
 * connect to one of them and not resolve the name again, or a rebinding DNS server could swap it.
 */
final class StreamAddressPolicy {
  private StreamAddressPolicy() {}

  /** Blocks on DNS: call from a worker. Throws a 422 {@link ApiError} naming the rule, never the address. */
  static InetAddress[] check(URI uri) {
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw new ApiError(422, "unresolvable_host", "the stream's host name cannot be resolved");
    }
    for (InetAddress a : addresses) {
      String why = refusal(a);
      if (why != null) throw new ApiError(422, "address_not_allowed", "the stream address is " + why);
    }
    return addresses;
  }

  /** Why an address is refused, or null when a camera may have it. */
  static String refusal(InetAddress a) {
    if (a.isAnyLocalAddress()) return "unspecified (0.0.0.0 or ::)";
    if (a.isLoopbackAddress()) return "a loopback address (this server)";
    if (a.isLinkLocalAddress()) return "link-local (where cloud metadata services live)";
    if (a.isMulticastAddress()) return "a multicast address";
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      int first = b[0] & 0xff;
      if (first == 0) return "in 0.0.0.0/8 (this network)";
      if (first >= 240) return "reserved or broadcast";
    }
    if (a instanceof Inet6Address && isMappedOrCompatibleV4(b)) {
      try {
        return refusal(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16)));
      } catch (UnknownHostException e) {
        throw new IllegalStateException(e);
      }
    }
    return null;
  }

  /** ::ffff:a.b.c.d and ::a.b.c.d carry an IPv4 address that must pass the IPv4 rules. */
  private static boolean isMappedOrCompatibleV4(byte[] b) {
    for (int i = 0; i < 10; i++) if (b[i] != 0) return false;
    return (b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0);
  }
}
