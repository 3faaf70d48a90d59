package dev.atmosphere.gateway.images;

import dev.atmosphere.gateway.GatewayError;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.Intent;
import java.util.List;

/**
 * A request with images must reach a model that can see them: answered with a 400 at the door when no live vision
 * capability exists (or the pinned model is not one), instead of a text model silently ignoring the picture.
 */
public final class VisionCheck {

  private VisionCheck() {}

  public static void require(Intent.Builder intent, List<CapabilityAnnouncement> table) {
    List<CapabilityAnnouncement> seeing =
        table.stream().filter(c -> c.getType() == CapabilityType.VISION).toList();
    if (seeing.isEmpty()) {
      throw new GatewayError(400, "invalid_request_error", "messages", "no_vision_capability",
          "the request holds images but no capability on the mesh can see them; start a vision model "
              + "(e.g. `ollama pull llava`) on some node");
    }
    String capability = intent.getPinnedCapabilityId();
    String model = intent.getPinnedModel();
    boolean pinnedSees = capability != null ? seeing.stream().anyMatch(c -> c.getCapabilityId().equals(capability))
        : model == null || seeing.stream().anyMatch(c -> c.getModels().contains(model) || c.getName().equals(model));
    if (!pinnedSees) {
      throw new GatewayError(400, "invalid_request_error", "model", "model_cannot_see",
          "the request holds images but '" + (capability != null ? capability : model) + "' is not a vision "
              + "capability; use 'auto' or one of: " + seeing.stream().map(CapabilityAnnouncement::getCapabilityId)
                  .limit(5).toList());
    }
  }
}
