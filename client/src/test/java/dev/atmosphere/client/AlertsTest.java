package dev.atmosphere.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.schemas.Alert;
import dev.atmosphere.schemas.AlertSeverity;
import dev.atmosphere.schemas.AlertType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A monitoring job restored from its checkpoint may write an alert again; people see it once. */
class AlertsTest {

  private static Alert alert(String subject, long windowEnd, String message) {
    return Alert.newBuilder().setAlertId("FAILURE_BURST:" + subject + ":" + windowEnd).setType(AlertType.FAILURE_BURST)
        .setSeverity(AlertSeverity.WARNING).setSubject(subject).setMessage(message).setCount(3).setValue(3.0)
        .setWindowStart(Instant.ofEpochMilli(windowEnd - 60_000)).setWindowEnd(Instant.ofEpochMilli(windowEnd))
        .build();
  }

  @Test
  void shouldShowARepeatedAlertOnceAndKeepDistinctOnes() {
    Alert first = alert("node-a", 120_000, "3 failures in 60 s");
    Alert repeat = alert("node-a", 120_000, "3 failures in 60 s (written again after a restart)");
    Alert otherWindow = alert("node-a", 180_000, "3 failures in 60 s");
    Alert otherNode = alert("node-b", 120_000, "3 failures in 60 s");

    assertThat(Alerts.distinct(List.of(first, otherNode, repeat, otherWindow)))
        .containsExactly(first, otherNode, otherWindow);
    assertThat(Alerts.repeats(repeat, List.of(otherNode, first))).isTrue();
    assertThat(Alerts.repeats(otherWindow, List.of(otherNode, first))).isFalse();
  }
}
