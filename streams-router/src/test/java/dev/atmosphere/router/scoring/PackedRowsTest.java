package dev.atmosphere.router.scoring;

import static dev.atmosphere.schemas.fixtures.Fixtures.alive;
import static dev.atmosphere.schemas.fixtures.Fixtures.capability;
import static dev.atmosphere.schemas.fixtures.Fixtures.intent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atmosphere.common.embed.Vectors;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.IntentKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Packed rows score exactly as the same rows in a plain list, and keep their sketches true when heartbeats change. */
class PackedRowsTest {

  private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
  private final Random random = new Random(23);

  private float[] unit() {
    float[] v = new float[384];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return Vectors.normalize(v);
  }

  private List<Candidate> rows(int size) {
    List<Candidate> out = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      var cap = capability("node-" + (i % 30), "cap-" + i, CapabilityType.LLM, "m", "capability " + i).build();
      List<float[]> facets = List.of(unit(), unit(), unit());
      out.add(i % 97 == 0 ? new Candidate(cap, null, facets) : Candidate.indexed(cap, facets)); // some unsketched
    }
    return out;
  }

  @Test
  void shouldScoreAsTheSameRowsInAPlainList() {
    List<Candidate> plain = rows(3_000).stream().map(c -> c.withStatus(alive(c.capability().getNodeId(), NOW).build()))
        .toList();
    PackedRows packed = Candidate.packed(plain);
    Scorer scorer = new Scorer(ScoringPolicy.defaults());

    for (int q = 0; q < 20; q++) {
      float[] question = unit();
      var fromPacked = scorer.score(intent("q" + q, IntentKind.CHAT, "x", NOW).build(), question, packed, NOW);
      var fromPlain = scorer.score(intent("q" + q, IntentKind.CHAT, "x", NOW).build(), question, plain, NOW);
      assertThat(fromPacked).extracting(ScoredCandidate::capabilityId, ScoredCandidate::total)
          .isEqualTo(fromPlain.stream().map(s -> org.assertj.core.groups.Tuple.tuple(s.capabilityId(), s.total()))
              .toList());
    }
    assertThat(packed).hasSize(3_000);
    assertThat(Candidate.packed(List.of()).withStatuses(c -> c)).isEmpty();
  }

  @Test
  void shouldKeepTheSketchesWhenHeartbeatsChangeAndRefuseOtherChanges() {
    PackedRows packed = Candidate.packed(rows(10));
    PackedRows live = packed.withStatuses(c -> c.withStatus(alive(c.capability().getNodeId(), NOW).build()));

    assertThat(live.get(3).sketch()).isSameAs(packed.get(3).sketch());
    assertThat(live.get(3).status()).isNotNull();
    assertThatThrownBy(() -> packed.withStatuses(c -> Candidate.indexed(c.capability(), c.vectors())))
        .as("a row with a sketch of its own").isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> live.set(3, live.get(3))).as("shared: read only").isInstanceOf(
        UnsupportedOperationException.class);

    live.heartbeat(3, null);

    assertThat(live.get(3).status()).isNull();
    assertThat(live.get(3).sketch()).isSameAs(packed.get(3).sketch());
    assertThat(live.get(4).status()).isNotNull();
  }

  @Test
  void shouldRankAsAFullSortDoesTiesByRow() {
    for (int round = 0; round < 50; round++) {
      double[] score = new double[random.nextInt(300)];
      for (int i = 0; i < score.length; i++) {
        score[i] = random.nextInt(20) / 4.0; // many ties
      }
      int k = random.nextInt(40);
      int[] sorted = IntStream.range(0, score.length).boxed()
          .sorted(Comparator.<Integer>comparingDouble(i -> -score[i]).thenComparing(i -> i))
          .mapToInt(Integer::intValue).limit(k).toArray();

      assertThat(Ranking.topFirst(score, k)).as("%s, k=%d", Arrays.toString(score), k).containsExactly(sorted);
    }
  }
}
