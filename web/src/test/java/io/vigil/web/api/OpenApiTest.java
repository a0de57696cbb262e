package io.vigil.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The document as the build writes it, without a server; ApiContractIT compares it with the routes. */
class OpenApiTest {
  private static final JsonObject DOC = OpenApi.document(OpenApi.catalog());

  @Test
  void eachOperationIsCataloguedOnceWithItsOwnId() {
    Set<String> keys = new HashSet<>();
    Set<String> ids = new HashSet<>();
    for (String section : List.of("paths", "x-websockets")) {
      JsonObject paths = DOC.getJsonObject(section);
      for (String path : paths.fieldNames()) {
        for (String method : paths.getJsonObject(path).fieldNames()) {
          assertTrue(keys.add(method + " " + path), method + " " + path);
          assertTrue(ids.add(paths.getJsonObject(path).getJsonObject(method).getString("operationId")), path);
        }
      }
    }
    assertEquals(OpenApi.catalog().size(), keys.size());
  }

  @Test
  void requestBodiesRefuseFieldsTheyDoNotList() {
    for (Endpoint e : OpenApi.catalog()) {
      if (e.hasBody()) assertTrue(e.request().closed(), e.key() + " takes " + e.request().name());
    }
  }

  @Test
  void everyErrorAnswerHasTheStableShape() {
    JsonObject responses = DOC.getJsonObject("components").getJsonObject("responses");
    for (Failure f : Failure.values()) {
      assertEquals("#/components/schemas/" + Schemas.ERROR.name(), responses.getJsonObject(f.component)
          .getJsonObject("content").getJsonObject(Reply.JSON).getJsonObject("schema").getString("$ref"));
    }
  }

  @Test
  void theDocumentSaysWhereItIsServedAndUnderWhichLicence() {
    assertEquals("/", DOC.getJsonArray("servers").getJsonObject(0).getString("url"));
    assertEquals(OpenApi.LICENCE, DOC.getJsonObject("info").getJsonObject("license").getString("name"));
  }

  @Test
  void aProtectedOperationDeclaresTheRefusalsOfItsRoute() {
    JsonObject ack = new OpenApiCheck(DOC).operation(AlertApi.ACKNOWLEDGE.key()).getJsonObject("responses");
    for (int status : new int[] {200, 400, 401, 403, 404, 413, 415, 500}) {
      assertTrue(ack.containsKey(Integer.toString(status)), "acknowledge declares " + status);
    }
    JsonObject login = new OpenApiCheck(DOC).operation(AuthApi.LOGIN.key()).getJsonObject("responses");
    assertTrue(login.containsKey("429") && !login.containsKey("403"), login.fieldNames().toString());
    JsonObject live = new OpenApiCheck(DOC).operation(LiveApi.STREAM.key()).getJsonObject("responses");
    assertTrue(live.containsKey("404"), "the live events of a camera one may not see");
  }
}
