package dev.atmosphere.schemas;

import dev.atmosphere.schemas.internal.LoadSample;
import dev.atmosphere.schemas.internal.LoadWindow;
import java.util.List;
import org.apache.avro.Schema;

/** Every top-level record the mesh writes to Kafka. */
final class WireSchemas {

  private WireSchemas() {}

  static final List<Schema> ALL = List.of(dev.atmosphere.schemas.MigrationEvent.getClassSchema(),
      dev.atmosphere.schemas.RouteFeedback.getClassSchema(),
      dev.atmosphere.schemas.ConversationTurn.getClassSchema(),
      dev.atmosphere.schemas.FederatedQuery.getClassSchema(),
      dev.atmosphere.schemas.FederatedTask.getClassSchema(), dev.atmosphere.schemas.FederatedPart.getClassSchema(),
      dev.atmosphere.schemas.FederatedResult.getClassSchema(), dev.atmosphere.schemas.BudgetLedger.getClassSchema(),
      CapabilityAnnouncement.getClassSchema(), NodeStatus.getClassSchema(),
      Intent.getClassSchema(), RouteDecision.getClassSchema(), WorkUnit.getClassSchema(), WorkResult.getClassSchema(),
      ScaleRecommendation.getClassSchema(), ResultChunk.getClassSchema(), LoadWindow.getClassSchema(), LoadSample.getClassSchema(), dev.atmosphere.schemas.internal.IntentState.getClassSchema());
}
