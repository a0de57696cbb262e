package io.vigil.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What an administrator does to users beyond creating them (disable, enable, reset a password), the
 * audit log's filters, and the viewer language each user keeps across browsers, against the real
 * routes and a real PostgreSQL.
 */
class UserAdminIT {
  private static WebHarness h;
  private static WebHarness.Session admin;

  @BeforeAll
  static void start() throws Exception {
    h = new WebHarness(true);
    admin = h.login("admin1");
  }

  @AfterAll
  static void stop() throws Exception {
    if (h != null) h.close();
  }

  private static long create(String username) throws Exception {
    HttpResponse<String> r = h.send("POST", "/api/v1/users", admin, new JsonObject().put("username", username)
        .put("password", WebHarness.PASSWORD).put("role", "ioc").encode());
    assertEquals(201, r.statusCode(), r.body());
    return new JsonObject(r.body()).getLong("id");
  }

  private static int login(String username, String password) throws Exception {
    return h.send("POST", "/api/v1/auth/login", null,
        new JsonObject().put("username", username).put("password", password).encode()).statusCode();
  }

  private static JsonObject user(String username) throws Exception {
    JsonArray all = new JsonObject(h.send("GET", "/api/v1/users", admin, null).body()).getJsonArray("items");
    for (int i = 0; i < all.size(); i++) {
      if (all.getJsonObject(i).getString("username").equals(username)) return all.getJsonObject(i);
    }
    return null;
  }

  @Test
  void aDisabledUserCannotSignInOrUseItsSessionOrTokenUntilEnabled() throws Exception {
    long id = create("night.shift");
    WebHarness.Session s = h.login("night.shift");
    String token = new JsonObject(h.send("POST", "/api/v1/tokens", s, "{\"name\":\"bot\"}").body()).getString("token");
    assertEquals(204, h.send("POST", "/api/v1/users/" + id + "/disable", admin, null).statusCode());
    assertEquals(true, user("night.shift").getBoolean("disabled"));
    assertEquals(401, h.send("GET", "/api/v1/auth/me", s, null).statusCode());
    assertEquals(401, h.send("GET", "/api/v1/auth/me", null, null, Map.of("Authorization", "Bearer " + token))
        .statusCode());
    assertEquals(401, login("night.shift", WebHarness.PASSWORD));
    assertEquals(204, h.send("POST", "/api/v1/users/" + id + "/enable", admin, null).statusCode());
    assertEquals(200, login("night.shift", WebHarness.PASSWORD));
    assertEquals(200, h.send("GET", "/api/v1/auth/me", null, null, Map.of("Authorization", "Bearer " + token))
        .statusCode());
  }

  @Test
  void anAdminCannotDisableOrDeleteItself() throws Exception {
    long self = user("admin1").getLong("id");
    HttpResponse<String> r = h.send("POST", "/api/v1/users/" + self + "/disable", admin, null);
    assertEquals(409, r.statusCode());
    assertEquals("own_account", new JsonObject(r.body()).getJsonObject("error").getString("code"));
    assertEquals(409, h.send("DELETE", "/api/v1/users/" + self, admin, null).statusCode());
    assertEquals(200, h.send("GET", "/api/v1/auth/me", admin, null).statusCode());
  }

  @Test
  void aResetPasswordReplacesTheOldOneAndEndsTheSessions() throws Exception {
    long id = create("forgetful");
    WebHarness.Session s = h.login("forgetful");
    HttpResponse<String> tooShort = h.send("POST", "/api/v1/users/" + id + "/password", admin, "{\"password\":\"short\"}");
    assertEquals(400, tooShort.statusCode());
    assertEquals(204, h.send("POST", "/api/v1/users/" + id + "/password", admin,
        "{\"password\":\"a fresh passphrase 42\"}").statusCode());
    assertEquals(401, h.send("GET", "/api/v1/auth/me", s, null).statusCode());
    assertEquals(401, login("forgetful", WebHarness.PASSWORD));
    assertEquals(200, login("forgetful", "a fresh passphrase 42"));
  }

  @Test
  void theLanguageIsKeptPerUserAndComesBackAtSignIn() throws Exception {
    create("bilingual");
    WebHarness.Session s = h.login("bilingual");
    assertNull(new JsonObject(h.send("GET", "/api/v1/auth/me", s, null).body()).getString("language"));
    assertEquals(400, h.send("PUT", "/api/v1/auth/me/language", s, "{\"language\":\"fr\"}").statusCode());
    assertEquals(204, h.send("PUT", "/api/v1/auth/me/language", s, "{\"language\":\"en\"}").statusCode());
    assertEquals("en", new JsonObject(h.send("GET", "/api/v1/auth/me", s, null).body()).getString("language"));
    HttpResponse<String> again = h.send("POST", "/api/v1/auth/login", null,
        new JsonObject().put("username", "bilingual").put("password", WebHarness.PASSWORD).encode());
    assertEquals("en", new JsonObject(again.body()).getString("language"));
    assertEquals("en", user("bilingual").getString("language"));
  }

  @Test
  void theAuditLogFiltersByActorActionAndTime() throws Exception {
    long id = create("audited");
    assertEquals(204, h.send("POST", "/api/v1/users/" + id + "/disable", admin, null).statusCode());
    JsonObject byAction = new JsonObject(h.send("GET", "/api/v1/audit?action=user_disabled&actor=ADMIN1", admin, null)
        .body());
    Set<String> actions = new TreeSet<>();
    byAction.getJsonArray("items").forEach(o -> actions.add(((JsonObject) o).getString("action")));
    assertEquals(Set.of("user_disabled"), actions);
    assertTrue(byAction.getLong("total") >= 1);
    assertEquals(0, new JsonObject(h.send("GET", "/api/v1/audit?actor=nobody", admin, null).body()).getLong("total"));
    assertEquals(0, new JsonObject(h.send("GET", "/api/v1/audit?to=2000-01-01T00:00:00Z", admin, null).body())
        .getLong("total"));
    assertEquals(400, h.send("GET", "/api/v1/audit?from=yesterday", admin, null).statusCode());
  }
}
