package dev.atmosphere.router;

import dev.atmosphere.common.kafka.StreamsDefaults;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Streams properties of the router, kept apart from the topology so tests build a TopologyTestDriver from the
 * same two functions: the mesh's shared defaults (exactly-once v2, handlers, DLQ) plus a short commit interval
 * and poll, because with exactly-once a result becomes visible only at commit.
 */
public final class RouterStreamsConfig {

  private RouterStreamsConfig() {}

  public static Properties of(RouterConfig config) {
    Properties p = StreamsDefaults.of(config.connection(), config.applicationId(), config.stateDir(),
        config.topics().routerDlq(), config.topics().replicationFactor());
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(config.commitInterval().toMillis()));
    // with exactly-once a result is visible only after the commit, and the commit waits for the poll to return:
    // a short poll lets the commit follow the interval instead of the 100 ms default poll
    p.put(StreamsConfig.POLL_MS_CONFIG, Long.toString(config.pollInterval().toMillis()));
    p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), "0");
    // its transactions: StreamsDefaults.TRANSACTION_MS (5 s), which a router killed mid-transaction holds readers for
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(config.streamThreads()));
    return p;
  }

  /**
   * As {@link #of(RouterConfig)}, with the main consumer telling {@code lookahead} of the intents each poll brings
   * ({@link IntentLookahead}), decoded with {@code intents}.
   */
  public static Properties of(RouterConfig config, dev.atmosphere.common.embed.LookaheadEmbedder lookahead,
      org.apache.kafka.common.serialization.Deserializer<dev.atmosphere.schemas.Intent> intents) {
    Properties p = of(config);
    p.put(StreamsConfig.mainConsumerPrefix(org.apache.kafka.clients.consumer.ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG),
        IntentLookahead.class.getName());
    p.put(StreamsConfig.mainConsumerPrefix(IntentLookahead.EMBEDDER), lookahead);
    p.put(StreamsConfig.mainConsumerPrefix(IntentLookahead.DECODER), intents);
    p.put(StreamsConfig.mainConsumerPrefix(IntentLookahead.TOPICS),
        java.util.List.of(config.topics().intents(), config.topics().routerIntents()));
    return p;
  }
}
