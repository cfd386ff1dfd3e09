// Wires the hot-spare coordinator into a controller process (the ha config section):
// the lease in the process's Redis, the core's roles, and what a promotion does at this
// level of the code: restore every level's mirrored pins before claiming MASTER, then
// start the registration services and upstream links (agents and the level above talk
// to the master only), again and again until they start: the new master takes over the
// addresses the old one listened on (the same config), which a paused old master holds
// until it exits. A process that another controller demoted exits (code 3) so its
// supervisor restarts it as a spare with a clean pin table.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import {
  checkTiming,
  HotSpare,
  leaseTimingOf,
  RedisLeaseStore,
  redisEndpointOf,
  SlrError,
  systemClock,
  type Controller,
  type HaConfig,
  type Logger,
  type RedisConfig,
  type SlrConfig,
} from '../controller';
import type { ControllerMetrics } from '../controller/metrics';
import type { SlrProcess } from './slr-process';

/** The ha section when it asks for a hot-spare pair; a CONFIG_INVALID SlrError when it cannot work. */
export function haConfigOf(config: SlrConfig): HaConfig | undefined {
  const ha = config.ha as HaConfig | undefined;
  if (ha === undefined || !ha.enabled) return undefined;
  if (config.redis === undefined) throw new SlrError('CONFIG_INVALID', 'ha: a hot spare mirrors pins and holds its lease in Redis: the redis section is required');
  const problems = checkTiming(leaseTimingOf(ha));
  if (problems.length > 0) throw new SlrError('CONFIG_INVALID', problems.join('\n'), { details: { problems } });
  return ha;
}

/**
 * The afterMaster hook: every level's registration service, neighbours and link to the
 * level above. When one cannot start (e.g. an old master that was paused, not killed,
 * still answers on the registration socket until it wakes up and exits), what did start
 * is closed again before the error goes back to the coordinator, so its next attempt
 * starts every service afresh (none is bound twice).
 */
export async function startPeeringAfresh(slr: Pick<SlrProcess, 'startPeering' | 'stopPeering'> | undefined): Promise<void> {
  if (slr === undefined) return;
  try {
    await slr.startPeering();
  } catch (err) {
    await slr.stopPeering().catch(() => undefined);
    throw err;
  }
}

export interface HotSpareWiring {
  controller: Controller;
  ha: HaConfig;
  redis: RedisConfig;
  slr: SlrProcess | undefined;
  log: Logger;
  metrics?: ControllerMetrics;
  /** Called once when another controller took the lease from this one. */
  onDemoted(): void;
}

export async function startHotSpare(w: HotSpareWiring): Promise<HotSpare> {
  const owner = w.ha.instanceId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const timing = leaseTimingOf(w.ha);
  const store = new RedisLeaseStore({ ...redisEndpointOf(w.redis), keyPrefix: w.redis.keyPrefix, commandTimeoutMs: Math.max(20, Math.floor(timing.ttlMs / 2)) });
  let demoted = false;
  const spare = new HotSpare({
    controller: w.controller,
    store,
    timing,
    clock: systemClock,
    owner,
    log: w.log,
    hooks: {
      beforeMaster: async () => {
        for (const level of w.slr?.levels ?? []) {
          level.beginWarmUp();
          const restored = await level.restorePins();
          w.log.info({ level: level.id, restored, pins: level.pins.size }, 'hot spare: pins restored from the mirror');
        }
      },
      afterMaster: () => startPeeringAfresh(w.slr),
      demoted: () => {
        if (demoted) return;
        demoted = true;
        w.onDemoted();
      },
    },
  });
  w.metrics?.watchHotSpare(spare);
  await store.whenReady(2000);
  w.log.info({ owner, ...timing }, 'hot spare: contending for the master lease');
  spare.start();
  const stop = spare.stop.bind(spare);
  spare.stop = async () => {
    await stop();
    await store.close();
  };
  return spare;
}
