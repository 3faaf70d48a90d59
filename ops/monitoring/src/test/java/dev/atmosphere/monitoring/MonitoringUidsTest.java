package dev.atmosphere.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/**
 * Every operator of the monitoring job has a stable uid, so a job restored from a savepoint or checkpoint after a
 * change finds its state (Flink otherwise derives ids from the graph's shape, and any edit orphans the state).
 */
class MonitoringUidsTest {

  @Test
  void shouldGiveEveryOperatorAStableUniqueUid() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
    MonitoringTopology.Streams streams = MonitoringTopology.build(env.fromData(MeshEvent.class,
            MeshEvent.heartbeat("n", 0, 1000, 0)).uid("test-source")
        .assignTimestampsAndWatermarks(MonitoringTopology.watermarks(MonitoringPatternsTest.CONFIG))
        .uid("test-watermarks"), MonitoringPatternsTest.CONFIG);
    streams.alerts().sinkTo(new DiscardingSink<>()).uid("test-alerts-sink");
    streams.timedOut().sinkTo(new DiscardingSink<>()).uid("test-timed-out-sink");

    List<StreamNode> nodes = List.copyOf(env.getStreamGraph().getStreamNodes());

    assertThat(nodes).hasSizeGreaterThan(15).allSatisfy(n ->
        assertThat(n.getTransformationUID()).as("uid of " + n.getOperatorName()).isNotBlank());
    assertThat(nodes.stream().map(StreamNode::getTransformationUID).distinct()).hasSameSizeAs(nodes);
  }
}
