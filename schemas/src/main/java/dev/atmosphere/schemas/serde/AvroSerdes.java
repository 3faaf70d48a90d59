package dev.atmosphere.schemas.serde;

import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.NodeStatus;
import dev.atmosphere.schemas.ResultChunk;
import dev.atmosphere.schemas.RouteDecision;
import dev.atmosphere.schemas.ScaleRecommendation;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The one serde factory of the mesh: every value is an Avro SpecificRecord in the Confluent wire format
 * (magic byte 0, 4-byte schema id, Avro binary), schemas registered under {@code <topic>-value}. Keys are
 * plain UTF-8 strings. An instance per registry, passed explicitly to every producer, consumer and topology.
 */
public final class AvroSerdes {

  private final SchemaRegistryClient registry;

  public AvroSerdes(SchemaRegistryClient registry) {
    this.registry = registry;
  }

  public static AvroSerdes forUrl(String registryUrl) {
    return new AvroSerdes(new HttpSchemaRegistryClient(registryUrl));
  }

  /** @param login {@code user:password} for a registry that asks for HTTP basic auth, or null */
  public static AvroSerdes forUrl(String registryUrl, String login) {
    return new AvroSerdes(new HttpSchemaRegistryClient(registryUrl, java.time.Duration.ofSeconds(10), login));
  }

  public SchemaRegistryClient registry() {
    return registry;
  }

  public <T extends SpecificRecord> Serde<T> serde(Class<T> type) {
    return Serdes.serdeFrom(new ConfluentAvroSerializer<>(registry), new ConfluentAvroDeserializer<>(registry, type));
  }

  public Serde<String> keys() {
    return Serdes.String();
  }

  public Serde<CapabilityAnnouncement> capability() {
    return serde(CapabilityAnnouncement.class);
  }

  public Serde<NodeStatus> nodeStatus() {
    return serde(NodeStatus.class);
  }

  public Serde<Intent> intent() {
    return serde(Intent.class);
  }

  public Serde<RouteDecision> route() {
    return serde(RouteDecision.class);
  }

  public Serde<WorkUnit> work() {
    return serde(WorkUnit.class);
  }

  public Serde<WorkResult> result() {
    return serde(WorkResult.class);
  }

  public Serde<ResultChunk> chunk() {
    return serde(ResultChunk.class);
  }

  public Serde<dev.atmosphere.schemas.Plan> plan() {
    return serde(dev.atmosphere.schemas.Plan.class);
  }

  public Serde<dev.atmosphere.schemas.PlanResult> planResult() {
    return serde(dev.atmosphere.schemas.PlanResult.class);
  }

  public Serde<dev.atmosphere.schemas.Document> document() {
    return serde(dev.atmosphere.schemas.Document.class);
  }

  public Serde<dev.atmosphere.schemas.CacheEntry> cacheEntry() {
    return serde(dev.atmosphere.schemas.CacheEntry.class);
  }

  public Serde<ScaleRecommendation> scaleRecommendation() {
    return serde(ScaleRecommendation.class);
  }
}
