package dev.atmosphere.router.federated;

import dev.atmosphere.schemas.BudgetLedger;
import dev.atmosphere.schemas.BudgetSpend;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The privacy budget of each node's dataset: at most {@code budget} ε within any {@code window}. Queries compose
 * sequentially — their ε add up on a node — while one query's parts on different nodes compose in parallel (the
 * datasets are disjoint), so a query costs each asked node its ε once. Spends older than the window fall away.
 */
public record Budget(double budget, Duration window) {

  /** ε this ledger has spent within the window ending at {@code now}. */
  public double spent(BudgetLedger ledger, Instant now) {
    if (ledger == null) {
      return 0;
    }
    Instant from = now.minus(window);
    return ledger.getSpends().stream().filter(s -> s.getAt().isAfter(from)).mapToDouble(BudgetSpend::getEpsilon).sum();
  }

  public double left(BudgetLedger ledger, Instant now) {
    return Math.max(0, budget - spent(ledger, now));
  }

  public boolean affords(BudgetLedger ledger, double epsilon, Instant now) {
    return spent(ledger, now) + epsilon <= budget + 1e-12;
  }

  /** The ledger after spending {@code epsilon} on {@code queryId}, with spends outside the window dropped. */
  public BudgetLedger debit(String nodeId, BudgetLedger ledger, String queryId, double epsilon, Instant now) {
    Instant from = now.minus(window);
    List<BudgetSpend> spends = new ArrayList<>();
    if (ledger != null) {
      ledger.getSpends().stream().filter(s -> s.getAt().isAfter(from)).forEach(spends::add);
    }
    spends.add(new BudgetSpend(queryId, epsilon, now));
    return new BudgetLedger(nodeId, spends, budget, window.toMillis());
  }

  /** Whether {@code queryId} was already charged to this ledger (a re-posted query is not charged twice). */
  public static boolean charged(BudgetLedger ledger, String queryId) {
    return ledger != null && ledger.getSpends().stream().anyMatch(s -> s.getQueryId().equals(queryId));
  }
}
