package dev.atmosphere.gateway;

/** A request the gateway answers with an OpenAI-style error object and an HTTP status. */
public final class GatewayError extends RuntimeException {

  private final int status;
  private final String type;
  private final String param;
  private final String code;

  public GatewayError(int status, String type, String param, String code, String message) {
    super(message);
    this.status = status;
    this.type = type;
    this.param = param;
    this.code = code;
  }

  public static GatewayError badRequest(String param, String message) {
    return new GatewayError(400, "invalid_request_error", param, null, message);
  }

  public int status() {
    return status;
  }

  public String type() {
    return type;
  }

  public String param() {
    return param;
  }

  public String code() {
    return code;
  }
}
