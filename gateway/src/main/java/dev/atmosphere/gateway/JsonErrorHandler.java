package dev.atmosphere.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * What Jetty answers itself, before a request reaches a route (an illegal character in a header, a malformed URI, an
 * ambiguous path), in the OpenAI error shape clients parse — not Jetty's HTML page. Found by {@code GatewayFuzzTest}.
 */
final class JsonErrorHandler extends ErrorHandler {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
      Callback callback) throws IOException {
    String reason = message == null || message.isBlank() ? "the HTTP request is malformed" : message;
    byte[] body = JSON.writeValueAsBytes(Map.of("error", Map.of("message", reason, "type",
        code >= 500 ? "server_error" : "invalid_request_error", "code", "http_" + code)));
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(true, ByteBuffer.wrap(body), callback);
  }
}
