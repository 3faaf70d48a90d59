package dev.atmosphere.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * The schema registry could not be reached (or answered 5xx) after the client's retries: a fault of the
 * infrastructure, not of the record. Consumers must retry the record later instead of dead-lettering it — a registry
 * restart must never turn live intents, attempts and work units into DLQ entries. Still a
 * {@link SerializationException}, so code that only knows "could not decode" keeps compiling; code that decides
 * between poison and fault asks {@link #causedBy}.
 */
public final class RegistryUnavailableException extends SerializationException {

  public RegistryUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Whether {@code e} or any of its causes is a registry outage. */
  public static boolean causedBy(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RegistryUnavailableException) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
