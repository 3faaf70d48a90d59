package dev.atmosphere.common.kafka;

import dev.atmosphere.schemas.serde.RegistryUnavailableException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes a record a reader already holds, waiting out a schema registry it cannot reach (a stack restarting, a
 * network blip) for as long as the reader still wants the record, instead of skipping it or giving up after the
 * registry client's own retries: a reply that exists must reach whoever waits for it — the CLI waiting for an
 * answer while the stack restarts, the gateway's tap with HTTP callers behind it. A record that cannot be decoded
 * for any other reason fails at once, as before.
 */
public final class PatientDecoder {

  private static final Logger log = LoggerFactory.getLogger(PatientDecoder.class);
  private static final Duration PAUSE = Duration.ofMillis(500);

  private PatientDecoder() {}

  /**
   * @param keepTrying asked after each failed try while the registry is out; false ends the wait and the registry
   *     fault is thrown
   */
  public static <T> T decode(Deserializer<T> deserializer, String topic, byte[] value, BooleanSupplier keepTrying) {
    boolean logged = false;
    while (true) {
      try {
        return deserializer.deserialize(topic, value);
      } catch (SerializationException e) {
        if (!RegistryUnavailableException.causedBy(e) || !keepTrying.getAsBoolean()) {
          throw e;
        }
        if (!logged) {
          log.warn("a record of {} waits for the schema registry, which cannot be reached: {}", topic, e.getMessage());
          logged = true;
        }
        pause();
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(PAUSE.toMillis()); // a back-off between tries, not a wait for an event
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryUnavailableException("interrupted while waiting for the schema registry", e);
    }
  }
}
