package dev.atmosphere.ops.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The house rules that keep the layout: the deployables talk only through Kafka (none imports another), only the
 * launcher ({@code ops}) wires them together, and the router's topology internals stay inside the router.
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
    noClasses().that().resideInAPackage(GATEWAY).should().dependOnClassesThat()
        .resideInAnyPackage(ROUTER, INGEST, EXECUTOR, SCALER, MONITORING, SITE).check(production);
  }

  @Test
  void shouldKeepTheClientToKafkaAndTheWireTypes() {
    noClasses().that().resideInAPackage("dev.atmosphere.client..").should().dependOnClassesThat()
        .resideInAnyPackage(ROUTER, INGEST, EXECUTOR, SCALER, MONITORING, SITE, GATEWAY, "dev.atmosphere.ops..")
        .check(production);
  }

  @Test
  void shouldKeepTheSiteLinkApartFromEveryService() {
    noClasses().that().resideInAPackage(SITE).should().dependOnClassesThat()
        .resideInAnyPackage(ROUTER, INGEST, EXECUTOR, SCALER, MONITORING).check(production);
    noClasses().that().resideInAnyPackage(ROUTER, INGEST, EXECUTOR, SCALER, MONITORING).should()
        .dependOnClassesThat().resideInAPackage(SITE).check(production);
  }

  @Test
  void shouldKeepEveryServiceFromImportingAnother() {
    noClasses().that().resideInAPackage(ROUTER).should().dependOnClassesThat()
        .resideInAnyPackage(INGEST, EXECUTOR, SCALER, MONITORING).check(production);
    noClasses().that().resideInAPackage(INGEST).should().dependOnClassesThat()
        .resideInAnyPackage(ROUTER, EXECUTOR, SCALER, MONITORING).check(production);
    noClasses().that().resideInAPackage(EXECUTOR).should().dependOnClassesThat()
        .resideInAnyPackage(ROUTER, INGEST, SCALER, MONITORING).check(production);
    noClasses().that().resideInAPackage(SCALER).should().dependOnClassesThat()
        .resideInAnyPackage(ROUTER, INGEST, EXECUTOR, MONITORING).check(production);
    noClasses().that().resideInAPackage(MONITORING).should().dependOnClassesThat()
        .resideInAnyPackage(ROUTER, INGEST, EXECUTOR, SCALER).check(production);
  }

  @Test
  void shouldKeepTheSharedModulesFreeOfServices() {
    noClasses().that().resideInAnyPackage("dev.atmosphere.common..", "dev.atmosphere.schemas..").should()
        .dependOnClassesThat().resideInAnyPackage(ROUTER, INGEST, EXECUTOR, SCALER, MONITORING, "dev.atmosphere.ops..")
        .check(production);
  }

  @Test
  void shouldKeepTheRouterTopologyInsideTheRouter() {
    noClasses().that().resideOutsideOfPackage(ROUTER).should().dependOnClassesThat()
        .resideInAPackage("dev.atmosphere.router.topology..").check(production);
  }
}
