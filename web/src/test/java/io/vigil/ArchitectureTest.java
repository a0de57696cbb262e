package io.vigil;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package structure the README draws, checked on every build: no package depends on itself through
 * others, the lower layers (analytics, ingest, store, alerts) never reach up into the web, cluster or
 * platform packages that put them together, and SQL is run only by the store. Main classes of every module only: tests may cross
 * anything.
 */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ArchitectureTest::isMainClass)
        .importPackages("io.vigil");
    // An import that found nothing would pass every rule below.
    for (String layer : new String[] {"analytics", "config", "ingest", "store", "alerts", "web", "cluster", "platform"}) {
      assertTrue(classes.stream().anyMatch(c -> c.getPackageName().startsWith("io.vigil." + layer)), layer);
    }
  }

  /** Test classes of this module and the ingest module's test jar are left out. */
  private static boolean isMainClass(Location location) {
    return new ImportOption.DoNotIncludeTests().includes(location) && !location.contains("-tests.jar");
  }

  @Test
  void topLevelPackagesHaveNoCycles() {
    slices().matching("io.vigil.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void packagesHaveNoCycles() {
    slices().matching("io.vigil.(**)").should().beFreeOfCycles().check(classes);
  }

  @Test
  void lowerLayersDoNotReachUp() {
    noClasses().that().resideInAnyPackage("io.vigil.analytics..", "io.vigil.config..", "io.vigil.ingest..",
            "io.vigil.store..", "io.vigil.alerts..")
        .should().dependOnClassesThat().resideInAnyPackage("io.vigil.web..", "io.vigil.cluster..",
            "io.vigil.platform..")
        .check(classes);
  }

  /** The whole configuration is typed in one home, which reads the file and nothing of the application. */
  @Test
  void configurationDependsOnlyOnTheAnalyticsValuesItTypes() {
    noClasses().that().resideInAPackage("io.vigil.config..")
        .should().dependOnClassesThat().resideInAnyPackage("io.vigil.ingest..", "io.vigil.store..", "io.vigil.alerts..",
            "io.vigil.web..", "io.vigil.cluster..", "io.vigil.platform..", "io.vigil.cli..", "io.vigil.bench..")
        .check(classes);
  }

  @Test
  void onlyStoreRunsSql() {
    noClasses().that().resideOutsideOfPackage("io.vigil.store..")
        .should().dependOnClassesThat().haveFullyQualifiedName("java.sql.Connection")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.sql.Statement")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.sql.PreparedStatement")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.sql.ResultSet")
        .check(classes);
  }
}
