package io.vigil.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * A network in CIDR form ({@code 10.20.0.0/16}, {@code fd00::/8}), as {@code registration.allowed_networks}
 * lists them; IPv4-mapped IPv6 addresses match IPv4 blocks. Immutable.
 */
public record Cidr(byte[] prefix, int bits) {

  /** Throws {@link IllegalArgumentException} naming the entry when it is not a network in CIDR form. */
  public static Cidr parse(String cidr) {
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
    return new Cidr(prefix, bits);
  }

  public boolean contains(InetAddress a) {
    byte[] b = a.getAddress();
    if (b.length == 16 && prefix.length == 4 && carriesIpv4(b)) b = Arrays.copyOfRange(b, 12, 16);
    if (b.length != prefix.length) return false;
    for (int i = 0; i < bits; i++) {
      int mask = 0x80 >>> (i % 8);
      if ((b[i / 8] & mask) != (prefix[i / 8] & mask)) return false;
    }
    return true;
  }

  /** ::ffff:a.b.c.d and ::a.b.c.d carry an IPv4 address that must pass the IPv4 rules. */
  public static boolean carriesIpv4(byte[] address) {
    if (address.length != 16) return false;
    for (int i = 0; i < 10; i++) if (address[i] != 0) return false;
    return (address[10] == (byte) 0xff && address[11] == (byte) 0xff) || (address[10] == 0 && address[11] == 0);
  }
}
