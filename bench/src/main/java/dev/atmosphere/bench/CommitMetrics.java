package dev.atmosphere.bench;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * What the exactly-once commits cost, from the clients' own metrics (everything a bench starts runs in its JVM): the
 * Streams threads' commit latency (router, scaler, site link) and the transactional producers' time in
 * commitTransaction — where a request's transactional hops spend their time.
 */
final class CommitMetrics {

  private static final String UUID = "-[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}";

  private CommitMetrics() {}

  static void print(PrintWriter out) throws Exception {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    StringBuilder line = new StringBuilder("exactly-once commits (means over the run, ms):");
    for (ObjectName name : server.queryNames(new ObjectName("kafka.streams:type=stream-thread-metrics,*"), null)) {
      var attrs = java.util.Arrays.stream(server.getMBeanInfo(name).getAttributes()).map(a -> a.getName()).toList();
      if (!attrs.contains("commit-latency-avg")) {
        continue; // a thread of an app whose metrics are not recorded
      }
      line.append(String.format(" streams thread %s commit %.2f (max %.2f);",
          name.getKeyProperty("thread-id").replaceAll(UUID, ""), (Double) server.getAttribute(name, "commit-latency-avg"),
          (Double) server.getAttribute(name, "commit-latency-max")));
    }
    for (ObjectName name : server.queryNames(new ObjectName("kafka.producer:type=producer-metrics,*"), null)) {
      double total = (Double) server.getAttribute(name, "txn-commit-time-ns-total");
      if (total > 0) {
        line.append(String.format(" producer %s commitTransaction total %.0f ms;",
            name.getKeyProperty("client-id").replaceAll(UUID, ""), total / 1e6));
      }
    }
    out.println(line);
  }
}
