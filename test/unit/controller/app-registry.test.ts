import { AppRegistry } from '../../../controller/app-registry';
import type { App } from '../../../controller/app';
import {
  APP_ID_COOKIE_MASK,
  appIdOfCookie,
  CookieSpace,
  LOCAL_COOKIE_MAX,
} from '../../../controller/cookies';
import { isSlrError } from '../../../controller/errors';
import { silentLogger } from '../../../controller/logger';
import { changeToMessage } from '../../../controller/messages';
import type { FlowMod } from '../../../southbound/codec/types';

const app = (name: string, appId: number): App => ({ name, appId });

describe('cookie spaces', () => {
  it('gives each app a disjoint 48-bit range under its 16-bit id', () => {
    const a = new CookieSpace(1);
    const b = new CookieSpace(2);
    const aMax = a.stamp(LOCAL_COOKIE_MAX)!;
    const bMin = b.stamp(0n)!;
    expect(aMax).toBe(0x0001_ffff_ffff_ffffn);
    expect(bMin).toBe(0x0002_0000_0000_0000n);
    expect(aMax < bMin).toBe(true);
    expect(a.owns(aMax)).toBe(true);
    expect(a.owns(bMin)).toBe(false);
    expect(appIdOfCookie(bMin)).toBe(2);
  });

  it('refuses local cookies that would spill into another app', () => {
    const a = new CookieSpace(1);
    expect(a.stamp(LOCAL_COOKIE_MAX + 1n)).toBeUndefined();
    expect(a.stamp(-1n)).toBeUndefined();
    expect(a.confine(0n, LOCAL_COOKIE_MAX + 1n)).toBeUndefined();
  });

  it('always keeps the app-id bits in a delete mask', () => {
    const a = new CookieSpace(7);
    expect(a.confine(0n, 0n)).toEqual({ cookie: 7n << 48n, cookieMask: APP_ID_COOKIE_MASK });
    expect(a.confine(5n, 0xffn)).toEqual({ cookie: (7n << 48n) | 5n, cookieMask: APP_ID_COOKIE_MASK | 0xffn });
  });

  it('rejects ids 0 and 0xffff (hand-made flows and packet-ins without a flow)', () => {
    expect(() => new CookieSpace(0)).toThrow(RangeError);
    expect(() => new CookieSpace(0xffff)).toThrow(RangeError);
  });
});

describe('app registry', () => {
  it('registers apps in order and finds the owner of a cookie', () => {
    const reg = new AppRegistry();
    reg.register(app('a', 1), silentLogger());
    reg.register(app('b', 2), silentLogger());
    expect(reg.all().map((r) => r.app.name)).toEqual(['a', 'b']);
    expect(reg.ownerOf(0x0002_0000_0000_0042n)?.app.name).toBe('b');
    expect(reg.ownerOf(0n)).toBeUndefined();
    expect(reg.ownerOf(0x0003_0000_0000_0000n)).toBeUndefined();
  });

  it('refuses duplicate ids and names with stable error codes', () => {
    const reg = new AppRegistry();
    reg.register(app('a', 1), silentLogger());
    const dupId = (() => { try { reg.register(app('b', 1), silentLogger()); } catch (e) { return e; } })();
    expect(isSlrError(dupId, 'APP_DUPLICATE')).toBe(true);
    expect(() => reg.register(app('a', 3), silentLogger())).toThrow(/registered twice/);
    expect(() => reg.register(app('bad name', 4), silentLogger())).toThrow(/must be a word/);
    expect(() => reg.register(app('c', 0), silentLogger())).toThrow(/outside/);
  });

  it('stamps every write of an app with its own id', () => {
    const reg = new AppRegistry();
    const a = reg.register(app('a', 1), silentLogger());
    const b = reg.register(app('b', 2), silentLogger());
    const add = changeToMessage(b.space, { kind: 'add-flow', flow: { priority: 5, match: [], instructions: [], cookie: 9n } }) as FlowMod;
    expect(add.cookie).toBe(0x0002_0000_0000_0009n);
    const strict = changeToMessage(a.space, { kind: 'delete-flow', flow: { priority: 5, match: [], cookie: 9n } }) as FlowMod;
    expect(strict.cookie).toBe(0x0001_0000_0000_0009n);
    expect(strict.cookieMask).toBe((1n << 64n) - 1n);
    const wide = changeToMessage(a.space, { kind: 'delete-flows', filter: {} }) as FlowMod;
    // Even "delete everything" only reaches app a's flows.
    expect(wide.cookie).toBe(0x0001_0000_0000_0000n);
    expect(wide.cookieMask).toBe(APP_ID_COOKIE_MASK);
  });

  it('rejects a write outside the app space', () => {
    const reg = new AppRegistry();
    const a = reg.register(app('a', 1), silentLogger());
    let err: unknown;
    try {
      changeToMessage(a.space, { kind: 'add-flow', flow: { priority: 1, match: [], instructions: [], cookie: 1n << 48n } });
    } catch (e) {
      err = e;
    }
    expect(isSlrError(err, 'COOKIE_OUT_OF_RANGE')).toBe(true);
    expect(() => changeToMessage(a.space, { kind: 'delete-flows', filter: { cookie: 1n << 50n } })).toThrow(/48 bits/);
  });
});
