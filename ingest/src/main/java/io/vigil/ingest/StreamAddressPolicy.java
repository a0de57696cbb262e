package io.vigil.ingest;

import io.vigil.config.Cidr;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which addresses a camera registered at run time may stream from, so that registration cannot make
 * the server connect to itself or to cloud metadata services (SSRF). By default every unicast address
 * outside loopback, link-local, "this network" and reserved ranges is allowed, private LAN ranges
 * included: that is where cameras live. An operator may instead list the networks cameras live in;
 * then only addresses inside them are allowed, and a listed network is trusted even where the default
 * would refuse it (a test server on 127.0.0.1, a camera network on link-local addresses).
 *
 * <p>Every address a name resolves to is checked, and the caller must connect to the returned address
 * rather than resolve the name again, or a rebinding DNS server could swap it in between.
 */
public final class StreamAddressPolicy {
  private static final StreamAddressPolicy DEFAULT = new StreamAddressPolicy(List.of());

  private final List<Cidr> allowed;

  private StreamAddressPolicy(List<Cidr> allowed) {
    this.allowed = allowed;
  }

  /** The built-in rules: any unicast address that is not the server's own or link-local. */
  public static StreamAddressPolicy defaults() {
    return DEFAULT;
  }

  /**
   * Only addresses within these networks, written as CIDR ({@code 10.20.0.0/16}, {@code fd00::/8});
   * an empty list means {@link #defaults()}. Throws {@link IllegalArgumentException} naming a bad entry.
   */
  public static StreamAddressPolicy allowing(List<String> cidrs) {
    List<Cidr> networks = new ArrayList<>();
    for (String c : cidrs) networks.add(Cidr.parse(c));
    return networks.isEmpty() ? DEFAULT : new StreamAddressPolicy(List.copyOf(networks));
  }

  /**
   * Resolves the URI's host and returns the address to connect to. Blocks on DNS: call it from a
   * worker thread. The message names the rule broken, never the address or the URL.
   */
  public InetAddress check(URI uri) throws StreamCheckException {
    String host = uri.getHost();
    if (host == null) throw new StreamCheckException(StreamCheckException.UNRESOLVABLE_HOST, "the stream URL has no host");
    if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw new StreamCheckException(StreamCheckException.UNRESOLVABLE_HOST, "the stream's host name cannot be resolved");
    }
    for (InetAddress a : addresses) {
      String why = refusal(a);
      if (why != null) {
        throw new StreamCheckException(StreamCheckException.ADDRESS_NOT_ALLOWED, "the stream address is " + why);
      }
    }
    return addresses[0];
  }

  /** Why an address is refused, or null when a camera may have it. */
  public String refusal(InetAddress a) {
    if (allowed.isEmpty()) return builtInRefusal(a);
    for (Cidr n : allowed) {
      if (n.contains(a)) return null;
    }
    return "outside the networks cameras may use (registration.allowed_networks)";
  }

  private static String builtInRefusal(InetAddress a) {
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
    if (a instanceof Inet6Address && Cidr.carriesIpv4(b)) {
      return builtInRefusal(v4(Arrays.copyOfRange(b, 12, 16)));
    }
    return null;
  }

  private static InetAddress v4(byte[] b) {
    try {
      return InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("four bytes are always an IPv4 address", e);
    }
  }
}
