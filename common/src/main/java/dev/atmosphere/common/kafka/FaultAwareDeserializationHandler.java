package dev.atmosphere.common.kafka;

import dev.atmosphere.schemas.serde.RegistryUnavailableException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Poison goes to the DLQ, faults do not: a record that cannot be decoded because it is malformed is dead-lettered
 * (Kafka's built-in DLQ, reason in headers) and the stream moves on; a record that cannot be decoded because the
 * schema registry is down fails the task instead, so nothing is committed past it — the stream thread is replaced
 * and the record is read again once the registry answers.
 */
public class FaultAwareDeserializationHandler extends LogAndContinueExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(FaultAwareDeserializationHandler.class);

  @Override
  public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    if (RegistryUnavailableException.causedBy(exception)) {
      log.warn("schema registry unavailable while decoding {}-{}@{}: retrying, not dead-lettering ({})",
          record.topic(), record.partition(), record.offset(), exception.getMessage());
      return Response.fail();
    }
    return super.handleError(context, record, exception);
  }
}
