// The kinds of SLR level. Every level is the same code (catalog, decisions, pins,
// aggregation); a kind only says what its targets are and how they are reached by
// default. Adding a level kind is an entry here plus config, not a fork.
import type { TargetKind } from './types';
import type { LevelKind } from './config-schema';

export interface LevelKindInfo {
  /** What this level chooses among. */
  readonly targetKind: TargetKind;
  /** How its targets are reached: the last hop by MAC, or a tunnel toward the next level. */
  readonly delivery: 'local' | 'mpls';
  /** Words for people (logs, /v1/levels). */
  readonly chooses: string;
  /** What the level is as a target of the level above (undefined: nothing is above it). */
  readonly registersAs: TargetKind | undefined;
}

export const LEVEL_KINDS: Readonly<Record<LevelKind, LevelKindInfo>> = {
  site: { targetKind: 'server', delivery: 'local', chooses: 'servers', registersAs: 'site' },
  system: { targetKind: 'site', delivery: 'mpls', chooses: 'host sites', registersAs: 'as' },
  network: { targetKind: 'as', delivery: 'mpls', chooses: 'autonomous systems', registersAs: undefined },
};
