package io.vigil.web.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionCacheTest {
  private static final Instant T0 = Instant.parse("2026-12-08T03:00:00Z");
  private static final Principal OPERATOR = new Principal(7, "operator", Role.IOC, null, Set.of(), "csrf");
  private final SessionCache cache = new SessionCache();
  private final byte[] session = AuthStore.sha256("cookie-value");

  @Test
  void aConfirmedSessionIsTakenDuringAnOutageUntilTheGraceOrItsExpiryEnds() {
    assertNull(cache.principal(session, T0), "never confirmed: not taken");
    cache.confirmed(session, OPERATOR, T0, T0.plus(Duration.ofHours(12)));
    assertEquals(OPERATOR, cache.principal(session, T0.plus(Duration.ofMinutes(30))));
    assertEquals(OPERATOR, cache.principal(session, T0.plus(SessionCache.GRACE)));
    assertNull(cache.principal(session, T0.plus(SessionCache.GRACE).plusSeconds(1)), "confirmed too long ago");

    cache.confirmed(session, OPERATOR, T0, T0.plus(Duration.ofMinutes(10)));
    assertNull(cache.principal(session, T0.plus(Duration.ofMinutes(10))), "the session's own end is kept");
  }

  @Test
  void whatTheDatabaseRefusesIsForgotten() {
    cache.confirmed(session, OPERATOR, T0, null);
    cache.refused(session);
    assertNull(cache.principal(session, T0));
    assertEquals(0, cache.size());
  }

  @Test
  void aSignOutDuringTheOutageTakesEffectAtOnceAndIsKeptForTheDatabase() {
    byte[] other = AuthStore.sha256("other-cookie");
    cache.confirmed(session, OPERATOR, T0, null);
    cache.confirmed(other, OPERATOR, T0, null);
    cache.revoke(session);
    assertTrue(cache.isRevoked(session));
    assertNull(cache.principal(session, T0));
    // Confirming it again (a database answer from before the sign-out) does not bring it back.
    cache.confirmed(session, OPERATOR, T0, null);
    assertNull(cache.principal(session, T0));
    assertEquals(OPERATOR, cache.principal(other, T0));

    List<byte[]> pending = cache.pendingRevocations();
    assertEquals(1, pending.size());
    assertEquals(SessionCache.key(session), SessionCache.key(pending.get(0)));
    cache.replayed(pending);
    assertFalse(cache.isRevoked(session));
    assertTrue(cache.pendingRevocations().isEmpty());
  }

  @Test
  void theCacheIsBounded() {
    for (int i = 0; i <= SessionCache.MAX_ENTRIES; i++) {
      cache.confirmed(AuthStore.sha256("c" + i), OPERATOR, T0, null);
    }
    assertEquals(SessionCache.MAX_ENTRIES, cache.size());
    assertNull(cache.principal(AuthStore.sha256("c0"), T0), "the least recently used went first");
  }
}
