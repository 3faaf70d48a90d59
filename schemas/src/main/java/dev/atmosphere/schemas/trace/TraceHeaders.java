package dev.atmosphere.schemas.trace;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The tracing contract: every record about an intent — the intent, its route, work units, attempts, chunks, the
 * result, a plan's unit results — carries the intent id in the {@value #INTENT_ID} header (and plan units also
 * {@value #PLAN_ID}), so {@code ./atmosphere trace <intent-id>} can follow one intent across topics.
 */
public final class TraceHeaders {

  public static final String INTENT_ID = "atmosphere-intent-id";
  public static final String PLAN_ID = "atmosphere-plan-id";

  private TraceHeaders() {}

  /** Sets (replaces) the intent id header; returns {@code headers}. */
  public static Headers intent(Headers headers, String intentId) {
    if (intentId != null) {
      headers.remove(INTENT_ID);
      headers.add(INTENT_ID, intentId.getBytes(StandardCharsets.UTF_8));
    }
    return headers;
  }

  public static Headers plan(Headers headers, String planId) {
    if (planId != null) {
      headers.remove(PLAN_ID);
      headers.add(PLAN_ID, planId.getBytes(StandardCharsets.UTF_8));
    }
    return headers;
  }

  public static String intentId(Headers headers) {
    Header h = headers.lastHeader(INTENT_ID);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
