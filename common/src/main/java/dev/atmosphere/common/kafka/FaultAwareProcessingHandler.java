package dev.atmosphere.common.kafka;

import dev.atmosphere.schemas.serde.RegistryUnavailableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The processing-time twin of {@link FaultAwareDeserializationHandler}: processors that decode inside the topology
 * (intents, announcements) rethrow a registry outage, which fails the task for a retry; every other processing error
 * is dead-lettered and the stream continues.
 */
public class FaultAwareProcessingHandler extends LogAndContinueProcessingExceptionHandler {

  @Override
  public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    return RegistryUnavailableException.causedBy(exception) ? Response.fail()
        : super.handleError(context, record, exception);
  }
}
