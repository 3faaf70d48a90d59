package dev.atmosphere.common.migration;

import dev.atmosphere.common.config.Settings;

/**
 * What a node's heartbeat says about model migration, so the router does not ask for a transfer the node would
 * refuse: whether it serves its models to others ({@code migration.serve}), accepts models from others
 * ({@code migration.accept}), how large a model it serves ({@code migration.max_mb}) and lets a migrated model spill
 * from its GPU to the CPU ({@code migration.allow_cpu}).
 * The same keys and defaults as {@link MigrationSettings}.
 */
public record MigrationFlags(boolean serves, boolean accepts, boolean allowsCpu, long maxBytes) {

  public static MigrationFlags from(Settings s) {
    return new MigrationFlags(s.get(MigrationKeys.SERVE), s.get(MigrationKeys.ACCEPT), s.get(MigrationKeys.ALLOW_CPU),
        MigrationSettings.maxBytes(s));
  }
}
