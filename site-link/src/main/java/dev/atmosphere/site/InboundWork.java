package dev.atmosphere.site;

import dev.atmosphere.schemas.Timings;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import dev.atmosphere.schemas.WorkUnit;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits a work unit that came from another site: once per work id (MirrorMaker 2 delivers at least once, so a
 * restarted link may deliver a unit again — it must not run twice), only for a node of this site, and only while
 * its deadline has not passed on the way (a unit held up while the link was down arrives after the other site has
 * given up on it). Whatever is not admitted goes back as a FAILED attempt naming why, so the other router can fail
 * over at once instead of waiting out its attempt timeout. Admitted units are marked as coming from the other site,
 * so their attempts and chunks go back to it.
 */
final class InboundWork implements Processor<String, WorkUnit, String, InboundWork.Out> {

  private static final Logger log = LoggerFactory.getLogger(InboundWork.class);

  /** Either an admitted unit or a refusal. */
  record Out(WorkUnit work, WorkResult refusal) {}

  private final String other;
  private final String site;
  private final Duration retention;
  private ProcessorContext<String, Out> context;
  private KeyValueStore<String, Long> seen;
  private KeyValueStore<String, ?> localCapabilities;

  InboundWork(String other, String site, Duration retention) {
    this.other = other;
    this.site = site;
    this.retention = retention;
  }

  @Override
  public void init(ProcessorContext<String, Out> context) {
    this.context = context;
    this.seen = context.getStateStore(InboundTopology.SEEN_WORK);
    this.localCapabilities = context.getStateStore(InboundTopology.LOCAL_CAPABILITIES);
    context.schedule(Duration.ofMinutes(1), PunctuationType.WALL_CLOCK_TIME, this::forget);
  }

  @Override
  public void process(Record<String, WorkUnit> record) {
    WorkUnit unit = record.value();
    if (unit == null) {
      return;
    }
    long now = context.currentSystemTimeMs();
    if (seen.get(unit.getWorkId()) != null) {
      log.info("work {} from site {} was delivered again by the mirror; it runs once", unit.getWorkId(), other);
      return;
    }
    seen.put(unit.getWorkId(), now);
    String refusal = null;
    if (unit.getDeadlineAt() != null && unit.getDeadlineAt().toEpochMilli() <= now) {
      refusal = "its deadline passed before it reached site " + site;
    } else if (!isLocalNode(unit.getNodeId())) {
      refusal = "node " + unit.getNodeId() + " is not on site " + site;
    }
    if (refusal != null) {
      context.forward(record.withValue(new Out(null, refused(unit, refusal, Instant.ofEpochMilli(now)))));
      return;
    }
    context.forward(record.withValue(new Out(WorkUnit.newBuilder(unit).setSite(null).setReplySite(other).build(),
        null)));
  }

  private boolean isLocalNode(String nodeId) {
    try (KeyValueIterator<String, ?> it = localCapabilities.prefixScan(nodeId + "|", new StringSerializer())) {
      return it.hasNext();
    }
  }

  private WorkResult refused(WorkUnit unit, String why, Instant now) {
    return WorkResult.newBuilder()
        .setIntentId(unit.getIntentId())
        .setWorkId(unit.getWorkId())
        .setStatus(WorkStatus.FAILED)
        .setErrorKind("SITE_LINK")
        .setError(why)
        .setNodeId(unit.getNodeId())
        .setCapabilityId(unit.getCapabilityId())
        .setAttempts(unit.getAttempt())
        .setTimings(Timings.newBuilder().setIntentCreatedAt(unit.getIntentCreatedAt()).setRoutedAt(unit.getRoutedAt())
            .setFinishedAt(now).build())
        .build();
  }

  private void forget(long now) {
    try (KeyValueIterator<String, Long> it = seen.all()) {
      while (it.hasNext()) {
        KeyValue<String, Long> entry = it.next();
        if (entry.value < now - retention.toMillis()) {
          seen.delete(entry.key);
        }
      }
    }
  }
}
