package dev.atmosphere.router.scoring;

import static dev.atmosphere.schemas.fixtures.Fixtures.alive;
import static dev.atmosphere.schemas.fixtures.Fixtures.capability;
import static dev.atmosphere.schemas.fixtures.Fixtures.intent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.common.embed.Vectors;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.IntentConstraints;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.NodeStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A gradient table beyond 2,048 rows is shortlisted by sketches and still routes as an exact scan would. */
class LargeTableTest {

  private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
  private static final int DIM = 384;
  private final Random random = new Random(11);
  private final Scorer scorer = new Scorer(ScoringPolicy.defaults());
  private final float[][] topics = new float[100][];

  LargeTableTest() {
    for (int t = 0; t < topics.length; t++) {
      topics[t] = near(null, 0);
    }
  }

  private float[] near(float[] centre, double spread) {
    float[] v = new float[DIM];
    for (int i = 0; i < DIM; i++) {
      v[i] = (float) ((centre == null ? 0 : centre[i]) + (centre == null ? 1 : spread) * random.nextGaussian()
          / Math.sqrt(DIM));
    }
    return Vectors.normalize(v);
  }

  private Candidate row(String node, String id, float[] topic, boolean sketched) {
    List<float[]> facets = new ArrayList<>();
    for (int f = 0; f < 6; f++) {
      facets.add(near(topic, 1.2));
    }
    var cap = capability(node, id, CapabilityType.LLM, id, "capability " + id).build();
    NodeStatus status = alive(node, NOW).build();
    return sketched ? Candidate.indexed(cap, facets).withStatus(status) : new Candidate(cap, status, facets);
  }

  private List<Candidate> table(int size) {
    List<Candidate> out = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      out.add(row("node-" + (i % 40), "cap-" + i, topics[i % topics.length], true));
    }
    return out;
  }

  private static Intent chat(String id) {
    return intent(id, IntentKind.CHAT, "a question", NOW).build();
  }

  @Test
  void shouldChooseWhatScoringEveryRowExactlyChooses() {
    List<Candidate> sketched = table(3_000);
    List<Candidate> exact = sketched.stream().map(Candidate::withoutSketch).toList();
    int same = 0;
    for (int q = 0; q < 100; q++) {
      float[] question = near(topics[random.nextInt(topics.length)], 1.0);
      String fast = scorer.score(chat("q" + q), question, sketched, NOW).get(0).capabilityId();
      String full = scorer.score(chat("q" + q), question, exact, NOW).get(0).capabilityId();
      same += fast.equals(full) ? 1 : 0;
    }

    assertThat(same).as("best row the same as the exact scan's, of 100").isGreaterThanOrEqualTo(98);
  }

  @Test
  void shouldListOnlyTheShortlistedRowsOfALargeTable() {
    List<ScoredCandidate> scored = scorer.score(chat("q"), near(topics[3], 1.0), table(3_000), NOW);

    assertThat(scored).hasSize(LargeTable.SHORTLIST);
    assertThat(scored.get(0).eligible()).isTrue();
    assertThat(scorer.score(chat("q"), near(topics[3], 1.0), table(2_000), NOW)).as("a small table: every row")
        .hasSize(2_000);
  }

  @Test
  void shouldFindTheOnlyEligibleRowHoweverFarDownTheEstimatesItIs() {
    // every row relevant to the question is another node's, and the intent is local-only
    float[] question = near(topics[5], 1.0);
    List<Candidate> table = new ArrayList<>(table(3_000));
    for (int i = 0; i < 2 * LargeTable.SHORTLIST; i++) { // more rows about the question than the shortlist holds
      table.add(row("node-" + (i % 40), "near-" + i, topics[5], true));
    }
    float[] elsewhere = topics[6]; // the home node's one capability is about another topic, yet above the threshold
    float[] between = new float[DIM];
    for (int i = 0; i < DIM; i++) {
      between[i] = elsewhere[i] + 0.35f * question[i];
    }
    table.add(row("home", "home-cap", Vectors.normalize(between), true));
    Intent localOnly = Intent.newBuilder(chat("local")).setOriginNodeId("home")
        .setConstraints(IntentConstraints.newBuilder().setLocalOnly(true).build()).build();

    List<ScoredCandidate> scored = scorer.score(localOnly, question, table, NOW);

    assertThat(scored.get(0).eligible()).isTrue();
    assertThat(scored.get(0).capabilityId()).isEqualTo("home-cap");
    assertThat(scored).as("a second pass over the rows the filters let through").hasSizeGreaterThan(LargeTable.SHORTLIST);
  }

  @Test
  void shouldRankTheTopRowsByScoreWithTiesByRow() {
    double[] score = {0.1, 0.9, 0.5, 0.9, 0.2};

    assertThat(Ranking.topFirst(score, 3)).containsExactly(1, 3, 2);
    assertThat(Ranking.topFirst(score, 9)).containsExactly(1, 3, 2, 4, 0);
  }
}
