package dev.atmosphere.ops.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The house rules that keep the layout: the deployables talk only through Kafka (none imports another), only the
 * launcher ({@code ops}) wires them together, the router's topology internals stay inside the router, and each vendor
 * lives in its own package of {@code backends}, which knows no service.
 */
class ArchitectureTest {

  private static final String ROUTER = "dev.atmosphere.router..";
  private static final String INGEST = "dev.atmosphere.ingest..";
  private static final String EXECUTOR = "dev.atmosphere.executor..";
  private static final String SCALER = "dev.atmosphere.scaler..";
  private static final String MONITORING = "dev.atmosphere.monitoring..";
  private static final String SITE = "dev.atmosphere.site..";
  private static final String GATEWAY = "dev.atmosphere.gateway..";
  private static JavaClasses production;

  @BeforeAll
  static void load() {
    production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.atmosphere");
  }

  @Test
  void shouldKeepTheGatewayAnEdgeThatKnowsTheMeshOnlyThroughItsPort() {
    holds(noClasses().that().resideInAPackage(GATEWAY).should().dependOnClassesThat()
        .resideInAnyPackage(ROUTER, INGEST, EXECUTOR, SCALER, MONITORING, SITE));
  }

  @Test
  void shouldKeepTheClientToKafkaAndTheWireTypes() {
    holds(noClasses().that().resideInAPackage("dev.atmosphere.client..").should().dependOnClassesThat()
        .resideInAnyPackage(ROUTER, INGEST, EXECUTOR, SCALER, MONITORING, SITE, GATEWAY, "dev.atmosphere.ops.."));
  }

  @Test
  void shouldKeepTheSiteLinkApartFromEveryService() {
    holds(noClasses().that().resideInAPackage(SITE).should().dependOnClassesThat()
        .resideInAnyPackage(ROUTER, INGEST, EXECUTOR, SCALER, MONITORING));
    holds(noClasses().that().resideInAnyPackage(ROUTER, INGEST, EXECUTOR, SCALER, MONITORING).should()
        .dependOnClassesThat().resideInAPackage(SITE));
  }

  @Test
  void shouldKeepEveryServiceFromImportingAnother() {
    holds(noClasses().that().resideInAPackage(ROUTER).should().dependOnClassesThat()
        .resideInAnyPackage(INGEST, EXECUTOR, SCALER, MONITORING));
    holds(noClasses().that().resideInAPackage(INGEST).should().dependOnClassesThat()
        .resideInAnyPackage(ROUTER, EXECUTOR, SCALER, MONITORING));
    holds(noClasses().that().resideInAPackage(EXECUTOR).should().dependOnClassesThat()
        .resideInAnyPackage(ROUTER, INGEST, SCALER, MONITORING));
    holds(noClasses().that().resideInAPackage(SCALER).should().dependOnClassesThat()
        .resideInAnyPackage(ROUTER, INGEST, EXECUTOR, MONITORING));
    holds(noClasses().that().resideInAPackage(MONITORING).should().dependOnClassesThat()
        .resideInAnyPackage(ROUTER, INGEST, EXECUTOR, SCALER));
  }

  @Test
  void shouldKeepTheSharedModulesFreeOfServices() {
    holds(noClasses().that().resideInAnyPackage("dev.atmosphere.common..", "dev.atmosphere.schemas..").should()
        .dependOnClassesThat().resideInAnyPackage(ROUTER, INGEST, EXECUTOR, SCALER, MONITORING, "dev.atmosphere.ops.."));
  }

  @Test
  void shouldKeepTheBackendsFreeOfServicesAndEdges() {
    holds(noClasses().that().resideInAPackage("dev.atmosphere.backends..").should().dependOnClassesThat()
        .resideInAnyPackage(ROUTER, INGEST, EXECUTOR, SCALER, MONITORING, SITE, GATEWAY, "dev.atmosphere.ops.."));
  }

  @Test
  void shouldKeepEachVendorInItsOwnPackage() {
    holds(noClasses().that().resideInAPackage("dev.atmosphere.backends.llamafarm..").should().dependOnClassesThat()
        .resideInAnyPackage("dev.atmosphere.backends.ollama..", "dev.atmosphere.backends.builtin.."));
    holds(noClasses().that().resideInAPackage("dev.atmosphere.backends.ollama..").should().dependOnClassesThat()
        .resideInAnyPackage("dev.atmosphere.backends.llamafarm..", "dev.atmosphere.backends.builtin.."));
  }

  @Test
  void shouldKeepTheRouterTopologyInsideTheRouter() {
    holds(noClasses().that().resideOutsideOfPackage(ROUTER).should().dependOnClassesThat()
        .resideInAPackage("dev.atmosphere.router.topology.."));
  }

  /**
   * Jackson only at the edges — HTTP (gateway, backends, migration transfers, the registry client), files (YAML
   * config, ledgers, policies, evaluation sets) and the CLI's printing: what travels on Kafka is Avro, so the router's
   * stream processing, the executor's work path, the client, the site link and the Kafka helpers never touch JSON.
   */
  @Test
  void shouldKeepJacksonToTheEdges() {
    holds(noClasses().that().resideInAnyPackage("dev.atmosphere.router", "dev.atmosphere.router.topology..",
            "dev.atmosphere.router.scoring..", "dev.atmosphere.router.plan..", "dev.atmosphere.router.cache..",
            "dev.atmosphere.router.federated..", "dev.atmosphere.executor", "dev.atmosphere.client..", SITE,
            "dev.atmosphere.scaler", "dev.atmosphere.common.kafka..", "dev.atmosphere.schemas.topics..")
        .should().dependOnClassesThat().resideInAPackage("com.fasterxml.jackson.."));
  }

  /** The rule holds over the production classes: no violation, and each one listed if there is. */
  private static void holds(ArchRule rule) {
    assertThat(rule.evaluate(production).getFailureReport().getDetails()).as(rule.getDescription()).isEmpty();
  }
}
