package io.vigil.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vigil.client.ApiClient;
import io.vigil.client.ApiException;
import io.vigil.client.api.AccountsApi;
import io.vigil.client.api.AlertsApi;
import io.vigil.client.api.CamerasApi;
import io.vigil.client.model.Alert;
import io.vigil.client.model.AlertAction;
import io.vigil.client.model.Camera;
import io.vigil.client.model.CameraChange;
import io.vigil.client.model.CameraRequest;
import io.vigil.client.model.ErrorDetail;
import io.vigil.client.model.Location;
import io.vigil.client.model.Login;
import io.vigil.client.model.RegisteredCamera;
import io.vigil.client.model.SignedIn;
import io.vigil.client.model.Zone;
import io.vigil.ingest.testing.TestClosedPort;
import io.vigil.web.auth.Security;
import java.net.CookieManager;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Uses the platform through the Java client that the build generates from the OpenAPI document
 * (io.vigil.client, see web/pom.xml): a document that disagrees with the routes fails here, at
 * compile time or when the client reads an answer.
 */
class OpenApiClientIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static WebHarness h;

  @BeforeAll
  static void start() throws Exception {
    h = new WebHarness(true);
  }

  @AfterAll
  static void stop() throws Exception {
    if (h != null) h.close();
  }

  /**
   * A client signed in as a browser is: the session travels as the cookie signing in sets, and
   * state-changing requests carry the anti-forgery token it answered with.
   */
  private static ApiClient client(AtomicReference<String> csrf) {
    ApiClient client = new ApiClient();
    client.setHttpClientBuilder(HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(TIMEOUT));
    client.updateBaseUri(h.base());
    client.setReadTimeout(TIMEOUT);
    client.setRequestInterceptor(b -> {
      if (csrf.get() != null) b.header(Security.CSRF_HEADER, csrf.get());
    });
    return client;
  }

  @Test
  void aGeneratedClientSignsInListsCamerasAndAcknowledgesAnAlert() throws Exception {
    AtomicReference<String> csrf = new AtomicReference<>();
    ApiClient client = client(csrf);
    SignedIn me = new AccountsApi(client).postAuthLogin(new Login().username("manager1").password(WebHarness.PASSWORD));
    assertEquals(SignedIn.RoleEnum.MANAGER, me.getRole());
    assertEquals(List.of(WebHarness.SITE_A), me.getSites());
    csrf.set(me.getCsrfToken());

    List<Camera> cameras = new CamerasApi(client).getCameras(null, null).getItems();
    assertEquals(List.of("cam-a"), cameras.stream().map(Camera::getId).toList(), "a manager sees its site's cameras");
    Camera cam = cameras.get(0);
    assertEquals("corridor", cam.getZones().get(0).getId());
    assertEquals("online", cam.getStatus().getState());

    AlertsApi alerts = new AlertsApi(client);
    List<Alert> open = alerts.getAlerts("open", "cam-a", null, null, null, null, null, null).getItems();
    assertEquals(List.of(h.alertA.id()), open.stream().map(Alert::getId).toList());
    Alert acknowledged = alerts.postAlertsByIdAcknowledge(h.alertA.id().toString(), new AlertAction().note("on my way"));
    assertEquals(Alert.StateEnum.ACKNOWLEDGED, acknowledged.getState());
    assertEquals("manager1", acknowledged.getAcknowledgedBy());
    assertEquals("on my way", acknowledged.getNotes().get(0).getText());
    assertEquals("manager1", acknowledged.getNotes().get(0).getBy());
    assertEquals("acknowledged", h.services.alert(h.alertA.id()).result().state().code());
  }

  @Test
  void aCarrierRegistersAndChangesACameraThroughTheClient() throws Exception {
    AtomicReference<String> csrf = new AtomicReference<>();
    ApiClient client = client(csrf);
    csrf.set(new AccountsApi(client).postAuthLogin(new Login().username("carrier1").password(WebHarness.PASSWORD))
        .getCsrfToken());
    CamerasApi cameras = new CamerasApi(client);
    String url = TestClosedPort.rtsp("depot");
    RegisteredCamera registered = cameras.postCameras(new CameraRequest().id("client-depot").name("Depot gate")
        .site("Depot").type(CameraRequest.TypeEnum.CHECKPOINT).url(url)
        .location(new Location().lat(51.45).lon(-0.97))
        .addZonesItem(new Zone().id("gate").polygon(List.of(List.of(0.1, 0.1), List.of(0.9, 0.1), List.of(0.5, 0.9)))
            .capacity(4)));
    assertEquals(WebHarness.ORG, registered.getOwner(), "a carrier registers for its own organisation");
    assertEquals(51.45, registered.getLocation().getLat(), 1e-9);
    assertEquals(4, registered.getZones().get(0).getCapacity());

    RegisteredCamera renamed = cameras.putCamerasById("client-depot", new CameraChange().name("Depot north gate")
        .site("Depot").type(CameraChange.TypeEnum.CHECKPOINT).url(url));
    assertEquals("Depot north gate", renamed.getName());
    assertEquals("Depot north gate", h.services.cameras.get("client-depot").name());
  }

  @Test
  void errorsReachTheClientInTheStableShape() throws Exception {
    ApiClient client = client(new AtomicReference<>());
    ApiException anonymous = assertThrows(ApiException.class, () -> new CamerasApi(client).getCameras(null, null));
    assertEquals(401, anonymous.getCode());
    assertEquals("unauthenticated", error(client, anonymous).getCode());

    new AccountsApi(client).postAuthLogin(new Login().username("ioc1").password(WebHarness.PASSWORD));
    ApiException missing = assertThrows(ApiException.class,
        () -> new AlertsApi(client).getAlertsById(UUID.randomUUID().toString()));
    assertEquals(404, missing.getCode());
    assertEquals("not_found", error(client, missing).getCode());
  }

  private static ErrorDetail error(ApiClient client, ApiException e) throws Exception {
    return client.getObjectMapper().treeToValue(client.getObjectMapper().readTree(e.getResponseBody()).get("error"),
        ErrorDetail.class);
  }
}
