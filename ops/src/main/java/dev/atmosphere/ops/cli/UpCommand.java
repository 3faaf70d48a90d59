package dev.atmosphere.ops.cli;

import dev.atmosphere.common.embed.CachingEmbedder;
import dev.atmosphere.common.embed.MiniLmEmbedder;
import dev.atmosphere.ops.Endpoints;
import dev.atmosphere.ops.MeshStack;
import java.io.PrintWriter;
import java.nio.file.Path;
import dev.atmosphere.common.config.NodeSettings;
import java.util.HashMap;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code atmosphere up}: the embedded default (real KRaft broker, real schema registry, router, this node's agent
 * and executor) or, when the config names {@code kafka.bootstrap.servers}/{@code registry.url}, the services
 * against that cluster. Runs until Ctrl-C, then stops everything it started.
 */
@Command(name = "up", description = "Start the mesh on this machine (embedded broker and registry by default).",
    footer = {"Example: ./atmosphere up --share-as laptop.local",
        "Two sites on one machine: ./atmosphere up --site a   and   ./atmosphere up --site b --link localhost:9092"})
final class UpCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--config", description = "Node config, YAML (default: $ATMOSPHERE_CONFIG, else ~/.llamafarm/config.yaml "
      + "with an atmosphere: section, else ~/.atmosphere/config.yaml) or .properties")
  Path config;

  @Option(names = "--node-name", description = "This node's name (default: host name); its id is name-fingerprint.")
  String nodeName;

  @Option(names = "--kafka-port", description = "Embedded broker port (default 9092, or a free one if taken).")
  Integer kafkaPort;

  @Option(names = "--registry-port", description = "Embedded registry port (default 8081, or a free one if taken).")
  Integer registryPort;

  @Option(names = "--share-as", description = "Let other machines join this one's broker and registry, reaching it "
      + "at this host name (needs mesh.join_code in the config).")
  String shareAs;

  @Option(names = "--share-tls", description = "With --share-as: encrypt the shared broker's network listener (a "
      + "self-signed certificate is made once; the other machines set kafka.tls.ca to the broker.pem it names).")
  boolean shareTls;

  @Option(names = "--site", description = "This mesh is one site of several, named so (a-z 0-9 _ -); its data goes "
      + "to .atmosphere/sites/<name> unless data.dir is set.")
  String site;

  @Option(names = "--link", description = "Link this site with the site whose Kafka is at this bootstrap address "
      + "(MirrorMaker 2, both ways; needs --site).")
  String link;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    Path home = AtmosphereCli.home();
    Map<String, String> overrides = new HashMap<>();
    if (nodeName != null) {
      overrides.put("node.name", nodeName);
    }
    if (kafkaPort != null) {
      overrides.put("embedded.kafka.port", kafkaPort.toString());
    }
    if (shareAs != null) {
      overrides.put("embedded.share.as", shareAs);
    }
    if (shareTls) {
      overrides.put("embedded.share.tls", "true");
    }
    if (registryPort != null) {
      overrides.put("embedded.registry.port", registryPort.toString());
    }
    if (link != null && site == null) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--link needs --site <this site's name>");
    }
    if (site != null) {
      overrides.put("site.name", site);
      overrides.putIfAbsent("data.dir", Connection.siteDataDir(home, site).toString());
    }
    if (link != null) {
      overrides.put("site.link.bootstrap", link);
    }
    NodeSettings settings = NodeSettings.read(Optional.ofNullable(config), System.getenv(),
        Path.of(System.getProperty("user.home")));
    out.println("starting atmosphere" + settings.file().map(f -> " with " + f).orElse(" (no config file)") + "...");
    out.flush();
    MeshStack stack = MeshStack.start(home, settings, System.getenv(), overrides,
        new CachingEmbedder(new MiniLmEmbedder(), 50_000));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stack.close();
      stopped.countDown();
    }, "atmosphere-shutdown"));
    Endpoints e = stack.endpoints();
    out.println("atmosphere is up.");
    out.println("  kafka bootstrap : " + e.bootstrap());
    out.println("  schema registry : " + e.registry());
    out.println("  node            : " + e.nodeId() + " (work topic " + e.get("topics.prefix") + ".work."
        + e.nodeId() + ")");
    if (e.gatewayUrl() != null) {
      out.println("  OpenAI gateway  : " + e.gatewayUrl() + "   (model \"auto\" routes by meaning)");
      out.println("  mesh view       : " + e.gatewayUrl().replaceFirst("/v1$", "/") + "   (open it in a browser)");
    }
    String shared = e.get(Endpoints.SHARED_BOOTSTRAP);
    if (shared != null) {
      String ca = e.get(Endpoints.SHARED_TLS_CA);
      out.println("  shared          : kafka " + shared + " (join code login" + (ca != null ? ", TLS" : "")
          + "), registry " + e.registry());
      out.println("  other machines  : kafka.bootstrap_servers: " + shared + ", kafka.auth: join_code, "
          + "kafka.registry_url: " + e.registry() + (ca != null ? ", kafka.tls_ca: <a copy of " + ca + ">" : ""));
    }
    String site = e.get("site.name");
    if (site != null) {
      String link = e.get("site.link.bootstrap");
      out.println("  site            : " + site + (link != null
          ? "   (linked with the site at " + link + "; CLI: --site " + site + ")" : "   (CLI: --site " + site + ")"));
    }
    out.println("  metrics         : " + e.metricsUrl().orElse("") + "   (Prometheus text)");
    out.println("try:  ./atmosphere intent \"summarise this contract\"   |   ./atmosphere capabilities");
    out.println("Ctrl-C stops everything.");
    out.flush();
    stopped.await();
    return AtmosphereCli.OK;
  }

}
