package dev.atmosphere.ops;

import dev.atmosphere.common.config.CommonKeys;
import dev.atmosphere.common.config.KeyCatalogue;
import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.migration.MigrationKeys;
import dev.atmosphere.executor.ExecutorKeys;
import dev.atmosphere.gateway.GatewayKeys;
import dev.atmosphere.ingest.IngestKeys;
import dev.atmosphere.monitoring.MonitoringKeys;
import dev.atmosphere.router.RouterKeys;
import dev.atmosphere.scaler.ScalerKeys;
import dev.atmosphere.site.SiteLinkKeys;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every deployable's key catalogue in one place — the launcher is the one module that may know them all: what
 * {@code ./atmosphere config keys} prints, what docs/configuration-keys.md holds, and what a settings file's keys are
 * checked against.
 */
public final class ConfigKeys {

  public static final KeyCatalogue CATALOGUE = KeyCatalogue.of(catalogue());

  private ConfigKeys() {}

  private static Map<String, Class<?>> catalogue() {
    Map<String, Class<?>> holders = new LinkedHashMap<>();
    holders.put("Every deployable (`CommonKeys`)", CommonKeys.class);
    holders.put("The launcher, `./atmosphere up` (`LauncherKeys`)", LauncherKeys.class);
    holders.put("Node agent (`IngestKeys`)", IngestKeys.class);
    holders.put("Gateway and node API (`GatewayKeys`)", GatewayKeys.class);
    holders.put("Router (`RouterKeys`)", RouterKeys.class);
    holders.put("Executor (`ExecutorKeys`)", ExecutorKeys.class);
    holders.put("Model migration (`MigrationKeys`)", MigrationKeys.class);
    holders.put("Scaler (`ScalerKeys`)", ScalerKeys.class);
    holders.put("Monitoring (`MonitoringKeys`)", MonitoringKeys.class);
    holders.put("Site link (`SiteLinkKeys`)", SiteLinkKeys.class);
    return holders;
  }

  /**
   * Keys set in a file that no part of Atmosphere reads, each with the key it probably meant. Environment variables
   * are not judged: {@code ATMOSPHERE_*} also names the launcher's own variables ({@code ATMOSPHERE_CONFIG}, …).
   */
  public static List<String> unknownInFiles(Settings s) {
    return CATALOGUE.unknown(s, source -> !source.startsWith("env ") && !source.equals("override"));
  }
}
