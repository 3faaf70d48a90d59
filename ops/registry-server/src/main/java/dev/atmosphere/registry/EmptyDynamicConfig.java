package dev.atmosphere.registry;

import io.apicurio.common.apps.config.DynamicConfigPropertyList;
import javax.enterprise.inject.Produces;
import javax.inject.Singleton;
import java.util.List;

/**
 * Supplies the registry's list of runtime-editable properties. Apicurio normally generates it with an
 * annotation-processing module that is not published on Maven Central; the embedded registry edits none.
 */
public class EmptyDynamicConfig {

  @Produces
  @Singleton
  DynamicConfigPropertyList dynamicConfigPropertyList() {
    return new DynamicConfigPropertyList(List.of());
  }
}
