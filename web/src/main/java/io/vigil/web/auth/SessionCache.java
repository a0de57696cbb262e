package io.vigil.web.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sessions and API tokens the database confirmed lately, so that signed-in users stay signed in while
 * the database is away, and sign-outs made meanwhile, to be written once it is back. Keyed by the
 * SHA-256 digest of the secret, never the secret itself.
 *
 * <p>The security trade-off: while the database is down, a credential is taken on this node's word
 * that the database confirmed it within the last {@link #GRACE} and that it has not expired. What the
 * database alone knows is not seen meanwhile: a session ended or a token revoked on another node, a
 * user deleted or demoted, a password changed elsewhere; such a credential keeps working here for the
 * rest of the outage, at most {@link #GRACE} after it was last confirmed. Nothing of the kind can be
 * done on this node during the outage, since those changes need the database. A sign-out made here
 * during the outage takes effect at once and is replayed to the database when it returns; whenever the
 * database answers, it alone decides, and a credential it refuses is dropped from the cache.
 *
 * <p>Any thread: every method holds the cache's lock briefly.
 */
final class SessionCache {
  /**
   * How long after the database last confirmed a credential it is still taken during an outage: the
   * sessions' idle timeout, so that an outage never extends a session past what an idle user gets.
   */
  static final Duration GRACE = AuthStore.SESSION_IDLE;
  /** Credentials remembered at most; the least recently used go first. 10,000 is far above the staff of a centre. */
  static final int MAX_ENTRIES = 10_000;
  /** Sign-outs kept for replay at most; beyond that the oldest are dropped (they expire on their own). */
  static final int MAX_REVOKED = 10_000;

  private record Entry(Principal principal, Instant confirmed, Instant expires) {}

  private final Map<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
      return size() > MAX_ENTRIES;
    }
  };
  private final Map<String, byte[]> revoked = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
      return size() > MAX_REVOKED;
    }
  };

  static String key(byte[] digest) {
    return Base64.getEncoder().encodeToString(digest);
  }

  /**
   * The database confirmed the credential now.
   *
   * @param expires when it ends regardless of use; null for an API token, which ends only when revoked
   */
  synchronized void confirmed(byte[] digest, Principal principal, Instant now, Instant expires) {
    entries.put(key(digest), new Entry(principal, now, expires));
  }

  /** The database does not know the credential (ended, expired, revoked): it is not taken during an outage either. */
  synchronized void refused(byte[] digest) {
    entries.remove(key(digest));
  }

  /** The principal of a credential confirmed within {@link #GRACE} and unexpired, or null. */
  synchronized Principal principal(byte[] digest, Instant now) {
    String k = key(digest);
    if (revoked.containsKey(k)) return null;
    Entry e = entries.get(k);
    if (e == null) return null;
    if (now.isAfter(e.confirmed().plus(GRACE)) || (e.expires() != null && !now.isBefore(e.expires()))) {
      entries.remove(k);
      return null;
    }
    return e.principal();
  }

  /** Signed out while the database could not be told: refused here at once, and queued for the database. */
  synchronized void revoke(byte[] digest) {
    String k = key(digest);
    entries.remove(k);
    revoked.put(k, digest.clone());
  }

  /** Whether the credential was signed out during an outage and the database has not been told yet. */
  synchronized boolean isRevoked(byte[] digest) {
    return revoked.containsKey(key(digest));
  }

  /** Sign-outs for the database, oldest first; each stays refused until {@link #replayed}. */
  synchronized List<byte[]> pendingRevocations() {
    List<byte[]> out = new ArrayList<>();
    for (byte[] d : revoked.values()) out.add(d.clone());
    return out;
  }

  synchronized void replayed(List<byte[]> digests) {
    Set<String> done = new HashSet<>();
    for (byte[] d : digests) done.add(key(d));
    revoked.keySet().removeAll(done);
  }

  synchronized int size() {
    return entries.size();
  }
}
