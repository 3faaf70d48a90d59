package dev.atmosphere.router.federated;

import dev.atmosphere.schemas.FederatedPart;
import dev.atmosphere.schemas.FederatedQuery;
import dev.atmosphere.schemas.FederatedResult;
import dev.atmosphere.schemas.FederatedTask;

/** What flows through the federated processor: a query or a part in, a task or a result out. */
public record FederatedEvent(FederatedQuery query, FederatedPart part, FederatedTask task, FederatedResult result) {

  public static FederatedEvent of(FederatedQuery query) {
    return new FederatedEvent(query, null, null, null);
  }

  public static FederatedEvent of(FederatedPart part) {
    return new FederatedEvent(null, part, null, null);
  }

  static FederatedEvent of(FederatedTask task) {
    return new FederatedEvent(null, null, task, null);
  }

  static FederatedEvent of(FederatedResult result) {
    return new FederatedEvent(null, null, null, result);
  }
}
