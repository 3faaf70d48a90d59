package dev.atmosphere.backends;

import dev.atmosphere.schemas.CapabilityAnnouncement;
import java.util.List;

/**
 * One backend whose capabilities the node announces. Returns announcements without sequence and time (the
 * announcer stamps them); throws when the backend cannot be read, so the announcer keeps the last known set
 * rather than tombstoning everything on a transient error.
 */
public interface CapabilitySource {

  String name();

  List<CapabilityAnnouncement> discover();

  /** This source with {@code change} applied to every discovery (filtering, stamping). */
  default CapabilitySource then(java.util.function.UnaryOperator<List<CapabilityAnnouncement>> change) {
    CapabilitySource source = this;
    return new CapabilitySource() {
      @Override
      public String name() {
        return source.name();
      }

      @Override
      public List<CapabilityAnnouncement> discover() {
        return change.apply(source.discover());
      }
    };
  }
}
