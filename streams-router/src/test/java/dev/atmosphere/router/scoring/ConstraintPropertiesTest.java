package dev.atmosphere.router.scoring;

import static dev.atmosphere.schemas.fixtures.Fixtures.alive;
import static dev.atmosphere.schemas.fixtures.Fixtures.capability;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.common.testing.FixedEmbedder;
import dev.atmosphere.router.RoutePlanner;
import dev.atmosphere.router.Routed;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.IntentConstraints;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.LatencyClass;
import dev.atmosphere.schemas.WorkUnit;
import dev.atmosphere.schemas.topics.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property: over randomly generated meshes and intents (seeded, so a failure replays), a routed work unit never
 * violates a hard constraint — kind, pins, local-only, residency, budget, quality, latency, liveness, exclusions —
 * and when some candidate satisfies them all, the intent is routed.
 */
class ConstraintPropertiesTest {

  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
  private static final String[] RESIDENCY = {"EU", "US", null};
  private static final String[] SIZES = {"1B", "3B", "8B", "14B", "70B", null};
  private static final CapabilityType[] TYPES = CapabilityType.values();
  private static final LatencyClass[] LATENCY = LatencyClass.values();

  /** Every text embeds to the same direction: relevance never filters, so constraints alone decide. */
  private static final Embedder SAME = new FixedEmbedder();

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void shouldNeverRouteAgainstAHardConstraintAndAlwaysRouteWhenSomeCandidateQualifies(long seed) {
    Random random = new Random(seed);
    RoutePlanner planner = new RoutePlanner(Topics.defaults(), new Scorer(ScoringPolicy.defaults()), SAME, 500);
    for (int round = 0; round < 250; round++) {
      List<Candidate> mesh = mesh(random);
      Intent intent = intent(random, mesh);
      Map<String, String> excluded = new HashMap<>();
      if (random.nextInt(4) == 0) {
        excluded.put("node-" + random.nextInt(6), "already tried");
      }
      Routed routed = planner.plan(intent, mesh, NOW, 1, excluded, n -> random.nextInt(5));
      WorkUnit work = routed.work();
      List<Candidate> qualifying = mesh.stream().filter(c -> satisfies(c, intent, excluded)).toList();
      String context = "seed " + seed + " round " + round + ": " + intent + " -> " + (work == null ? "none" : work);
      if (work == null) {
        assertThat(qualifying).as(context).isEmpty();
      } else {
        Candidate chosen = mesh.stream().filter(c -> c.capability().getCapabilityId().equals(work.getCapabilityId())
            && c.capability().getNodeId().equals(work.getNodeId())).findFirst().orElseThrow();
        assertThat(satisfies(chosen, intent, excluded)).as(context).isTrue();
      }
    }
  }

  /** The constraints, restated independently of the scorer. */
  private static boolean satisfies(Candidate c, Intent intent, Map<String, String> excluded) {
    CapabilityAnnouncement cap = c.capability();
    IntentConstraints k = intent.getConstraints();
    String residency = cap.getConstraints().getDataResidency() != null ? cap.getConstraints().getDataResidency()
        : c.status().getDataResidency();
    boolean own = cap.getNodeId().equals(intent.getOriginNodeId());
    return c.status().getExpiresAt().isAfter(NOW)
        && KindRules.servable(intent.getKind()).contains(cap.getType())
        && !excluded.containsKey(cap.getNodeId())
        && (intent.getPinnedCapabilityId() == null || intent.getPinnedCapabilityId().equals(cap.getCapabilityId()))
        && (!k.getLocalOnly() || own)
        && (!cap.getConstraints().getLocalOnly() || own)
        && (k.getDataResidency() == null || k.getDataResidency().equalsIgnoreCase(residency))
        && (k.getMaxCostPerToken() == null || cap.getResources().getCostPerToken() <= k.getMaxCostPerToken())
        && (k.getMinQuality() == null || Scorer.quality(cap) >= k.getMinQuality())
        && (k.getMaxLatencyMs() == null || Scorer.expectedLatencyMs(c) <= k.getMaxLatencyMs());
  }

  private static List<Candidate> mesh(Random r) {
    List<Candidate> out = new ArrayList<>();
    int capabilities = 1 + r.nextInt(12);
    for (int i = 0; i < capabilities; i++) {
      String node = "node-" + r.nextInt(6);
      CapabilityAnnouncement cap = capability(node, "cap-" + i, TYPES[r.nextInt(TYPES.length)], "c" + i, "d").build();
      cap.getMetadata().setSizeParams(SIZES[r.nextInt(SIZES.length)]);
      cap.getResources().setCostPerToken(r.nextBoolean() ? 0 : r.nextInt(10) / 1000.0);
      cap.getResources().setLatencyClass(LATENCY[r.nextInt(LATENCY.length)]);
      cap.getConstraints().setLocalOnly(r.nextInt(6) == 0);
      cap.getConstraints().setDataResidency(r.nextInt(3) == 0 ? RESIDENCY[r.nextInt(3)] : null);
      var status = alive(node, NOW).setDataResidency(RESIDENCY[r.nextInt(3)]).setInFlight(r.nextInt(5))
          .setQueueDepth(r.nextInt(5)).setMaxConcurrent(1 + r.nextInt(4));
      if (r.nextInt(8) == 0) {
        status.setExpiresAt(NOW.minusSeconds(1));
      }
      out.add(new Candidate(cap, status.build(), List.of(new float[] {1, 0})));
    }
    return out;
  }

  private static Intent intent(Random r, List<Candidate> mesh) {
    IntentConstraints.Builder k = IntentConstraints.newBuilder()
        .setLocalOnly(r.nextInt(4) == 0)
        .setPreferFree(r.nextBoolean());
    if (r.nextInt(3) == 0) {
      k.setDataResidency(RESIDENCY[r.nextInt(2)]);
    }
    if (r.nextInt(3) == 0) {
      k.setMaxCostPerToken(r.nextInt(5) / 1000.0);
    }
    if (r.nextInt(3) == 0) {
      k.setMinQuality(1 + r.nextInt(4));
    }
    if (r.nextInt(3) == 0) {
      k.setMaxLatencyMs((long) (200 + r.nextInt(10_000)));
    }
    IntentKind kind = IntentKind.values()[r.nextInt(IntentKind.values().length)];
    Intent.Builder intent = Intent.newBuilder().setIntentId("i" + r.nextInt(1_000_000)).setKind(kind)
        .setText("anything").setOriginNodeId("node-" + r.nextInt(6)).setConstraints(k.build()).setCreatedAt(NOW);
    if (r.nextInt(6) == 0) {
      intent.setPinnedCapabilityId(mesh.get(r.nextInt(mesh.size())).capability().getCapabilityId());
    }
    return intent.build();
  }
}
