// How an app plugs into the process: its config sections and a factory. The CLI keeps
// the list of modules; the core composes their schema sections and builds the apps.
import type { App } from './app';
import type { ConfigSections, JsonSchema } from './config/schema';
import type { SlrConfig } from './config/types';
import type { Logger } from './logger';
import type { ControllerMetrics } from './metrics/controller-metrics';

/** Process-wide services a module may hook into (all optional: tests pass none). */
export interface AppEnvironment {
  /** Present when the metrics section enables GET /metrics. */
  readonly metrics?: ControllerMetrics;
}

export interface AppModule {
  /** Also the key of its section under "apps" when `appSchema` is given. */
  readonly name: string;
  readonly appSchema?: JsonSchema;
  /** Extra top-level sections this module owns (e.g. "redis"). */
  readonly topLevelSchemas?: Record<string, JsonSchema>;
  /** The app for this config, or undefined when the config disables it. */
  create(config: SlrConfig, log: Logger, env?: AppEnvironment): App | undefined;
}

export function configSectionsOf(modules: readonly AppModule[]): ConfigSections {
  const sections: Required<ConfigSections> = { topLevel: {}, apps: {} };
  for (const m of modules) {
    if (m.appSchema) sections.apps[m.name] = m.appSchema;
    for (const [name, schema] of Object.entries(m.topLevelSchemas ?? {})) {
      if (name in sections.topLevel) throw new Error(`config section "${name}" is claimed by two modules`);
      sections.topLevel[name] = schema;
    }
  }
  return sections;
}
