package dev.atmosphere.router.topology;

import dev.atmosphere.router.TrustPolicy;
import dev.atmosphere.schemas.serde.GenericWireReader;
import dev.atmosphere.schemas.serde.RegistryUnavailableException;
import dev.atmosphere.schemas.sign.Signatures;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits a capability announcement or heartbeat into the gradient table only if it is signed by the key its node
 * id is bound to (self-certifying ids: trust on first use by construction), passes the trust policy (allow-list,
 * join code), is not oversized, carries usable numbers ({@link RecordSanity}), matches its record key, and carries a newer sequence than the last one accepted
 * for that key. Everything else goes to the router DLQ with the reason and is counted. Verified records pass on as
 * the original bytes; a verified withdrawal becomes a tombstone; bare tombstones are ignored (unauthenticated).
 */
final class AnnouncementVerifier implements Processor<String, byte[], String, Verified> {

  private static final Logger log = LoggerFactory.getLogger(AnnouncementVerifier.class);

  private final String storeName;
  private final boolean capabilities;
  private final TrustPolicy trust;
  private final GenericWireReader reader;
  private ProcessorContext<String, Verified> context;
  private KeyValueStore<String, Long> sequences;
  private Sensor rejected;

  private final java.time.Duration forgetAfter;

  /** @param forgetAfter a node silent this long is tombstoned on the verified topic ({@link SilentNodes}) */
  AnnouncementVerifier(String storeName, boolean capabilities, TrustPolicy trust, GenericWireReader reader,
      java.time.Duration forgetAfter) {
    this.storeName = storeName;
    this.capabilities = capabilities;
    this.trust = trust;
    this.reader = reader;
    this.forgetAfter = forgetAfter;
  }

  @Override
  public void init(ProcessorContext<String, Verified> context) {
    this.context = context;
    this.sequences = context.getStateStore(storeName);
    this.rejected = context.metrics().addRateTotalSensor("atmosphere-verifier", storeName, "rejected-announcements",
        org.apache.kafka.common.metrics.Sensor.RecordingLevel.INFO);
    if (context.taskId().partition() == 0) { // one task per router application sweeps, hourly (forgetAfter ≥ 1h)
      context.schedule(java.time.Duration.ofHours(1), org.apache.kafka.streams.processor.PunctuationType.WALL_CLOCK_TIME,
          this::forgetSilent);
    }
  }

  private void forgetSilent(long nowMs) {
    java.time.Instant cutoff = java.time.Instant.ofEpochMilli(nowMs).minus(forgetAfter);
    org.apache.kafka.streams.state.ReadOnlyKeyValueStore<String, dev.atmosphere.schemas.NodeStatus> nodes =
        context.getStateStore(RouterTopology.NODE_STORE);
    List<String> silent = capabilities
        ? SilentNodes.capabilities(context.getStateStore(RouterTopology.CAPABILITY_STORE), nodes, cutoff)
        : SilentNodes.heartbeats(nodes, cutoff);
    if (!silent.isEmpty()) {
      log.info("forgetting {} {} of nodes silent for over {}", silent.size(), capabilities ? "announcements"
          : "heartbeats", forgetAfter);
    }
    silent.forEach(key -> context.forward(new Record<>(key, Verified.withdrawal(), nowMs)));
  }

  @Override
  public void process(Record<String, byte[]> record) {
    if (record.value() == null) {
      return; // compaction's tombstone after a signed withdrawal; only the withdrawal itself is trusted
    }
    String problem = admit(record);
    if (problem != null) {
      rejected.record();
      log.warn("rejected announcement with key {}: {}", record.key(), problem);
      Headers headers = new RecordHeaders(record.headers().toArray());
      headers.add("__streams.errors.exception", "dev.atmosphere.router.RejectedAnnouncement".getBytes(StandardCharsets.UTF_8));
      headers.add("__streams.errors.message", problem.getBytes(StandardCharsets.UTF_8));
      context.recordMetadata().ifPresent(m -> {
        headers.add("__streams.errors.topic", m.topic().getBytes(StandardCharsets.UTF_8));
        headers.add("__streams.errors.offset", Long.toString(m.offset()).getBytes(StandardCharsets.UTF_8));
      });
      context.forward(record.withHeaders(headers).withValue(Verified.rejected(record.value())));
    }
  }

  /** Forwards the record and returns null when it is admitted; otherwise returns why not. */
  private String admit(Record<String, byte[]> record) {
    if (record.value().length > trust.maxRecordBytes()) {
      return "oversized: " + record.value().length + " bytes > " + trust.maxRecordBytes();
    }
    GenericRecord r;
    try {
      r = reader.read(context.recordMetadata().map(m -> m.topic()).orElse("announcements"), record.value());
    } catch (RuntimeException e) {
      if (RegistryUnavailableException.causedBy(e)) {
        throw e; // a fault, not a forged record: retried, never dead-lettered
      }
      return "undecodable: " + e.getMessage();
    }
    String nodeId = String.valueOf(r.get("nodeId"));
    String expectedKey = capabilities ? nodeId + "|" + r.get("capabilityId") : nodeId;
    if (!expectedKey.equals(record.key())) {
      return "record key " + record.key() + " does not match its content (" + expectedKey + ")";
    }
    byte[] publicKey = Signatures.bytes((ByteBuffer) r.get("publicKey"));
    byte[] signature = Signatures.bytes((ByteBuffer) r.get("signature"));
    if (publicKey == null || signature == null) {
      return "unsigned";
    }
    if (!Signatures.ownedBy(nodeId, publicKey)) {
      return "forged: node id " + nodeId + " is not bound to the signing key " + Signatures.fingerprint(publicKey);
    }
    String untrusted = trust.check(nodeId, publicKey, Signatures.bytes((ByteBuffer) r.get("joinProof")));
    if (untrusted != null) {
      return untrusted;
    }
    if (!Signatures.verify(publicKey, Signatures.canonical(r), signature)) {
      return "bad signature (tampered or forged)";
    }
    String unusable = RecordSanity.problem(r, capabilities);
    if (unusable != null) {
      return "unusable: " + unusable;
    }
    long sequence = (Long) r.get("sequence");
    Long last = sequences.get(record.key());
    if (last != null && sequence <= last) {
      return "replayed: sequence " + sequence + " is not newer than " + last;
    }
    sequences.put(record.key(), sequence);
    boolean withdrawn = capabilities && Boolean.TRUE.equals(r.get("withdrawn"));
    context.forward(record.withValue(withdrawn ? Verified.withdrawal() : Verified.accepted(record.value())));
    return null;
  }
}
