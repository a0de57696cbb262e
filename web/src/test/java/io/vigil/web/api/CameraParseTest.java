package io.vigil.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vigil.analytics.Point;
import io.vigil.analytics.Zone;
import io.vigil.config.CameraConfig;
import io.vigil.config.StreamSource;
import io.vigil.web.ApiError;
import io.vigil.web.auth.Principal;
import io.vigil.web.auth.Role;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The registration body parser, zones included: any JSON object becomes a camera that satisfies the
 * limits, or is refused with a 400 and a message; nothing else is thrown and no password leaks.
 */
class CameraParseTest {
  private static final String SECRET = "S3nt!n3l:@/#?%";
  private static final Principal CARRIER =
      new Principal(7, "carrier", Role.CARRIER, "org-1", Set.of(), "csrf");
  private final CameraApi api = new CameraApi(null, null, null);

  @Property(tries = 1000)
  void anyBodyIsACameraWithinLimitsOrA400(@ForAll("bodies") JsonObject body) {
    try {
      CameraConfig c = api.parse(body, CARRIER, null);
      assertEquals("org-1", c.owner());
      assertTrue(c.zones().size() <= 32);
      for (Zone z : c.zones()) {
        assertTrue(z.polygon().size() >= 3 && z.polygon().size() <= 64);
        for (Point p : z.polygon()) assertTrue(p.x() >= 0 && p.x() <= 1 && p.y() >= 0 && p.y() <= 1);
      }
      assertTrue(c.detect() instanceof StreamSource.Rtsp);
    } catch (ApiError e) {
      assertEquals(400, e.status());
      assertNotNull(e.getMessage());
      assertFalse(e.getMessage().isBlank());
      assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    }
  }

  @Example
  void aWellFormedBodyIsACameraWithZonesAndAWriteOnlyPassword() {
    JsonObject body = new JsonObject().put("id", "cam-1").put("name", "Gate").put("site", "Depot")
        .put("type", "checkpoint").put("url", "rtsp://10.0.0.1/x").put("username", "op").put("password", SECRET)
        .put("zones", new JsonArray().add(new JsonObject().put("id", "lane").put("capacity", 8)
            .put("polygon", new JsonArray("[[0,0],[1,0],[1,1]]"))));
    CameraConfig c = api.parse(body, CARRIER, null);
    assertEquals(1, c.zones().size());
    assertEquals(8, c.zones().get(0).occupancy().capacity());
    assertFalse(Json.camera(c, null, true).encode().contains("S3nt"), "the password is never serialised");
  }

  @Example
  void aLocationIsReadFromItsLatAndLon() {
    // Định Hóa, Thái Nguyên.
    JsonObject body = new JsonObject().put("id", "cam-1").put("name", "Gate").put("site", "Depot")
        .put("type", "checkpoint").put("url", "rtsp://10.0.0.1/x")
        .put("location", new JsonObject().put("lat", 21.9146).put("lon", 105.6389));
    CameraConfig c = api.parse(body, CARRIER, null);
    assertEquals(21.9146, c.location().lat());
    assertEquals(105.6389, c.location().lon());
    body.put("location", new JsonObject().put("lat", 91).put("lon", 105.6389));
    ApiError e = assertThrows(ApiError.class, () -> api.parse(body, CARRIER, null));
    assertEquals(400, e.status());
    assertEquals("location.lat must be between -90.0 and 90.0", e.getMessage());
    body.put("location", new JsonObject().put("lat", 21.9146).put("lon", "east"));
    assertEquals("location.lon must be a number", assertThrows(ApiError.class, () -> api.parse(body, CARRIER, null)).getMessage());
  }

  @Provide
  Arbitrary<JsonObject> bodies() {
    Arbitrary<Object> scalar = Arbitraries.oneOf(Arbitraries.just(null), Arbitraries.of(true, false),
        Arbitraries.integers().between(-5, 100_001).map(i -> (Object) i),
        Arbitraries.of(0.0, 0.5, 1.0, -0.0, 1.0000001, Double.NaN, Double.POSITIVE_INFINITY, 1e308).map(d -> (Object) d),
        Arbitraries.strings().ofMaxLength(20).map(s -> (Object) s), Arbitraries.of("cam-1", "z", "checkpoint",
            "quarantine_site", SECRET, "rtsp://10.0.0.1/x", "rtsp://u:" + SECRET + "@10.0.0.1/").map(s -> (Object) s));
    Arbitrary<Object> point = Arbitraries.oneOf(scalar, scalar.list().ofMaxSize(3).map(l -> (Object) new JsonArray(l)),
        Arbitraries.doubles().between(-0.5, 1.5).list().ofSize(2).map(l -> (Object) new JsonArray(List.copyOf(l))));
    Arbitrary<Object> polygon = Arbitraries.oneOf(scalar, point.list().ofMaxSize(70).map(l -> (Object) new JsonArray(l)));
    Arbitrary<Object> zone = Arbitraries.oneOf(scalar, Arbitraries.maps(Arbitraries.of("id", "polygon", "capacity", "x"),
        Arbitraries.oneOf(scalar, polygon)).ofMaxSize(4).map(m -> (Object) new JsonObject(new HashMap<>(m))));
    Arbitrary<Object> zones = Arbitraries.oneOf(scalar, zone.list().ofMaxSize(35).map(l -> (Object) new JsonArray(l)));
    Arbitrary<JsonObject> base = Arbitraries.maps(Arbitraries.of("id", "name", "site", "type", "location", "url",
        "username", "password", "analyticFps", "owner", "enabled", "other"), scalar).ofMaxSize(12)
        .map(m -> new JsonObject(new HashMap<>(m)));
    Arbitrary<JsonObject> valid = Arbitraries.just(0).map(i -> new JsonObject().put("id", "cam-1").put("name", "Gate")
        .put("site", "Depot").put("type", "checkpoint").put("url", "rtsp://10.0.0.1/x").put("username", "op")
        .put("password", SECRET));
    return Arbitraries.oneOf(base, valid).flatMap(o -> zones.map(z -> {
      JsonObject copy = o.copy();
      if (!(z instanceof String s && s.isEmpty())) copy.put("zones", z);
      return copy;
    }));
  }
}
