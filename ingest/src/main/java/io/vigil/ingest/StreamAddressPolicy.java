package io.vigil.ingest;

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

  private final List<Network> allowed;

  private StreamAddressPolicy(List<Network> allowed) {
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
    List<Network> networks = new ArrayList<>();
    for (String c : cidrs) networks.add(Network.parse(c));
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
    for (Network n : allowed) {
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
    if (a instanceof Inet6Address && isMappedOrCompatibleV4(b)) {
      return builtInRefusal(v4(Arrays.copyOfRange(b, 12, 16)));
    }
    return null;
  }

  /** ::ffff:a.b.c.d and ::a.b.c.d carry an IPv4 address that must pass the IPv4 rules. */
  private static boolean isMappedOrCompatibleV4(byte[] b) {
    for (int i = 0; i < 10; i++) if (b[i] != 0) return false;
    return (b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0);
  }

  private static InetAddress v4(byte[] b) {
    try {
      return InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("four bytes are always an IPv4 address", e);
    }
  }

  /** A CIDR block; IPv4-mapped IPv6 addresses match IPv4 blocks. */
  private record Network(byte[] prefix, int bits) {
    static Network parse(String cidr) {
      int slash = cidr == null ? -1 : cidr.indexOf('/');
      if (slash <= 0) throw new IllegalArgumentException("'" + cidr + "' is not a network in CIDR form (10.0.0.0/8)");
      String address = cidr.substring(0, slash);
      // A literal only: a host name here would be resolved, which is exactly what must not decide this.
      if (!address.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
        throw new IllegalArgumentException("'" + cidr + "' must start with an IP address");
      }
      byte[] prefix;
      int bits;
      try {
        prefix = InetAddress.getByName(address).getAddress();
        bits = Integer.parseInt(cidr.substring(slash + 1));
      } catch (UnknownHostException | NumberFormatException e) {
        throw new IllegalArgumentException("'" + cidr + "' is not a network in CIDR form (10.0.0.0/8)");
      }
      if (bits < 0 || bits > prefix.length * 8) {
        throw new IllegalArgumentException("'" + cidr + "' has a prefix length outside 0.." + prefix.length * 8);
      }
      return new Network(prefix, bits);
    }

    boolean contains(InetAddress a) {
      byte[] b = a.getAddress();
      if (b.length == 16 && prefix.length == 4 && isMappedOrCompatibleV4(b)) b = Arrays.copyOfRange(b, 12, 16);
      if (b.length != prefix.length) return false;
      for (int i = 0; i < bits; i++) {
        int mask = 0x80 >>> (i % 8);
        if ((b[i / 8] & mask) != (prefix[i / 8] & mask)) return false;
      }
      return true;
    }
  }
}
