package io.vigil.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import io.vigil.client.ApiClient;
import io.vigil.client.api.AccountsApi;
import io.vigil.client.api.AlertsApi;
import io.vigil.client.api.CamerasApi;
import io.vigil.client.model.Alert;
import io.vigil.client.model.AlertAction;
import io.vigil.client.model.Camera;
import io.vigil.client.model.Login;
import io.vigil.client.model.SignedIn;
import io.vigil.config.VigilConfig;
import io.vigil.web.auth.Security;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.CookieManager;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole platform driven through the Java client the build generates from the OpenAPI document
 * (io.vigil.client): a replayed clip, the real analytics raising a crowd alert, the real store. The
 * client signs in, lists the cameras and acknowledges the alert.
 */
class OpenApiPlatformIT {
  private static final Path SHARED = Path.of(System.getProperty("vigil.shared", "../shared"));
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  /** Startup, the first analysed frames and the breach lasting its two seconds, on a loaded machine. */
  private static final Duration ALERT_DEADLINE = Duration.ofSeconds(120);

  @TempDir Path dir;
  private Vertx vertx;
  private Platform platform;
  private final PrintStream originalOut = System.out;

  @AfterEach
  void stop() throws Exception {
    System.setOut(originalOut);
    if (platform != null) platform.close().await(60, TimeUnit.SECONDS);
    if (vertx != null) vertx.close().await(30, TimeUnit.SECONDS);
  }

  @Test
  void theGeneratedClientSignsInListsCamerasAndAcknowledgesARealAlert() throws Exception {
    Path clip = SHARED.resolve("data/pets09-s2l1/vtest.avi");
    Path model = SHARED.resolve("models/yolox-nano/yolox_nano.onnx");
    assumeTrue(Files.isRegularFile(clip) && Files.isRegularFile(model), "the shared clip and model are not here");
    Path cfgFile = dir.resolve("cameras.yml");
    // Capacity 1 on a walkway where 3-8 people walk: an alert once the breach has lasted 2 s.
    Files.writeString(cfgFile, """
        server: {bind: 127.0.0.1, http_port: 0}
        data_dir: %s
        detector: {model: %s}
        cameras:
          - id: walkway
            name: Campus walkway
            site: Campus
            type: checkpoint
            detect: {replay: %s}
            zones:
              - {id: path, polygon: [[0, 0.2], [1, 0.2], [1, 1], [0, 1]], capacity: 1, capacity_for: 2s}
        """.formatted(dir.resolve("data"), model, clip));
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
    vertx = Vertx.vertx();
    platform = Platform.start(vertx, VigilConfig.load(cfgFile)).await(3, TimeUnit.MINUTES);
    System.setOut(originalOut);
    // Not a terminal here: the console says which 0600 file holds the first administrator's password.
    String adminPassword = FirstAdminPassword.from(console.toString(StandardCharsets.UTF_8));

    // The session travels as the cookie signing in sets; state changes carry the token it answered with.
    String[] csrf = new String[1];
    ApiClient client = new ApiClient();
    client.setHttpClientBuilder(HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(TIMEOUT));
    client.updateBaseUri("http://127.0.0.1:" + platform.httpPort());
    client.setReadTimeout(TIMEOUT);
    client.setRequestInterceptor(b -> {
      if (csrf[0] != null) b.header(Security.CSRF_HEADER, csrf[0]);
    });
    SignedIn admin = new AccountsApi(client).postAuthLogin(new Login().username("admin").password(adminPassword));
    assertEquals(SignedIn.RoleEnum.ADMIN, admin.getRole());
    csrf[0] = admin.getCsrfToken();

    List<Camera> cameras = new CamerasApi(client).getCameras(null, null).getItems();
    assertEquals(List.of("walkway"), cameras.stream().map(Camera::getId).toList());
    assertEquals(Camera.TypeEnum.CHECKPOINT, cameras.get(0).getType());

    AlertsApi alerts = new AlertsApi(client);
    Alert open = awaitOpenAlert(alerts);
    assertEquals("path", open.getZoneId());
    Alert acknowledged = alerts.postAlertsByIdAcknowledge(open.getId().toString(), new AlertAction().note("on it"));
    assertEquals(Alert.StateEnum.ACKNOWLEDGED, acknowledged.getState());
    assertEquals("admin", acknowledged.getAcknowledgedBy());
    assertEquals(Alert.StateEnum.ACKNOWLEDGED, alerts.getAlertsById(open.getId().toString()).getState());
  }

  private static Alert awaitOpenAlert(AlertsApi alerts) throws Exception {
    Instant deadline = Instant.now().plus(ALERT_DEADLINE);
    while (Instant.now().isBefore(deadline)) {
      List<Alert> open = alerts.getAlerts("open", "walkway", null, null, null, null, null, null).getItems();
      if (!open.isEmpty()) return open.get(0);
      Thread.sleep(500);
    }
    throw new AssertionError("no alert within " + ALERT_DEADLINE);
  }
}
