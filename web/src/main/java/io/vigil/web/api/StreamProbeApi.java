package io.vigil.web.api;

import static io.vertx.core.http.HttpMethod.POST;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vigil.config.Credentials;
import io.vigil.config.StreamSource;
import io.vigil.config.StreamUrls;
import io.vigil.ingest.StreamCheckException;
import io.vigil.web.ApiError;
import io.vigil.web.WebBindings;
import io.vigil.web.auth.Principal;
import java.net.URI;
import java.util.List;

/**
 * Probing a camera's stream before registering it: the registration form shows the carrier the codec,
 * size, frame rate and keyframe interval it measured, and only then offers to save. Nothing is stored.
 * The same roles and the same address check as registration, so that the probe is no way round either.
 * Event-loop thread; the probe itself runs on a worker (see {@link io.vigil.web.CameraRegistrar#probe}).
 */
final class StreamProbeApi {
  /** The field a refused stream is reported on: the address, the credentials and the stream are one check. */
  static final String STREAM_FIELD = "url";

  static final Endpoint PROBE = Endpoint.of(POST, "/api/v1/cameras/probe", CameraApi.MANAGERS_OF_CAMERAS,
      "Probe a stream without registering anything: the same address check as registration, then the measured "
          + "codec, width, height, fps and keyframeInterval; a 422 says why the stream was refused",
      Reply.json("What the probe measured", Schemas.STREAM)).body(Schemas.STREAM_PROBE_REQUEST)
      .fails(Failure.UNPROCESSABLE);
  static final List<Endpoint> ENDPOINTS = List.of(PROBE);

  private final WebBindings b;

  StreamProbeApi(WebBindings bindings) {
    this.b = bindings;
  }

  void register(ApiRoutes api) {
    api.route(PROBE, this::probe);
  }

  private void probe(RoutingContext ctx, Principal p) {
    JsonObject o = Input.object(ctx.body().buffer());
    Input.onlyFields(o, Schemas.STREAM_PROBE_REQUEST.fieldNames());
    StreamSource.Rtsp source = source(o);
    b.registrar().probe(source)
        .onSuccess(info -> ctx.json(Json.stream(info)))
        .onFailure(e -> ctx.fail(onStreamField(e)));
  }

  /** The stream of a registration or probe body: url, and username and password when the camera asks for them. */
  static StreamSource.Rtsp source(JsonObject o) {
    URI uri = rtsp(Input.text(o, "url", Schemas.URL_MAX, true, false));
    String username = Input.text(o, "username", Schemas.TEXT_MAX, false, false);
    Object pw = o.getValue("password");
    if (pw != null && (!(pw instanceof String) || ((String) pw).length() > Schemas.TEXT_MAX || ((String) pw).isEmpty())) {
      throw ApiError.invalid("password", "password must be a string of 1 to " + Schemas.TEXT_MAX + " characters");
    }
    if (pw != null && username == null) throw ApiError.invalid("username", "password needs a username");
    Credentials credentials = username == null ? Credentials.none() : Credentials.literal(username, (String) pw);
    return new StreamSource.Rtsp(uri, credentials);
  }

  /** A refused stream as a 422 on the url field, so that the form shows the reason next to the address. */
  static Throwable onStreamField(Throwable e) {
    if (e instanceof StreamCheckException s) return new ApiError(422, s.code(), s.getMessage(), STREAM_FIELD);
    return e;
  }

  private static URI rtsp(String url) {
    try {
      return StreamUrls.rtsp(url);
    } catch (IllegalArgumentException e) {
      throw ApiError.invalid("url", "url " + e.getMessage());
    }
  }
}
