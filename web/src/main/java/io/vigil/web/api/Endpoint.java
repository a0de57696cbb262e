package io.vigil.web.api;

import io.vertx.core.http.HttpMethod;
import io.vigil.web.auth.Role;
import io.vigil.web.auth.Security;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One operation of the API as a client sees it: who may call it, what it takes, what it answers and
 * how it can fail. {@link ApiRoutes} registers the handler together with it, and the OpenAPI document is
 * written from the registered ones, so the document lists what is routed and nothing else.
 *
 * @param roles    empty for a public operation
 * @param request  the JSON body it reads, or null
 * @param declared failures its handler gives beyond those {@link #failures()} derives from the rest
 * @param otherwise answers besides {@code reply} that are not errors, such as the health check's 503
 */
record Endpoint(HttpMethod method, String path, Set<Role> roles, String summary, List<Param> query,
    ObjectSchema request, boolean requestRequired, Reply reply, Set<Failure> declared, List<Reply> otherwise) {

  Endpoint {
    roles = Set.copyOf(roles);
    query = List.copyOf(query);
    otherwise = List.copyOf(otherwise);
    declared = declared.isEmpty() ? EnumSet.noneOf(Failure.class) : EnumSet.copyOf(declared);
  }

  static Endpoint of(HttpMethod method, String path, Set<Role> roles, String summary, Reply reply) {
    return new Endpoint(method, path, roles, summary, List.of(), null, false, reply, Set.of(), List.of());
  }

  Endpoint query(Param... params) {
    return new Endpoint(method, path, roles, summary, List.of(params), request, requestRequired, reply, declared,
        otherwise);
  }

  /** Reads a JSON object body that must be sent. */
  Endpoint body(ObjectSchema schema) {
    return new Endpoint(method, path, roles, summary, query, schema, true, reply, declared, otherwise);
  }

  /** Reads a JSON object body that may be left out. */
  Endpoint optionalBody(ObjectSchema schema) {
    return new Endpoint(method, path, roles, summary, query, schema, false, reply, declared, otherwise);
  }

  Endpoint fails(Failure... failures) {
    Set<Failure> all = EnumSet.noneOf(Failure.class);
    all.addAll(declared);
    all.addAll(Arrays.asList(failures));
    return new Endpoint(method, path, roles, summary, query, request, requestRequired, reply, all, otherwise);
  }

  /** Another answer that is not an error, with a body of its own shape. */
  Endpoint orElse(Reply answer) {
    List<Reply> all = new ArrayList<>(otherwise);
    all.add(answer);
    return new Endpoint(method, path, roles, summary, query, request, requestRequired, reply, declared, all);
  }

  boolean isPublic() {
    return roles.isEmpty();
  }

  boolean hasBody() {
    return request != null;
  }

  String key() {
    return method.name() + " " + path;
  }

  /**
   * Every failure the operation can give: those declared, and those that follow from how it is routed
   * (credentials, roles, the anti-forgery header, a body, a path parameter).
   */
  List<Failure> failures() {
    Set<Failure> all = EnumSet.of(Failure.BAD_REQUEST, Failure.INTERNAL);
    all.addAll(declared);
    if (!isPublic()) {
      all.add(Failure.UNAUTHENTICATED);
      all.add(Failure.UNAVAILABLE);
    }
    if (!isPublic() && (!roles.containsAll(ApiRoutes.ANY_ROLE) || !Security.isSafe(method))) {
      all.add(Failure.FORBIDDEN);
    }
    if (hasBody()) {
      all.add(Failure.PAYLOAD_TOO_LARGE);
      all.add(Failure.UNSUPPORTED_MEDIA_TYPE);
    }
    if (path.contains(":")) all.add(Failure.NOT_FOUND);
    return new ArrayList<>(all);
  }
}
