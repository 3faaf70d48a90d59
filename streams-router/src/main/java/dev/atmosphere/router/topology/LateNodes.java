package dev.atmosphere.router.topology;

import dev.atmosphere.router.Routed;
import dev.atmosphere.router.scoring.Candidate;
import dev.atmosphere.schemas.RouteDecision;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A heartbeat that expired a moment ago is weak evidence of a dead node: heartbeats reach the routers through a
 * verifier task that moves when a router instance dies (a group session, then its catch-up), and a busy router reads
 * them late. So when no live node qualifies, a node whose heartbeat lapsed within {@code router.heartbeat.lapse} is
 * routed to rather than answering NO_ROUTE; if it really died, the attempt waits for it like any attempt on a dead
 * node ({@link ReturningNode}). Live nodes always come first, so a dead machine with a live alternative still fails
 * over at once.
 */
final class LateNodes {

  /** An intent read this long after it was posted was queued: the router is catching up (see GradientView). */
  static final java.time.Duration CATCHING_UP = java.time.Duration.ofSeconds(2);
  static final String NOTE = "no node with a current heartbeat qualified, so this one, whose heartbeat is late, was chosen";
  private static final Logger log = LoggerFactory.getLogger(LateNodes.class);

  private LateNodes() {}

  /**
   * {@code strict} when it routes or no node is late; otherwise the route {@code plan} finds with late nodes counted
   * alive, if it finds one.
   */
  static Routed orLate(Routed strict, Supplier<List<Candidate>> withLate, Function<List<Candidate>, Routed> plan) {
    if (strict.work() != null || strict.decision() == null) {
      return strict;
    }
    List<Candidate> table = withLate.get();
    if (table == null) {
      return strict;
    }
    Routed lenient = plan.apply(table);
    if (lenient.work() == null) {
      return strict;
    }
    log.info("intent {}: no node with a current heartbeat qualified; routed to {}, whose heartbeat is late",
        lenient.work().getIntentId(), lenient.work().getNodeId());
    RouteDecision decision = RouteDecision.newBuilder(lenient.decision())
        .setReason(lenient.decision().getReason() == null ? NOTE : lenient.decision().getReason() + "; " + NOTE).build();
    return new Routed(decision, lenient.work(), lenient.result());
  }
}
