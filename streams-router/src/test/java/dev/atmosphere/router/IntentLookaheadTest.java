package dev.atmosphere.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.common.embed.LookaheadEmbedder;
import dev.atmosphere.common.config.Settings;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.serde.AvroSerdes;
import dev.atmosphere.schemas.serde.InMemorySchemaRegistryClient;
import dev.atmosphere.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** The main consumer's interceptor hands the lookahead the texts the router will embed, and passes every record on. */
class IntentLookaheadTest {

  private final Topics topics = Topics.defaults();
  private final AvroSerdes serdes = new AvroSerdes(new InMemorySchemaRegistryClient());
  private final Set<String> embedded = ConcurrentHashMap.newKeySet();
  private final Embedder model = new Embedder() {
    @Override
    public String modelId() {
      return "test";
    }

    @Override
    public int dimension() {
      return 1;
    }

    @Override
    public float[] embed(String text) {
      embedded.add(text + " @" + Thread.currentThread().getName());
      return new float[] {1};
    }
  };

  private byte[] intent(String id, IntentKind kind, String text) {
    return serdes.intent().serializer().serialize(topics.intents(), Intent.newBuilder().setIntentId(id).setKind(kind)
        .setText(text).setConstraints(dev.atmosphere.schemas.IntentConstraints.newBuilder().build())
        .setCreatedAt(Instant.EPOCH).build());
  }

  @Test
  void shouldHandTheLookaheadTheTextsOfTheSemanticIntentsAPollBroughtAndPassEveryRecordOn() {
    RouterConfig config = RouterConfig.from(Settings.of(Map.of("router.state.dir", "/tmp/unused")));
    try (LookaheadEmbedder lookahead = new LookaheadEmbedder(model)) {
      Properties props = RouterStreamsConfig.of(config, lookahead, serdes.intent().deserializer());
      Map<String, Object> consumerConfigs = new StreamsConfig(props).getMainConsumerConfigs("g", "c", 0);
      assertThat(consumerConfigs.get("interceptor.classes")).isEqualTo(IntentLookahead.class.getName());
      IntentLookahead interceptor = new IntentLookahead();
      interceptor.configure(consumerConfigs);
      TopicPartition intents = new TopicPartition(topics.intents(), 0);
      TopicPartition routerIntents = new TopicPartition(topics.routerIntents(), 1);
      TopicPartition attempts = new TopicPartition(topics.attempts(), 0);
      ConsumerRecords<byte[], byte[]> polled = new ConsumerRecords<>(Map.of(
          intents, List.of(new ConsumerRecord<>(intents.topic(), 0, 0, null, intent("a", IntentKind.CHAT,
                  "summarise this contract")),
              new ConsumerRecord<>(intents.topic(), 0, 1, null, new byte[] {0, 0, 0, 0, 9, 1}), // poison
              new ConsumerRecord<>(intents.topic(), 0, 2, null, intent("b", IntentKind.EMBED, "embed me, no routing")),
              new ConsumerRecord<>(intents.topic(), 0, 3, null, (byte[]) null)),
          routerIntents, List.of(new ConsumerRecord<>(routerIntents.topic(), 1, 0, null, intent("c", IntentKind.RAG,
              "what does clause 4 say"))),
          attempts, List.of(new ConsumerRecord<>(attempts.topic(), 0, 0, null, intent("d", IntentKind.CHAT,
              "not an intents topic")))), Map.of());

      ConsumerRecords<byte[], byte[]> passed = interceptor.onConsume(polled);

      assertThat(passed).isSameAs(polled);
      await().atMost(Duration.ofSeconds(10)).until(() -> embedded.size() == 1);
      assertThat(embedded).containsExactly("what does clause 4 say @embedding-lookahead"); // the first is its own
      assertThat(lookahead.aheadCount()).isOne();
    }
  }

  @Test
  void shouldLeaveAnIntentThatCameAloneToTheStreamThread() {
    try (LookaheadEmbedder lookahead = new LookaheadEmbedder(model)) {
      IntentLookahead interceptor = new IntentLookahead();
      interceptor.configure(Map.of(IntentLookahead.EMBEDDER, lookahead, IntentLookahead.DECODER,
          serdes.intent().deserializer(), IntentLookahead.TOPICS, List.of(topics.intents())));
      TopicPartition intents = new TopicPartition(topics.intents(), 0);
      ConsumerRecords<byte[], byte[]> alone = new ConsumerRecords<>(Map.of(intents, List.of(new ConsumerRecord<>(
          intents.topic(), 0, 0, null, intent("a", IntentKind.CHAT, "summarise this contract")))), Map.of());

      assertThat(interceptor.onConsume(alone)).isSameAs(alone);
      assertThat(lookahead.aheadCount()).isZero();
      assertThat(lookahead.embed("summarise this contract")).containsExactly(1f);
      assertThat(embedded).containsExactly("summarise this contract @" + Thread.currentThread().getName());
    }
  }

  @Test
  void shouldStopAskingTheRegistryForTheRestOfAPollOnceItCannotBeReached() {
    java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
    org.apache.kafka.common.serialization.Deserializer<Intent> down = (topic, bytes) -> {
      asked.incrementAndGet();
      throw new dev.atmosphere.schemas.serde.RegistryUnavailableException("registry down",
          new java.net.ConnectException("refused"));
    };
    try (LookaheadEmbedder lookahead = new LookaheadEmbedder(model)) {
      IntentLookahead interceptor = new IntentLookahead();
      interceptor.configure(Map.of(IntentLookahead.EMBEDDER, lookahead, IntentLookahead.DECODER, down,
          IntentLookahead.TOPICS, List.of(topics.intents())));
      TopicPartition intents = new TopicPartition(topics.intents(), 0);
      List<ConsumerRecord<byte[], byte[]>> three = java.util.stream.IntStream.range(0, 3).mapToObj(i ->
          new ConsumerRecord<>(intents.topic(), 0, i, (byte[]) null, intent("i" + i, IntentKind.CHAT, "q" + i))).toList();
      ConsumerRecords<byte[], byte[]> polled = new ConsumerRecords<>(Map.of(intents, three), Map.of());

      assertThat(interceptor.onConsume(polled)).isSameAs(polled);
      assertThat(asked).hasValue(1);
      assertThat(lookahead.aheadCount()).isZero();
    }
  }

  @Test
  void shouldLeaveTheConsumerAloneWhenTheLookaheadIsOff() {
    RouterConfig config = RouterConfig.from(Settings.of(Map.of("router.state.dir", "/tmp/unused",
        "router.embedding.lookahead", "false")));

    assertThat(config.embeddingLookahead()).isFalse();
    assertThat(new StreamsConfig(RouterStreamsConfig.of(config)).getMainConsumerConfigs("g", "c", 0))
        .doesNotContainKey("interceptor.classes");
  }
}
