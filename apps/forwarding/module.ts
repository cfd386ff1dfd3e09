// How the process loads the forwarding app: its apps.forwarding section and factory.
import type { AppModule } from '../../controller';
import { FORWARDING_CONFIG_SCHEMA, forwardingConfigFrom } from './config';
import { ForwardingApp } from './forwarding-app';

export const forwardingModule: AppModule = {
  name: 'forwarding',
  appSchema: FORWARDING_CONFIG_SCHEMA,
  create(config) {
    const cfg = forwardingConfigFrom(config.apps.forwarding);
    return cfg.enabled ? new ForwardingApp(cfg) : undefined;
  },
};
