package dev.atmosphere.bench.eval;

import dev.atmosphere.common.embed.CachingEmbedder;
import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.common.embed.MiniLmEmbedder;
import dev.atmosphere.router.RoutePlanner;
import dev.atmosphere.router.Routed;
import dev.atmosphere.router.scoring.Candidate;
import dev.atmosphere.router.scoring.Scorer;
import dev.atmosphere.router.scoring.ScoringPolicy;
import dev.atmosphere.schemas.*;
import dev.atmosphere.schemas.topics.Topics;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExperimentTest {
  @Test
  void shouldPrint() throws Exception {
    Embedder embedder = new CachingEmbedder(new MiniLmEmbedder(), 5_000);
    RoutePlanner planner = new RoutePlanner(Topics.defaults(), new Scorer(ScoringPolicy.defaults()), embedder, 40, 0.05);
    Instant now = Instant.parse("2026-11-27T10:00:00Z");
    NodeStatus status = NodeStatus.newBuilder().setNodeId("eval").setMode(NodeMode.PARTICIPANT).setLoad(0.5)
        .setQueueDepth(0).setInFlight(0).setMaxConcurrent(4).setWorkTopic("atmosphere.work.eval").setReportedAt(now)
        .setExpiresAt(now.plusSeconds(60)).setSequence(1).build();
    List<Candidate> table = PublicCatalogue.load(embedder).stream().map(c -> planner.candidate(c, status)).toList();
    List<String[]> labeled = PublicRoutingEval.labeled();
    try (PrintWriter out = new PrintWriter("/tmp/scores.tsv")) {
      for (int i = 0; i < labeled.size(); i++) {
        Routed r = planner.plan(Intent.newBuilder().setIntentId("eval-" + i).setOriginNodeId("elsewhere")
            .setKind(IntentKind.CHAT).setText(labeled.get(i)[1]).setConstraints(IntentConstraints.newBuilder().build())
            .setCreatedAt(now).build(), table, now);
        StringBuilder b = new StringBuilder();
        for (CandidateScore c : r.decision().getCandidates()) b.append('\t').append(c.getCapabilityId()).append('=').append(c.getSimilarity()).append('/').append(c.getScore());
        out.println(i + "\t" + labeled.get(i)[0] + "\t" + r.decision().getChosenCapabilityId() + "\t" + labeled.get(i)[1].replace('\t', ' ') + b);
      }
    }
  }
}
