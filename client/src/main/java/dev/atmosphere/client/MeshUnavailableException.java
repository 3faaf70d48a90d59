package dev.atmosphere.client;

/** The broker, registry or mesh topics cannot be reached; the message tells the user what to do. */
public final class MeshUnavailableException extends RuntimeException {

  public MeshUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
