package dev.atmosphere.common.http;

/**
 * A backend call that did not produce a usable answer, classified the way a WorkResult reports it:
 * TIMEOUT, CONNECTION_REFUSED, HTTP_STATUS (with the status), IO, BAD_RESPONSE, INVALID_REQUEST or UNSUPPORTED.
 */
public final class HttpFailure extends RuntimeException {

  public enum Kind { TIMEOUT, CONNECTION_REFUSED, HTTP_STATUS, IO, BAD_RESPONSE, INVALID_REQUEST, UNSUPPORTED }

  private final Kind kind;
  private final Integer status;

  public HttpFailure(Kind kind, Integer status, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.status = status;
  }

  public Kind kind() {
    return kind;
  }

  /** HTTP status for HTTP_STATUS failures, else null. */
  public Integer status() {
    return status;
  }
}
