// How the process loads the qos app: the `qos` config section, and a factory that needs
// the routing catalog (the services whose prefixes are metered).
import type { AppModule, Logger, SlrConfig } from '../../controller';
import { SlrError } from '../../controller';
import { QOS_SECTION_SCHEMA, qosConfigFrom } from './config-schema';
import { QosApp, QosChangeError } from './qos-app';
import type { ServiceDirectory } from './shares';

/** Contributes the `qos` section; the app itself is made by createQosApp once the SLR levels exist. */
export const qosModule: AppModule = {
  name: 'qos',
  topLevelSchemas: { qos: QOS_SECTION_SCHEMA },
  create: () => undefined,
};

/** The qos app for this config, or undefined without a `qos` section. Meaning errors are config errors naming the key. */
export function createQosApp(config: SlrConfig, dir: ServiceDirectory | undefined, log: Logger): QosApp | undefined {
  const cfg = qosConfigFrom(config.qos);
  if (cfg === undefined) return undefined;
  if (dir === undefined) throw new SlrError('CONFIG_INVALID', 'qos: needs a serviceRouting level (the services whose shares it enforces)');
  try {
    return new QosApp(cfg, dir, log);
  } catch (err) {
    if (err instanceof QosChangeError) {
      throw new SlrError('CONFIG_INVALID', err.problems.map((p) => `${p.field}: ${p.reason}`).join('\n'), { details: { problems: err.problems } });
    }
    throw err;
  }
}
