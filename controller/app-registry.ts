// Registered apps in registration order, each with its own cookie space. The registry
// refuses duplicate names and ids so two apps can never write each other's flows.
import type { App } from './app';
import { appIdOfCookie, CookieSpace, MAX_APP_ID, MIN_APP_ID } from './cookies';
import { SlrError } from './errors';
import { MeterSpace } from './meter-space';
import type { Logger } from './logger';

export interface RegisteredApp {
  readonly app: App;
  readonly space: CookieSpace;
  /** Its meter ids: the app id in the high 16 bits, like its cookies. */
  readonly meters?: MeterSpace;
  readonly log: Logger;
}

export class AppRegistry {
  private readonly byId = new Map<number, RegisteredApp>();
  private readonly ordered: RegisteredApp[] = [];

  register(app: App, log: Logger): RegisteredApp {
    if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(app.name)) {
      throw new SlrError('APP_INVALID', `app name "${app.name}" must be a word (letters, digits, _ or -)`);
    }
    if (!Number.isInteger(app.appId) || app.appId < MIN_APP_ID || app.appId > MAX_APP_ID) {
      throw new SlrError('APP_INVALID', `app "${app.name}": id ${app.appId} is outside ${MIN_APP_ID}..${MAX_APP_ID}`);
    }
    const sameId = this.byId.get(app.appId);
    if (sameId) {
      throw new SlrError('APP_DUPLICATE', `app "${app.name}": id ${app.appId} is already used by "${sameId.app.name}"`);
    }
    if (this.ordered.some((r) => r.app.name === app.name)) {
      throw new SlrError('APP_DUPLICATE', `app "${app.name}" is registered twice`);
    }
    const entry: RegisteredApp = { app, space: new CookieSpace(app.appId), meters: new MeterSpace(app.appId), log: log.child({ app: app.name }) };
    this.byId.set(app.appId, entry);
    this.ordered.push(entry);
    this.lastCookie = -1n;
    return entry;
  }

  get(appId: number): RegisteredApp | undefined {
    return this.byId.get(appId);
  }

  byName(name: string): RegisteredApp | undefined {
    return this.ordered.find((r) => r.app.name === name);
  }

  // Packet-ins from one table-miss flow all carry the same cookie: remembering the
  // last answer saves a BigInt shift (an allocation) per packet.
  private lastCookie = -1n;
  private lastOwner: RegisteredApp | undefined;

  /** The app whose cookie space holds this wire cookie. */
  ownerOf(cookie: bigint): RegisteredApp | undefined {
    if (cookie === this.lastCookie) return this.lastOwner;
    const owner = this.byId.get(appIdOfCookie(cookie));
    this.lastCookie = cookie;
    this.lastOwner = owner;
    return owner;
  }

  /** True when the app with this id declares desired flows, so its stale flows may be deleted. */
  reconciles(appId: number): boolean {
    return this.byId.get(appId)?.app.desiredFlows !== undefined;
  }

  all(): readonly RegisteredApp[] {
    return this.ordered;
  }
}
