package dev.atmosphere.gateway;

import dev.atmosphere.client.MeshTap;
import dev.atmosphere.client.MeshView;
import dev.atmosphere.client.ReplyListener;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.FederatedQuery;
import dev.atmosphere.schemas.FederatedResult;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.serde.AvroSerdes;
import dev.atmosphere.schemas.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/** The mesh over Kafka: intents posted to {@code atmosphere.intents}, replies from the {@link MeshTap}. */
public final class KafkaMeshPort implements MeshPort {

  private final Topics topics;
  private final MeshTap tap;
  private final KafkaProducer<String, Intent> producer;
  private final KafkaProducer<String, FederatedQuery> queries;
  private final Clock clock;
  private final AvroSerdes serdes;
  private final Properties producerProps;
  private KafkaProducer<String, dev.atmosphere.schemas.RouteFeedback> feedbackProducer; // made on first feedback

  /** A port whose intents are anonymous to the router (no node key to sign them with). */
  public KafkaMeshPort(KafkaConnection connection, Topics topics, Clock clock) {
    this(connection, topics, clock, null, true, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
  }

  /**
   * A port that signs the intents it posts in {@code node}'s name, so the router trusts their origin;
   * {@code answerFromAttempts}: replies may come from the routed node's attempt before the router's result.
   */
  public KafkaMeshPort(KafkaConnection connection, Topics topics, Clock clock,
      dev.atmosphere.common.identity.NodeIdentity node, boolean answerFromAttempts,
      io.micrometer.core.instrument.MeterRegistry meters) {
    this.topics = topics;
    this.clock = clock;
    AvroSerdes serdes = connection.serdes();
    this.serdes = serdes;
    this.tap = new MeshTap(connection, topics, serdes, answerFromAttempts, meters);
    Properties p = producerProps(connection.clientProps());
    this.producerProps = p;
    this.producer = new KafkaProducer<>(p, serdes.keys().serializer(), node == null ? serdes.intent().serializer()
        : dev.atmosphere.common.identity.OriginSigned.intents(node, serdes.intent().serializer()));
    this.queries = new KafkaProducer<>(p, serdes.keys().serializer(), serdes.serde(FederatedQuery.class).serializer());
  }

  @Override
  public FederatedResult federated(FederatedQuery query, Duration timeout) {
    var result = tap.awaitFederated(query.getQueryId());
    try {
      queries.send(new ProducerRecord<>(topics.federatedQueries(), query.getQueryId(), query)).get(10, TimeUnit.SECONDS);
      return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw Gateway.timeout(timeout);
    } catch (ExecutionException e) {
      throw new GatewayError(503, "service_unavailable", null, "mesh_unavailable",
          "could not post the federated query to Kafka: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GatewayError(503, "service_unavailable", null, "interrupted", "interrupted while waiting");
    } finally {
      tap.forgetFederated(query.getQueryId());
    }
  }

  @Override
  public KafkaMeshPort start() {
    tap.start();
    return this;
  }

  @Override
  public List<CapabilityAnnouncement> capabilities() {
    Instant now = clock.instant();
    return tap.capabilities().stream().filter(c -> tap.alive(c.getNodeId(), now)).toList();
  }

  /**
   * A client waiting on a request must hear within seconds that the mesh cannot take it: with the client's defaults
   * a gateway whose broker had gone answered after 60 s (metadata wait), and a record stuck in the producer could
   * still be written up to two minutes after the client was told 503 — and run beside the SDK's retry. Here the
   * metadata wait is 5 s and the record is written within 10 s or never, before the 15 s the caller waits; an
   * operator's {@code kafka.client.*} values win.
   */
  static Properties producerProps(Properties client) {
    Properties p = new Properties();
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "10000");
    p.putAll(client);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    return p;
  }

  @Override
  public void submit(Intent intent, ReplyListener listener) {
    tap.listen(intent.getIntentId(), listener);
    try {
      ProducerRecord<String, Intent> record = new ProducerRecord<>(topics.intents(), intent.getIntentId(), intent);
      dev.atmosphere.schemas.trace.TraceHeaders.intent(record.headers(), intent.getIntentId());
      producer.send(record).get(15, TimeUnit.SECONDS); // the record's fate is known by then (producerProps)
    } catch (ExecutionException e) {
      tap.forget(intent.getIntentId());
      if (e.getCause() instanceof org.apache.kafka.common.errors.RecordTooLargeException) { // bad input, not a fault
        throw new GatewayError(413, "invalid_request_error", "messages", "request_too_large", "the request is too "
            + "large to travel as one intent (about 1 MB of text; images are sent apart): shorten the conversation");
      }
      throw new GatewayError(503, "service_unavailable", null, "mesh_unavailable",
          "could not post the request to Kafka: " + e.getMessage());
    } catch (TimeoutException e) {
      tap.forget(intent.getIntentId());
      throw new GatewayError(503, "service_unavailable", null, "mesh_unavailable",
          "could not post the request to Kafka in time");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GatewayError(503, "service_unavailable", null, "interrupted", "interrupted while posting");
    }
  }

  @Override
  public synchronized void feedback(dev.atmosphere.schemas.RouteFeedback feedback) {
    if (feedbackProducer == null) {
      feedbackProducer = new KafkaProducer<>(producerProps, serdes.keys().serializer(),
          serdes.serde(dev.atmosphere.schemas.RouteFeedback.class).serializer());
    }
    try {
      feedbackProducer.send(new ProducerRecord<>(topics.feedback(), feedback.getIntentId(), feedback))
          .get(10, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new GatewayError(503, "service_unavailable", null, "mesh_unavailable", "could not record the feedback");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GatewayError(503, "service_unavailable", null, "interrupted", "interrupted while recording feedback");
    }
  }

  @Override
  public MeshView view() {
    return tap.view();
  }

  @Override
  public void forget(String intentId) {
    tap.forget(intentId);
  }

  @Override
  public void close() {
    synchronized (this) {
      if (feedbackProducer != null) {
        feedbackProducer.close(Duration.ofSeconds(2));
      }
    }
    queries.close(Duration.ofSeconds(2));
    tap.close();
    producer.close(Duration.ofSeconds(5));
  }
}
