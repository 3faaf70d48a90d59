package dev.atmosphere.router;

import dev.atmosphere.common.embed.LookaheadEmbedder;
import dev.atmosphere.router.scoring.KindRules;
import dev.atmosphere.schemas.Intent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Sees every poll of the router's main consumer before Streams processes it, and hands the texts of the intents in it
 * after the first to the {@link LookaheadEmbedder}, which embeds them on its own thread while the stream thread works
 * through the records before them. Only reads: the records go on unchanged, and an intent it cannot decode (a registry outage,
 * a poison record) is left to the topology, which decodes it again and deals with it; once the registry cannot be
 * reached, the rest of that poll is left too (each record would ask it again, and hold the poll).
 */
public final class IntentLookahead implements ConsumerInterceptor<byte[], byte[]> {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(IntentLookahead.class);

  /** Consumer config keys under which {@link RouterStreamsConfig} passes the objects this needs. */
  static final String EMBEDDER = "atmosphere.lookahead.embedder";
  static final String DECODER = "atmosphere.lookahead.decoder";
  static final String TOPICS = "atmosphere.lookahead.topics";

  private LookaheadEmbedder embedder;
  private Deserializer<Intent> decoder;
  private Collection<String> topics = List.of();

  @Override
  @SuppressWarnings("unchecked")
  public void configure(Map<String, ?> configs) {
    embedder = (LookaheadEmbedder) configs.get(EMBEDDER);
    decoder = (Deserializer<Intent>) configs.get(DECODER);
    Object named = configs.get(TOPICS);
    topics = named instanceof Collection<?> c ? (Collection<String>) c : List.of();
  }

  @Override
  public ConsumerRecords<byte[], byte[]> onConsume(ConsumerRecords<byte[], byte[]> records) {
    if (embedder == null || decoder == null || records.isEmpty()) {
      return records;
    }
    List<String> texts = new ArrayList<>();
    try {
      for (String topic : topics) {
        for (ConsumerRecord<byte[], byte[]> record : records.records(topic)) {
          String text = text(topic, record);
          if (text != null) {
            texts.add(text);
          }
        }
      }
    } catch (RuntimeException e) { // the registry is unreachable: asking it again per record would stall the poll
      log.debug("intents of this poll not embedded ahead: {}", e.toString());
    }
    // the first is the stream thread's own: it reaches it at once, and handing it over only added two thread
    // switches to an intent that arrived alone (at 200 intents/s nearly every poll brings one)
    embedder.ahead(texts.size() > 1 ? texts.subList(1, texts.size()) : List.of());
    return records;
  }

  /** The text to embed ahead, or null; throws only when the schema registry cannot be reached. */
  private String text(String topic, ConsumerRecord<byte[], byte[]> record) {
    if (record.value() == null) {
      return null;
    }
    try {
      Intent intent = decoder.deserialize(topic, record.headers(), record.value());
      return intent != null && KindRules.semantic(intent.getKind()) ? intent.getText() : null;
    } catch (RuntimeException e) {
      if (dev.atmosphere.schemas.serde.RegistryUnavailableException.causedBy(e)) {
        throw e;
      }
      return null; // poison: the topology decodes it again and dead-letters it
    }
  }

  @Override
  public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
    // nothing to do
  }

  @Override
  public void close() {
    // the embedder belongs to the router service
  }
}
