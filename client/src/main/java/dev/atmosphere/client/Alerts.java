package dev.atmosphere.client;

import dev.atmosphere.schemas.Alert;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Alerts as people should see them: once each. The monitoring job writes at least once — after a crash it restores
 * its last checkpoint and may write an alert again — but a repeated alert keeps its {@code alertId} (type, subject and
 * window), so readers drop the repeat: the CLI's {@code alerts} and the live mesh view.
 */
public final class Alerts {

  private Alerts() {}

  /** The alerts without repeats, the first of each {@code alertId} kept, in order. */
  public static List<Alert> distinct(Collection<Alert> alerts) {
    Set<String> seen = new HashSet<>();
    List<Alert> out = new ArrayList<>();
    for (Alert a : alerts) {
      if (seen.add(a.getAlertId())) {
        out.add(a);
      }
    }
    return out;
  }

  /** Whether {@code alert} repeats one of {@code recent}. */
  static boolean repeats(Alert alert, Collection<Alert> recent) {
    return recent.stream().anyMatch(a -> a.getAlertId().equals(alert.getAlertId()));
  }
}
