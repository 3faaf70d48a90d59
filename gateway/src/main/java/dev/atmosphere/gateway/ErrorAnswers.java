package dev.atmosphere.gateway;

import io.javalin.http.HttpResponseException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error the gateway answers, in OpenAI's {@code {"error": {...}}} shape, whoever raised it: the handlers'
 * {@link GatewayError}s, Javalin's own refusals (a body over {@code gateway.max_body_bytes} was a plain-text 413
 * that OpenAI clients could not parse), unknown routes and methods ({@link UnknownRoute}), and anything unexpected
 * (a 500 naming only the exception's class, so no request data or secret reaches the client).
 */
final class ErrorAnswers {

  private static final Logger log = LoggerFactory.getLogger(ErrorAnswers.class);

  private static final String TOO_LARGE = "the request body is larger than this gateway takes";

  private ErrorAnswers() {}

  static void register(io.javalin.config.RoutesConfig config, List<String> routes, long maxBodyBytes) {
    config.error(404, ctx -> UnknownRoute.answer(ctx, routes)); // routes' own 404s are kept
    config.exception(GatewayError.class, (e, ctx) -> {
      if (e.status() == 429 && ctx.res().getHeader("Retry-After") == null) {
        ctx.header("Retry-After", "1"); // OpenAI's SDKs wait as told before they retry a 429
      }
      Gateway.json(ctx, e.status(), OpenAiResponses.error(e));
    });
    config.exception(HttpResponseException.class, (e, ctx) -> {
      if (e.getStatus() == 404) { // Javalin's "endpoint not found": maybe only the method is wrong
        UnknownRoute.answer(ctx, routes);
        return;
      }
      Gateway.json(ctx, e.getStatus(), OpenAiResponses.error(e.getStatus() == 413
            ? new GatewayError(413, "invalid_request_error", null, "request_too_large",
                TOO_LARGE + " (" + maxBodyBytes + " bytes, gateway.max_body_bytes)")
            : new GatewayError(e.getStatus(), "invalid_request_error", null, null, e.getMessage())));
    });
    config.exception(Exception.class, (e, ctx) -> {
      log.error("gateway request {} failed", ctx.path(), e);
      Gateway.json(ctx, 500, OpenAiResponses.error(new GatewayError(500, "server_error", null, null,
          "internal error: " + e.getClass().getSimpleName())));
    });
  }
}
