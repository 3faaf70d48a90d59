package dev.atmosphere.client;

import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.schemas.BudgetLedger;
import dev.atmosphere.schemas.FederatedQuery;
import dev.atmosphere.schemas.FederatedResult;
import dev.atmosphere.schemas.serde.AvroSerdes;
import dev.atmosphere.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Posts federated queries and reads their results; reads the router's ε ledger from its changelog (read-only: the
 * ledger is written by the router alone). Used by {@code atmosphere federated} and {@code atmosphere budget}.
 */
public final class FederatedClient implements AutoCloseable {

  /** The router's ledger changelog: {@code <application id>-federated-budget-changelog}. */
  public static String ledgerTopic(String routerApplicationId) {
    return routerApplicationId + "-federated-budget-changelog";
  }

  private final KafkaConnection connection;
  private final Topics topics;
  private final AvroSerdes serdes;
  private final KafkaProducer<String, FederatedQuery> producer;

  public FederatedClient(KafkaConnection connection, Topics topics) {
    this.connection = connection;
    this.topics = topics;
    this.serdes = connection.serdes();
    this.producer = new KafkaProducer<>(MeshClient.producerProps(connection), serdes.keys().serializer(),
        serdes.serde(FederatedQuery.class).serializer());
  }

  /** Posts {@code query} and waits for its result; empty when none arrived within {@code timeout}. */
  public Optional<FederatedResult> ask(FederatedQuery query, Duration timeout) {
    try (KafkaConsumer<String, byte[]> consumer = consumer()) {
      List<TopicPartition> parts = MeshClient.partitions(consumer, topics.federatedResults());
      consumer.assign(parts);
      consumer.seekToEnd(parts);
      parts.forEach(consumer::position);
      producer.send(new ProducerRecord<>(topics.federatedQueries(), query.getQueryId(), query)).get(30, TimeUnit.SECONDS);
      return Replies.first(consumer, query.getQueryId(), serdes.serde(FederatedResult.class).deserializer(),
          Instant.now().plus(timeout));
    } catch (ExecutionException | TimeoutException e) {
      throw new MeshUnavailableException("could not post the query to " + topics.federatedQueries() + ": "
          + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** The latest ledger of every node, read from the router's changelog to its end. */
  public Map<String, BudgetLedger> ledgers(String routerApplicationId, Duration timeout) {
    Map<String, BudgetLedger> out = new TreeMap<>();
    try (KafkaConsumer<String, byte[]> consumer = consumer()) {
      String topic = ledgerTopic(routerApplicationId);
      if (!consumer.listTopics(timeout).containsKey(topic)) {
        return out; // no federated query has run yet
      }
      List<TopicPartition> parts = MeshClient.partitions(consumer, topic);
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      var ledgers = serdes.serde(BudgetLedger.class).deserializer();
      Instant deadline = Instant.now().plus(timeout);
      while (Instant.now().isBefore(deadline) && parts.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          if (r.value() == null) {
            out.remove(r.key());
          } else {
            out.put(r.key(), Replies.decode(ledgers, r, deadline));
          }
        }
      }
    }
    return out;
  }

  private KafkaConsumer<String, byte[]> consumer() {
    return MeshClient.tailConsumer(connection);
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
