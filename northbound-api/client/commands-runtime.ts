// `slr ctl pins|simulate|switches|levels|peers|health`: the running controller.
import { endpoint, endpointText, numberFlag, positional, UsageError } from './args';
import type { CommandGroup, CtlContext } from './command';
import { keyValues, table } from './format';
import { levelsText, PEER_COLUMNS, PIN_COLUMNS, simulateText, SWITCH_COLUMNS, switchText } from './views';

type Row = Record<string, unknown>;

function pinPath(ctx: CtlContext): string {
  const protocol = positional(ctx.args, 0, 'protocol (tcp|udp)');
  if (protocol !== 'tcp' && protocol !== 'udp') throw new UsageError(`protocol must be tcp or udp, got "${protocol}"`);
  const client = endpoint(ctx.args.positionals[1], 'the client');
  const vip = endpoint(ctx.args.positionals[2], 'the VIP');
  return `/v1/pins/${protocol}/${encodeURI(endpointText(client))}/${encodeURI(endpointText(vip))}`;
}

export const PINS: CommandGroup = {
  summary: 'pinned connections',
  commands: {
    list: {
      usage: 'list [--vip PREFIX] [--client PREFIX] [--target ID] [--limit N]',
      flags: ['vip', 'client', 'target', 'limit'],
      run: async (ctx) => {
        const q = new URLSearchParams();
        for (const f of ['vip', 'client', 'target']) {
          const v = ctx.args.flags.get(f);
          if (v !== undefined) q.set(f, v);
        }
        const limit = numberFlag(ctx.args, 'limit');
        if (limit !== undefined) q.set('limit', String(limit));
        const qs = q.toString();
        const body = (await ctx.client.request('GET', `/v1/pins${qs ? `?${qs}` : ''}`)).body as { items: Row[]; total: number; truncated: boolean };
        const foot = body.truncated ? `(first ${body.items.length} shown; ${body.total} pins in all)\n` : '';
        return { json: body, text: table(PIN_COLUMNS, body.items) + foot };
      },
    },
    get: {
      usage: 'get tcp|udp CLIENT:PORT VIP:PORT',
      positionals: 3,
      run: async (ctx) => {
        const res = await ctx.client.request('GET', pinPath(ctx));
        return { json: res.body, text: keyValues(res.body as Row) };
      },
    },
    delete: {
      usage: 'delete tcp|udp CLIENT:PORT VIP:PORT',
      positionals: 3,
      run: async (ctx) => {
        const path = pinPath(ctx);
        await ctx.client.request('DELETE', path);
        return { json: { deleted: path.slice('/v1/pins/'.length) }, text: 'pin deleted (the connection is not cut; it is no longer re-pinned)\n' };
      },
    },
  },
};

export const SIMULATE: CommandGroup = {
  summary: 'which target a new connection would get now, and why',
  commands: {
    '': {
      usage: '--client IP:PORT|[IPv6]:PORT --vip IP:PORT|[IPv6]:PORT [--protocol tcp|udp]',
      flags: ['client', 'vip', 'protocol'],
      run: async (ctx) => {
        const client = endpoint(ctx.args.flags.get('client'), '--client');
        const vip = endpoint(ctx.args.flags.get('vip'), '--vip');
        const protocol = ctx.args.flags.get('protocol') ?? 'tcp';
        const res = await ctx.client.request('POST', '/v1/simulate', { client: client.ip, clientPort: client.port, vip: vip.ip, vipPort: vip.port, protocol });
        return { json: res.body, text: simulateText(res.body as Row) };
      },
    },
  },
};

export const SWITCHES: CommandGroup = {
  summary: 'switches and their ports',
  commands: {
    list: {
      usage: 'list',
      run: async (ctx) => {
        const items = ((await ctx.client.request('GET', '/v1/switches')).body as { items: Row[] }).items;
        return { json: items, text: table(SWITCH_COLUMNS, items) };
      },
    },
    get: {
      usage: 'get DPID',
      positionals: 1,
      run: async (ctx) => {
        const res = await ctx.client.request('GET', `/v1/switches/${encodeURIComponent(positional(ctx.args, 0, 'dpid'))}`);
        return { json: res.body, text: switchText(res.body as Row) };
      },
    },
  },
};

export const LEVELS: CommandGroup = {
  summary: 'SLR levels and the load they advertise per subnet',
  commands: {
    list: {
      usage: 'list',
      run: async (ctx) => {
        const items = ((await ctx.client.request('GET', '/v1/levels')).body as { items: Row[] }).items;
        return { json: items, text: levelsText(items) };
      },
    },
  },
};

export const PEERS: CommandGroup = {
  summary: 'neighbouring SLRs and agents',
  commands: {
    list: {
      usage: 'list',
      run: async (ctx) => {
        const items = ((await ctx.client.request('GET', '/v1/peers')).body as { items: Row[] }).items;
        return { json: items, text: table(PEER_COLUMNS, items) };
      },
    },
  },
};

export const HEALTH: CommandGroup = {
  summary: 'controller health: ok, or degraded and why',
  commands: {
    '': {
      usage: '',
      run: async (ctx) => {
        const body = (await ctx.client.request('GET', '/v1/health')).body as Row;
        return { json: body, text: healthText(body) };
      },
    },
  },
};

function healthText(body: Row): string {
  const store = body.store as Row | undefined;
  const switches = body.switches as Row | undefined;
  const ingress = (switches?.ingress as Row[] | undefined) ?? [];
  const problems = (body.problems as Row[] | undefined) ?? [];
  const head = keyValues({
    status: body.status,
    version: body.version,
    uptime: `${String(body.uptimeSeconds)} s`,
    store: store ? `${String(store.kind)} (${store.connected ? 'connected' : 'DISCONNECTED'})` : '-',
    switches: switches ? `${String(switches.connected)} connected of ${String(switches.known)}` : '-',
    ingress: ingress.length === 0 ? '-' : ingress.map((s) => `${String(s.dpid)} ${s.connected ? 'up' : 'DOWN'}`).join(', '),
    pins: body.pins,
    stateGeneration: body.stateGeneration,
  });
  return problems.length === 0 ? head : `${head}\nproblems:\n${problems.map((p) => `  ${String(p.message)}\n`).join('')}`;
}
