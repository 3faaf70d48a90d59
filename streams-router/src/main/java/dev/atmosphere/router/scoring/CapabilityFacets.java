package dev.atmosphere.router.scoring;

import dev.atmosphere.common.embed.TextParts;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The texts the router embeds for one capability. A single vector of a long description averages its topics
 * away (MiniLM mean-pools), so a capability is also represented by each sentence of its description and by the
 * items of its lists (facet 0 is always the whole text); the Scorer blends the best facet with the whole.
 */
public final class CapabilityFacets {

  private CapabilityFacets() {}

  public static List<String> of(CapabilityAnnouncement cap) {
    Set<String> facets = new LinkedHashSet<>();
    facets.add(cap.getName() + ": " + cap.getDescription());
    facets.addAll(TextParts.of(cap.getDescription(), false));
    return new ArrayList<>(facets);
  }
}
