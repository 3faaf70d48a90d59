package dev.atmosphere.backends.builtin;

import dev.atmosphere.backends.CapabilitySource;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.CapabilityConstraints;
import dev.atmosphere.schemas.CapabilityMetadata;
import dev.atmosphere.schemas.CapabilityResources;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.LatencyClass;
import dev.atmosphere.schemas.Provider;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The embeddings capability every node offers in-process (all-MiniLM-L6-v2, 384-d), served by its executor. */
public final class BuiltinEmbeddingsSource implements CapabilitySource {

  public static final String CAPABILITY_ID = "builtin:embeddings:all-MiniLM-L6-v2";

  private final String nodeId;
  private final String modelId;

  public BuiltinEmbeddingsSource(String nodeId, String modelId) {
    this.nodeId = nodeId;
    this.modelId = modelId;
  }

  @Override
  public String name() {
    return "builtin";
  }

  @Override
  public List<CapabilityAnnouncement> discover() {
    return List.of(CapabilityAnnouncement.newBuilder()
        .setCapabilityId(CAPABILITY_ID)
        .setNodeId(nodeId)
        .setType(CapabilityType.EMBEDDINGS)
        .setName("all-MiniLM-L6-v2")
        .setDescription("Sentence embeddings (384 dimensions) computed in-process: vectors for semantic search, "
            + "clustering and similarity")
        .setModels(List.of(modelId))
        .setMetadata(CapabilityMetadata.newBuilder().setProvider(Provider.BUILTIN).setTarget(modelId)
            .setSizeParams("22M").setContextLength(256).setExtra(Map.of("dimensions", "384")).build())
        .setResources(CapabilityResources.newBuilder().setCostPerToken(0).setLatencyClass(LatencyClass.REALTIME)
            .build())
        .setConstraints(CapabilityConstraints.newBuilder().setMaxTokens(256).build())
        .setAnnouncedAt(Instant.EPOCH)
        .setSequence(0)
        .build());
  }
}
