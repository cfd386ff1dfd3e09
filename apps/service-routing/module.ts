// How the process loads the service-routing app: its serviceRouting and redis sections
// and a factory. Absent serviceRouting section: the app is not created.

import type { AppModule } from '../../controller/app-module';
import { REDIS_SECTION_SCHEMA, type RedisConfig } from '../../controller/store/config-schema';
import { createStore } from '../../controller/store/create-store';
import { componentLogger } from '../../controller/logger';
import { SlrError } from '../../controller/errors';
import { CatalogError } from '../../level/catalog/catalog';
import { SERVICE_ROUTING_SECTION_SCHEMA, type ServiceRoutingConfig } from '../../level/config-schema';
import { ServiceRoutingApp } from './service-routing-app';

export const serviceRoutingModule: AppModule = {
  name: 'service-routing',
  topLevelSchemas: { serviceRouting: SERVICE_ROUTING_SECTION_SCHEMA, redis: REDIS_SECTION_SCHEMA },
  create(config, log, env) {
    const sr = config.serviceRouting as ServiceRoutingConfig | undefined;
    if (sr === undefined) return undefined;
    const appLog = componentLogger(log, 'service-routing');
    const store = createStore(config.redis as RedisConfig | undefined, componentLogger(log, 'store'));
    try {
      const app = new ServiceRoutingApp({ config: sr, store, log: appLog });
      // Metrics: decisions and store round trips are pushed, the rest is read at scrape time.
      if (env?.metrics) {
        app.attachMetrics(env.metrics.decisions, env.metrics.storeLatency);
        env.metrics.watchServiceRouting(app);
      }
      return app;
    } catch (err) {
      // Meaning errors (overlaps, unknown targets) are config errors like schema ones.
      if (err instanceof CatalogError) {
        throw new SlrError('CONFIG_INVALID', err.errors.map((e) => `serviceRouting: ${e}`).join('\n'), { details: { problems: err.errors } });
      }
      throw err;
    }
  },
};
