package dev.atmosphere.monitoring;

import dev.atmosphere.schemas.Alert;
import dev.atmosphere.schemas.AlertSeverity;
import dev.atmosphere.schemas.AlertType;
import java.time.Instant;

/** An alert inside the Flink job (a POJO); turned into the Avro {@link Alert} only at the sink. */
public class AlertEvent {

  public String type;
  public String severity;
  public String subject;
  public String message;
  public int count;
  public Double value;
  public long windowStart;
  public long windowEnd;

  public AlertEvent() {}

  public static AlertEvent of(AlertType type, AlertSeverity severity, String subject, String message, int count,
      Double value, long windowStart, long windowEnd) {
    AlertEvent a = new AlertEvent();
    a.type = type.name();
    a.severity = severity.name();
    a.subject = subject;
    a.message = message;
    a.count = count;
    a.value = value;
    a.windowStart = windowStart;
    a.windowEnd = windowEnd;
    return a;
  }

  public Alert toAvro() {
    return Alert.newBuilder().setAlertId(type + ":" + subject + ":" + windowEnd).setType(AlertType.valueOf(type))
        .setSeverity(AlertSeverity.valueOf(severity)).setSubject(subject).setMessage(message).setCount(count)
        .setValue(value).setWindowStart(Instant.ofEpochMilli(windowStart)).setWindowEnd(Instant.ofEpochMilli(windowEnd))
        .build();
  }

  @Override
  public String toString() {
    return type + "(" + subject + ", " + count + "): " + message;
  }
}
