package dev.atmosphere.ops.cli;

import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.client.MeshClient;
import dev.atmosphere.ops.acl.MeshAcls;
import dev.atmosphere.schemas.topics.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code atmosphere acls}: applies the mesh's least-privilege ACL set ({@link MeshAcls}) to a cluster with an
 * authorizer — what the compose stack runs once at start, and what {@code AclsIT} proves works. Connect as a super user
 * ({@code kafka.client.*} SASL settings).
 */
@Command(name = "acls", description = "Apply the mesh's ACLs (least privilege per deployable) to a secured cluster.",
    footer = "Example: ./atmosphere acls --router router --node compose-node --monitoring monitoring "
        + "--registry-principal registry --dry-run")
final class AclsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin Connection connection;

  @Option(names = "--router", description = "Principal of the router (and the scaler running with it).",
      defaultValue = "router")
  String router;

  @Option(names = "--node", description = "Principal of a node; its node.name must be the same (node ids are "
      + "<name>-<fingerprint>). Repeatable.")
  List<String> nodes = new ArrayList<>();

  @Option(names = "--monitoring", description = "Principal of the Flink monitoring job.")
  String monitoring;

  @Option(names = "--registry-principal", description = "Principal of a Kafka-backed schema registry (topic _schemas).")
  String registry;

  @Option(names = "--dry-run", description = "Print the ACLs instead of applying them.")
  boolean dryRun;

  @Override
  public Integer call() throws Exception {
    Settings settings = connection.settings(AtmosphereCli.home());
    Topics topics = connection.topics(settings);
    String routerApp = settings.get(dev.atmosphere.router.RouterKeys.APPLICATION_ID);
    List<AclBinding> acls = new ArrayList<>(MeshAcls.router(router, topics, routerApp));
    acls.addAll(MeshAcls.scaler(router, topics, settings.get(dev.atmosphere.scaler.ScalerKeys.APPLICATION_ID)));
    nodes.forEach(node -> acls.addAll(MeshAcls.node(node, topics, node)));
    if (monitoring != null) {
      acls.addAll(MeshAcls.monitoring(monitoring, topics, settings.get(
          dev.atmosphere.monitoring.MonitoringKeys.GROUP_ID)));
    }
    if (registry != null) {
      acls.addAll(MeshAcls.registry(registry));
    }
    PrintWriter out = spec.commandLine().getOut();
    if (dryRun) {
      acls.forEach(a -> out.println(a.entry().principal() + " " + a.entry().operation() + " "
          + a.pattern().resourceType() + " " + a.pattern().name() + " (" + a.pattern().patternType() + ")"));
      return AtmosphereCli.OK;
    }
    KafkaConnection kafka = connection.kafka(settings);
    MeshClient.checkBroker(kafka, Duration.ofSeconds(10));
    try (Admin admin = Admin.create(kafka.clientProps())) {
      admin.createAcls(acls).all().get(60, TimeUnit.SECONDS);
    }
    out.println(acls.size() + " ACLs in place");
    return AtmosphereCli.OK;
  }
}
