package dev.atmosphere.router.topology;

import dev.atmosphere.router.RoutePlanner;
import dev.atmosphere.router.scoring.Candidate;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.NodeStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes one intent: reads the gradient table (capabilities joined with their node's heartbeat from the global
 * stores) and forwards what the {@link RoutePlanner} decides. Time is the Streams clock.
 */
final class IntentRoutingProcessor implements Processor<String, Intent, String, Routed> {

  private static final Logger log = LoggerFactory.getLogger(IntentRoutingProcessor.class);

  private final RoutePlanner planner;
  private ProcessorContext<String, Routed> context;
  private KeyValueStore<String, CapabilityAnnouncement> capabilities;
  private KeyValueStore<String, NodeStatus> nodes;

  IntentRoutingProcessor(RoutePlanner planner) {
    this.planner = planner;
  }

  @Override
  public void init(ProcessorContext<String, Routed> context) {
    this.context = context;
    this.capabilities = context.getStateStore(RouterTopology.CAPABILITY_STORE);
    this.nodes = context.getStateStore(RouterTopology.NODE_STORE);
  }

  @Override
  public void process(Record<String, Intent> record) {
    Intent intent = record.value();
    if (intent == null) {
      return;
    }
    Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
    Routed routed = planner.plan(intent, gradientTable(), now);
    log.debug("intent {} -> {}", intent.getIntentId(), routed.decision().getChosenCapabilityId());
    context.forward(record.withKey(intent.getIntentId()).withValue(routed));
  }

  private List<Candidate> gradientTable() {
    List<Candidate> out = new ArrayList<>();
    try (KeyValueIterator<String, CapabilityAnnouncement> it = capabilities.all()) {
      while (it.hasNext()) {
        CapabilityAnnouncement cap = it.next().value;
        out.add(planner.candidate(cap, nodes.get(cap.getNodeId())));
      }
    }
    return out;
  }
}
