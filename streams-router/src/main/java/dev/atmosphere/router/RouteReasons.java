package dev.atmosphere.router;

import dev.atmosphere.router.scoring.KindRules;
import dev.atmosphere.router.scoring.ScoredCandidate;
import dev.atmosphere.schemas.Intent;
import java.util.List;

/** The words of a refusal: why an intent is invalid, or why nothing could serve it. */
final class RouteReasons {

  /** Why a request that named its capability id went there: it was not compared by meaning. */
  static final String PINNED = "pinned: the capability the request named (not compared by meaning)";


  private RouteReasons() {}

  /** What makes {@code intent} unroutable as posted, or null. */
  static String invalid(Intent intent) {
    if (intent.getIntentId() == null || intent.getIntentId().isBlank()) {
      return "intentId is blank";
    }
    if (intent.getText().isBlank() && intent.getMessages().isEmpty()) {
      return "intent has neither text nor messages";
    }
    return null;
  }

  /**
   * A candidate refused only for relevance, which the general fallback could still have chosen: on an ejected or
   * already-tried node it is refused for that instead ("similarity below threshold" was all a client was told while
   * its only LLM sat out a failure cooldown).
   */
  static boolean onlyBelowThreshold(ScoredCandidate s) {
    return !s.eligible() && s.rejectReason() != null && s.rejectReason().startsWith(dev.atmosphere.router.scoring.Scorer.BELOW_THRESHOLD);
  }

  /**
   * What labeled examples (feedback, pins) did for the chosen candidate, or null when none spoke for it: how much they
   * added to its similarity and, when it changed the choice, which candidate would have won without them — each
   * candidate's score taken back to its similarity without the examples (one refused only as below {@code threshold}
   * counts with its bare similarity when that clears it; the specialty boost is left as it was).
   */
  static String learned(ScoredCandidate chosen, List<ScoredCandidate> scored, double threshold) {
    if (chosen.learned() == 0) {
      return null;
    }
    String said = String.format(java.util.Locale.ROOT, "feedback: labeled intents near this one %s %.3f %s its "
        + "similarity", chosen.learned() > 0 ? "added" : "took", Math.abs(chosen.learned()),
        chosen.learned() > 0 ? "to" : "from");
    return scored.stream().filter(s -> withoutExamples(s, threshold) > Double.NEGATIVE_INFINITY)
        .max(java.util.Comparator.comparingDouble(s -> withoutExamples(s, threshold)))
        .filter(b -> !b.capabilityId().equals(chosen.capabilityId()))
        .map(b -> said + " (without them: " + b.capabilityId() + ")").orElse(said);
  }

  private static double withoutExamples(ScoredCandidate s, double threshold) {
    double bare = s.similarity() - s.learned();
    if (s.eligible()) {
      return s.similarity() == 0 ? s.total() : s.total() * bare / s.similarity();
    }
    return onlyBelowThreshold(s) && bare >= threshold ? bare : Double.NEGATIVE_INFINITY;
  }

  /** Why no candidate qualified: nothing announced, no servable type, or the best one's rejection. */
  static String noRoute(Intent intent, List<ScoredCandidate> scored) {
    if (scored.isEmpty()) {
      return "no capabilities are announced";
    }
    String pinned = intent.getPinnedCapabilityId();
    if (pinned != null) { // "best rejected because: not the pinned capability" named someone else's refusal
      List<ScoredCandidate> it = scored.stream() // the same project may be announced by several nodes
          .filter(s -> s.candidate().capability().getCapabilityId().equals(pinned)).toList();
      if (it.isEmpty()) {
        return "the pinned capability " + pinned + " is not announced (or its node is gone)";
      }
      return "the pinned capability " + pinned + " was refused on " + it.get(0).nodeId() + ": "
          + it.get(0).rejectReason() + (it.size() > 1 ? " (and on " + (it.size() - 1) + " other node(s))" : "");
    }
    long servable = scored.stream()
        .filter(s -> KindRules.servable(intent.getKind()).contains(s.candidate().capability().getType()))
        .count();
    if (servable == 0) {
      return "no capability can serve a " + intent.getKind() + " intent";
    }
    return "no " + intent.getKind() + " capability qualified among " + servable + "; best rejected because: "
        + scored.stream()
            .filter(s -> KindRules.servable(intent.getKind()).contains(s.candidate().capability().getType()))
            .max(java.util.Comparator.comparingDouble((ScoredCandidate s) -> s.similarity()))
            .map(s -> s.rejectReason()).orElse("unknown");
  }
}
