package dev.atmosphere.ingest.discovery;

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
}
