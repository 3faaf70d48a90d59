package dev.atmosphere.monitoring;

import dev.atmosphere.common.config.Settings;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitoring job on a local Flink MiniCluster inside this JVM — how {@code ./atmosphere up} runs it; on a real
 * deployment the same job runs on a Flink cluster from its jar ({@link MonitoringJob#main}). Closing cancels the job.
 */
public final class MonitoringService implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MonitoringService.class);

  private final JobClient job;

  private MonitoringService(JobClient job) {
    this.job = job;
  }

  public static MonitoringService start(Settings settings) {
    Configuration flink = new Configuration();
    flink.setString("taskmanager.memory.network.max", "64m");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, flink);
    try {
      JobClient job = MonitoringJob.start(env, settings);
      log.info("monitoring job {} running on a local Flink MiniCluster", job.getJobID());
      return new MonitoringService(job);
    } catch (Exception e) {
      throw new IllegalStateException("could not start the monitoring job: " + e.getMessage(), e);
    }
  }

  public String jobId() {
    return job.getJobID().toString();
  }

  @Override
  public void close() {
    try {
      job.cancel().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("monitoring job did not cancel cleanly: {}", e.toString());
    }
  }
}
