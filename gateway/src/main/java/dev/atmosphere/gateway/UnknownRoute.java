package dev.atmosphere.gateway;

import io.javalin.http.Context;
import java.util.List;

/**
 * What a request for no route gets, in the shape OpenAI clients parse: a 405 naming the methods the path takes when
 * only the method is wrong (a GET of {@code /v1/chat/completions} was told the endpoint did not exist), else a 404.
 * A route's own 404 (a model that is not there) already has a JSON body and is left alone.
 */
final class UnknownRoute {

  private UnknownRoute() {}

  /** @param routes every registered handler as "METHOD path" */
  static void answer(Context ctx, List<String> routes) {
    String answered = ctx.res().getContentType(); // the response's: a route's own 404 has already been written
    if (answered != null && answered.startsWith("application/json")) {
      return;
    }
    List<String> allowed = routes.stream().filter(r -> r.endsWith(" " + ctx.path()) && !r.startsWith("OPTIONS"))
        .map(r -> r.substring(0, r.indexOf(' '))).toList();
    if (!allowed.isEmpty()) {
      ctx.header("Allow", String.join(", ", allowed));
      Gateway.json(ctx, 405, OpenAiResponses.error(new GatewayError(405, "invalid_request_error", null,
          "method_not_allowed", ctx.path() + " takes " + String.join(" or ", allowed) + ", not " + ctx.method())));
      return;
    }
    Gateway.json(ctx, 404, OpenAiResponses.error(new GatewayError(404, "not_found", null, null,
        "no such endpoint: " + ctx.method() + " " + ctx.path())));
  }
}
