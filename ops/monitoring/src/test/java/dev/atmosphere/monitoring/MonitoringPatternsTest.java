package dev.atmosphere.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

/**
 * Every pattern of the monitoring job on a local Flink cluster, in event time: matches, near misses that must not
 * match, events out of order within the allowed lateness, and partial matches that time out.
 */
class MonitoringPatternsTest {

  static final MonitoringConfig CONFIG = new MonitoringConfig(Duration.ofMinutes(1), 5, Duration.ofSeconds(30),
      1000, Duration.ofMinutes(1), 10, 3, Duration.ofMinutes(1), 10, Duration.ofMinutes(1), 10, Duration.ofMinutes(1),
      Duration.ofSeconds(5));

  record Run(List<AlertEvent> alerts, List<String> timedOut) {
    List<AlertEvent> of(String type) {
      return alerts.stream().filter(a -> a.type.equals(type)).toList();
    }
  }

  static Run run(List<MeshEvent> events) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
    MonitoringTopology.Streams streams = MonitoringTopology.build(
        env.fromData(MeshEvent.class, events.toArray(MeshEvent[]::new))
            .assignTimestampsAndWatermarks(MonitoringTopology.watermarks(CONFIG)), CONFIG);
    try (CloseableIterator<AlertEvent> alerts = streams.alerts().collectAsync();
        CloseableIterator<String> timedOut = streams.timedOut().collectAsync()) {
      env.execute("monitoring-test");
      List<AlertEvent> a = new ArrayList<>();
      alerts.forEachRemaining(a::add);
      List<String> t = new ArrayList<>();
      timedOut.forEachRemaining(t::add);
      return new Run(a, t);
    }
  }

  private static long s(int seconds) {
    return seconds * 1000L;
  }

  /** Heartbeats of {@code node} every 2 s from {@code from} to {@code to} seconds, each valid for 5 s. */
  private static List<MeshEvent> beats(String node, int from, int to) {
    List<MeshEvent> out = new ArrayList<>();
    for (int t = from; t <= to; t += 2) {
      out.add(MeshEvent.heartbeat(node, s(t), s(t + 5), 0));
    }
    return out;
  }

  private static List<MeshEvent> sorted(List<MeshEvent> events) {
    List<MeshEvent> out = new ArrayList<>(events);
    out.sort((x, y) -> Long.compare(x.timestamp, y.timestamp));
    return out;
  }

  @Test
  void shouldAlertWhenANodeGoesDownComesBackAndGoesDownAgainWithinTheWindow() throws Exception {
    List<MeshEvent> events = new ArrayList<>(beats("steady", 0, 60));
    events.addAll(beats("flappy", 0, 6));    // dead at 11 s
    events.addAll(beats("flappy", 20, 24));  // alive at 20 s, dead at 29 s
    Run run = run(sorted(events));

    assertThat(run.of("NODE_FLAPPING")).singleElement().satisfies(a -> {
      assertThat(a.subject).isEqualTo("flappy");
      assertThat(a.windowStart).isEqualTo(s(11));
      assertThat(a.windowEnd).isEqualTo(s(29));
    });
  }

  @Test
  void shouldReportATimedOutPartialMatchWhenANodeComesBackAndStaysUp() throws Exception {
    List<MeshEvent> events = new ArrayList<>(beats("steady", 0, 150));
    events.addAll(beats("flappy", 0, 6));     // dead at 11 s
    events.addAll(beats("flappy", 20, 150));  // back at 20 s and up past the one-minute window
    Run run = run(sorted(events));

    assertThat(run.of("NODE_FLAPPING")).isEmpty();
    assertThat(run.timedOut()).anySatisfy(t -> assertThat(t).startsWith("flapping timed out after [down, up]"));
  }

  @Test
  void shouldAlertOnceOnAFailureBurstEvenWhenTheFailuresArriveOutOfOrder() throws Exception {
    List<MeshEvent> events = new ArrayList<>(beats("steady", 0, 40));
    for (int i = 0; i < 5; i++) {
      events.add(MeshEvent.result("n1", "cap-a", "FAILED", s(10 + i), 100, "HTTP 500 #" + i));
    }
    List<MeshEvent> shuffled = sorted(events);
    // swap neighbours among the failures: up to 1 s late, well within the 5 s allowed
    int first = shuffled.indexOf(events.get(events.size() - 5));
    Collections.swap(shuffled, first, first + 2);
    Run run = run(shuffled);

    assertThat(run.of("FAILURE_BURST")).extracting(a -> a.subject).containsExactlyInAnyOrder("n1", "cap-a");
    assertThat(run.of("FAILURE_BURST")).allSatisfy(a -> assertThat(a.count).isEqualTo(5));
  }

  @Test
  void shouldNotAlertWhenFailuresAreFewerOrSpreadBeyondTheWindow() throws Exception {
    List<MeshEvent> events = new ArrayList<>(beats("steady", 0, 200));
    for (int i = 0; i < 4; i++) {
      events.add(MeshEvent.result("few", "cap-few", "FAILED", s(10 + i), 100, "x"));
    }
    for (int i = 0; i < 5; i++) {
      events.add(MeshEvent.result("slow", "cap-slow", "FAILED", s(10 + i * 20), 100, "x"));
    }
    assertThat(run(sorted(events)).of("FAILURE_BURST")).isEmpty();
  }

  @Test
  void shouldAlertWhenTheQueueDeepensOnConsecutiveHeartbeatsButNotWhenItDips() throws Exception {
    List<MeshEvent> events = new ArrayList<>(beats("steady", 0, 30));
    int[] growing = {0, 1, 3, 6};
    int[] dipping = {0, 2, 1, 3};
    for (int i = 0; i < 4; i++) {
      events.add(MeshEvent.heartbeat("busy", s(2 * i), s(2 * i + 5), growing[i]));
      events.add(MeshEvent.heartbeat("wobbly", s(2 * i), s(2 * i + 5), dipping[i]));
    }
    Run run = run(sorted(events));

    assertThat(run.of("OVERLOAD_BUILDUP")).singleElement().satisfies(a -> {
      assertThat(a.subject).isEqualTo("busy");
      assertThat(a.value).isEqualTo(6.0);
      assertThat(a.message).contains("0 → 6");
    });
  }

  @Test
  void shouldAlertOnANoRouteStormNamingWhatWasMissing() throws Exception {
    List<MeshEvent> events = new ArrayList<>(beats("steady", 0, 30));
    for (int i = 0; i < 10; i++) {
      events.add(MeshEvent.result(null, null, "NO_ROUTE", s(5) + i * 100, 1, "no VISION capability is live"));
    }
    assertThat(run(sorted(events)).of("NO_ROUTE_STORM")).singleElement()
        .satisfies(a -> assertThat(a.message).contains("no VISION capability is live"));
  }

  @Test
  void shouldAlertOnceForEachFailedMigrationNamingTheModelAndWhy() throws Exception {
    List<MeshEvent> events = new ArrayList<>(beats("steady", 0, 30));
    events.add(MeshEvent.migrationFailed("m-1", "tiny:latest", "laptop-0123456789abcdef", s(7),
        "no space left on device"));
    Run run = run(sorted(events));

    assertThat(run.of("MIGRATION_FAILED")).singleElement().satisfies(a -> {
      assertThat(a.subject).isEqualTo("laptop-0123456789abcdef");
      assertThat(a.message).contains("tiny:latest").contains("no space left on device");
    });
  }

  @Test
  void shouldAlertOnDeadLetterAndSignatureSpikes() throws Exception {
    List<MeshEvent> events = new ArrayList<>(beats("steady", 0, 30));
    for (int i = 0; i < 10; i++) {
      events.add(MeshEvent.deadLetter("atmosphere.router.dlq", s(5) + i * 100,
          "dev.atmosphere.router.RejectedAnnouncement: signature does not verify"));
    }
    Run run = run(sorted(events));

    assertThat(run.of("DLQ_SPIKE")).singleElement().satisfies(a -> assertThat(a.subject)
        .isEqualTo("atmosphere.router.dlq"));
    assertThat(run.of("SIGNATURE_SPIKE")).singleElement().satisfies(a -> assertThat(a.severity).isEqualTo("CRITICAL"));
  }

  @Test
  void shouldAlertWhenTheWindowP99IsAboveTargetOnly() throws Exception {
    List<MeshEvent> events = new ArrayList<>(beats("steady", 0, 200));
    Random random = new Random(7);
    for (int i = 0; i < 30; i++) {
      events.add(MeshEvent.result("n", "c", "SUCCEEDED", s(1) + i * 100, 50 + random.nextInt(50), null));
      events.add(MeshEvent.result("n", "c", "SUCCEEDED", s(61) + i * 100, i == 29 ? 9_000 : 50, null));
    }
    Run run = run(sorted(events));

    assertThat(run.of("SLO_BREACH")).singleElement().satisfies(a -> {
      assertThat(a.value).isEqualTo(9000.0);
      assertThat(a.windowStart).isEqualTo(s(60));
    });
  }
}
