package dev.atmosphere.gateway;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Clock;
import java.util.Locale;

/**
 * Runs before every request of the local API and refuses, in the OpenAI error shape, what a browser page or a
 * stranger sends: a {@code Host} that is not this machine's (DNS rebinding), an {@code Origin} that was not
 * allowed (CSRF), a body that is not JSON (the "simple request" a page can send without a preflight), a missing
 * or wrong API key when keys are required, and more requests per minute than allowed (429 with
 * {@code Retry-After}). Answers CORS preflights only for configured origins.
 */
final class RequestGuard {

  private final GatewayLock lock;
  private final java.util.function.IntSupplier port;
  private final RateLimits limits;

  RequestGuard(GatewayLock lock, java.util.function.IntSupplier port, Clock clock) {
    this.lock = lock;
    this.port = port;
    this.limits = new RateLimits(lock.requestsPerMinute(), clock);
  }

  void check(Context ctx) {
    String host = hostName(ctx.header("Host"));
    if (host == null || !lock.allowedHosts().contains(host)) {
      throw new GatewayError(403, "permission_error", "Host", "host_not_allowed",
          "Host '" + (host == null ? "" : host) + "' is not allowed; add it to gateway.allowed_hosts");
    }
    String origin = ctx.header("Origin");
    if (origin != null && !sameOrigin(origin) && !lock.allowedOrigins().contains(origin)) {
      throw new GatewayError(403, "permission_error", "Origin", "origin_not_allowed",
          "Origin '" + origin + "' is not allowed; add it to gateway.cors.allowed_origins");
    }
    if (origin != null && lock.allowedOrigins().contains(origin)) {
      ctx.header("Access-Control-Allow-Origin", origin).header("Vary", "Origin");
      if (ctx.method() == HandlerType.OPTIONS) {
        ctx.header("Access-Control-Allow-Methods", "GET, POST")
            .header("Access-Control-Allow-Headers", "Authorization, Content-Type, X-Atmosphere-Constraints, "
                + "X-Atmosphere-Cache").status(204);
        return;
      }
    }
    String caller = authenticate(ctx);
    if (ctx.method() == HandlerType.POST) {
      String type = ctx.header("Content-Type");
      if (type == null || !type.toLowerCase(Locale.ROOT).split(";")[0].trim().equals("application/json")) {
        throw new GatewayError(415, "invalid_request_error", "Content-Type", "unsupported_media_type",
            "Content-Type must be application/json");
      }
    }
    long retryAfter = caller.equals("migration") ? 0 : limits.take(caller); // a model is thousands of chunk fetches
    if (retryAfter > 0) {
      ctx.header("Retry-After", Long.toString(retryAfter));
      throw new GatewayError(429, "rate_limit_error", null, "rate_limit_exceeded",
          "more than " + lock.requestsPerMinute() + " requests per minute; retry after " + retryAfter + " s");
    }
  }

  /** The caller a rate limit is kept for: the key's digest prefix when keys are used, else the node. */
  private String authenticate(Context ctx) {
    if (!lock.keysRequired() || ctx.path().equals("/health")) {
      return "node";
    }
    if (ctx.method() == HandlerType.GET && ctx.path().startsWith("/v1/atmosphere/images/")) {
      return "claim-check"; // the executing node holds no key of ours: the unguessable id in the path is the key
    }
    if (ctx.method() == HandlerType.GET && ctx.path().startsWith("/v1/atmosphere/migrations/")) {
      return "migration"; // the target node holds no key of ours: the migration's signed token is checked instead
    }
    String auth = ctx.header("Authorization");
    String key = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : null;
    if (key == null || key.isEmpty() || !lock.accepts(key)) {
      throw new GatewayError(401, "authentication_error", null, "invalid_api_key",
          key == null ? "missing API key (Authorization: Bearer <key>)" : "invalid API key");
    }
    return java.util.HexFormat.of().formatHex(GatewayLock.digest(key), 0, 8);
  }

  private boolean sameOrigin(String origin) {
    for (String host : lock.allowedHosts()) {
      String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
      if (origin.equals("http://" + h + ":" + port.getAsInt())) {
        return true;
      }
    }
    return false;
  }

  /** The host name of a Host header, lower case, without the port; null when absent or malformed. */
  static String hostName(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String h = header.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end < 0 ? null : h.substring(0, end + 1);
    }
    int colon = h.indexOf(':');
    return colon < 0 ? h : h.substring(0, colon);
  }
}
