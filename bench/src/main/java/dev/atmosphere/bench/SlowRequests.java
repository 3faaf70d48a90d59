package dev.atmosphere.bench;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the slowest requests of a run lost their time: a p99 is made of a handful of requests, and whether they
 * waited in the router, for the executor's fetch, in the backend or on the way back decides what to change.
 */
final class SlowRequests {

  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"chatcmpl-([^\"]+)\"");
  private static final int SHOWN = 12;

  private SlowRequests() {}

  /** The intent id of an OpenAI chat answer ({@code chatcmpl-<intent id>}), or null. */
  static String intentId(String body) {
    Matcher m = ID.matcher(body);
    return m.find() ? m.group(1) : null;
  }

  /**
   * The {@link #SHOWN} slowest of {@code total} (ms, in request order, {@code ids} alongside) with their stages
   * from {@code stages} (posted → routed, routed → started, started → finished, posted since the run began).
   */
  static void print(PrintWriter out, double[] total, String[] ids, Map<String, double[]> stages, long since) {
    Integer[] order = new Integer[total.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingDouble(i -> -total[i]));
    StringBuilder line = new StringBuilder(String.format(
        "slowest requests (total ms = routed + started + ran + rest, at s after %tT.%<tL):", since));
    for (int k = 0; k < Math.min(SHOWN, order.length); k++) {
      int i = order[k];
      double[] s = ids[i] == null ? null : stages.get(ids[i]);
      if (s == null) {
        line.append(String.format(" %.1f (no timings);", total[i]));
      } else {
        line.append(String.format(" %.1f = %.0f + %.0f + %.0f + %.1f at %.1f;", total[i], s[0], s[1], s[2],
            total[i] - s[0] - s[1] - s[2], s[3] / 1000.0));
      }
    }
    out.println(line);
  }
}
