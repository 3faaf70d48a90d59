package dev.atmosphere.schemas.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates topics and then waits until every partition answers a list-offsets request. Producing right after
 * {@code createTopics} loses whole batches on fresh multi-partition topics (KAFKA-15591, fixed in 4.5), so every
 * code path that creates topics goes through here.
 */
public final class TopicProvisioner {

  private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

  private final Admin admin;
  private final short replicationFactor;
  private final Duration timeout;

  public TopicProvisioner(Admin admin, Topics topics, Duration timeout) {
    this.admin = admin;
    this.replicationFactor = topics.replicationFactor();
    this.timeout = timeout;
  }

  /** Creates what is missing (existing topics are left as they are) and waits until all are ready. */
  public void ensure(Collection<TopicSpec> specs) {
    try {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing = new ArrayList<>();
      for (TopicSpec spec : specs) {
        if (!existing.contains(spec.name())) {
          missing.add(new NewTopic(spec.name(), spec.partitions(), replicationFactor).configs(spec.configs()));
        }
      }
      Set<String> notOurs = missing.isEmpty() ? Set.of() : createIgnoringRaces(missing);
      if (missing.size() > notOurs.size()) {
        log.info("created topics {}", missing.stream().map(NewTopic::name).filter(n -> !notOurs.contains(n)).toList());
      }
      awaitReady(specs.stream().map(TopicSpec::name).filter(n -> !notOurs.contains(n)).toList());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (ExecutionException e) {
      throw failure(e.getCause());
    }
  }

  /**
   * Why topics could not be made, in words a person can act on: a refused login (a joining machine whose join code
   * is not the sharing machine's) said only "could not create topics: Authentication failed during authentication".
   */
  static IllegalStateException failure(Throwable cause) {
    if (cause instanceof org.apache.kafka.common.errors.AuthenticationException) {
      return new IllegalStateException("the Kafka broker refused this node's login (" + cause.getMessage()
          + "): with kafka.auth: join_code, mesh.join_code must be the same as on the machine that shares the broker;"
          + " on a cluster of your own, check the SASL settings under kafka.client.*", cause);
    }
    if (cause instanceof org.apache.kafka.common.errors.AuthorizationException) {
      return new IllegalStateException("the Kafka cluster does not allow this principal to list or create the mesh's"
          + " topics (" + cause.getMessage() + "): apply the ACLs with ./atmosphere acls, or create the topics first",
          cause);
    }
    return new IllegalStateException("could not create topics: " + cause.getMessage(), cause);
  }

  /**
   * Creates the topics, ignoring those another process created meanwhile; returns the ones this principal may not
   * create or see (on a cluster with ACLs, another deployable provisions them — the router creates the shared topics).
   */
  private Set<String> createIgnoringRaces(List<NewTopic> missing) throws InterruptedException, ExecutionException {
    Set<String> notOurs = new java.util.HashSet<>();
    for (var entry : admin.createTopics(missing).values().entrySet()) {
      try {
        entry.getValue().get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof org.apache.kafka.common.errors.TopicAuthorizationException) {
          notOurs.add(entry.getKey());
        } else if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    }
    if (!notOurs.isEmpty()) {
      log.info("not allowed to create or see topics {}: left to the deployable that owns them", notOurs);
    }
    return notOurs;
  }

  private void awaitReady(List<String> names) throws InterruptedException, ExecutionException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames().get();
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        descriptions.forEach(
            (name, d) -> d.partitions().forEach(p -> request.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        admin.listOffsets(request).all().get();
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
          throw e;
        }
        log.debug("topics {} not ready yet: {}", names, e.getCause().getMessage());
        Thread.onSpinWait();
        admin.listTopics().names().get(); // a round trip paces the retry without sleeping
      }
    }
  }
}
