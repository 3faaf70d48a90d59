package dev.atmosphere.router.plan;

import dev.atmosphere.schemas.internal.PlanState;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The intent ids a plan's units are posted under: {@code planId~nonce~unitId}. The nonce is drawn when the plan
 * starts and kept in its state, so nobody who can post intents can guess a unit's id, post it first and have it answer
 * the unit (plans started before it existed keep {@code planId~unitId}).
 */
public final class UnitIds {

  /** Separates plan id, nonce and unit id. */
  public static final String SEPARATOR = "~";
  private static final SecureRandom RANDOM = new SecureRandom();

  private UnitIds() {}

  /** The id unit {@code unitId} of the plan in {@code state} is posted under. */
  static String of(PlanState state, String unitId) {
    String nonce = state.getNonce();
    return state.getPlan().getPlanId() + SEPARATOR + (nonce.isEmpty() ? "" : nonce + SEPARATOR) + unitId;
  }

  /** A new plan's nonce: 8 random bytes in hex. */
  static String nonce() {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** The unit id at the end of a unit's intent id, or null when it is no unit's. */
  public static String unitOf(String intentId) {
    int at = intentId.lastIndexOf(SEPARATOR);
    return at < 0 ? null : intentId.substring(at + 1);
  }
}
