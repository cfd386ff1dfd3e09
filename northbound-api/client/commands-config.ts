// `slr ctl targets|services|policies ...`: the configured state.
import { listFlag, numberFlag, positional, UsageError, type ParsedArgs } from './args';
import { keyValues, table } from './format';
import type { Command, CommandGroup, CtlContext, CtlOutput } from './command';
import { POLICY_COLUMNS, SERVICE_COLUMNS, TARGET_COLUMNS, usageText } from './views';

type Row = Record<string, unknown>;

function ifMatch(args: ParsedArgs): Record<string, string> {
  const v = args.flags.get('if-match');
  return v === undefined ? {} : { 'if-match': /^".*"$/.test(v) || v === '*' ? v : `"${v}"` };
}

function bodyFromFile(ctx: CtlContext): Row | undefined {
  const file = ctx.args.flags.get('file');
  if (file === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(ctx.readFile(file));
  } catch (err) {
    throw new UsageError(`--file ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new UsageError(`--file ${file}: must hold a JSON object`);
  return parsed as Row;
}

/** Only the flags given: absent ones are left out, so the server applies its defaults or keeps the old value. */
function defined(obj: Row): Row {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined));
}

function one(ctx: CtlContext, body: unknown, title: string): CtlOutput {
  return { json: body, text: `${title}\n${keyValues(body as Row)}` };
}

function crud(path: string, noun: string, key: 'id' | 'name', columns: typeof TARGET_COLUMNS): Record<string, Command> {
  return {
    list: {
      usage: 'list',
      run: async (ctx) => {
        const items = ((await ctx.client.request('GET', path)).body as { items: Row[] }).items;
        return { json: items, text: table(columns, items) };
      },
    },
    get: {
      usage: `get ${key.toUpperCase()}`,
      positionals: 1,
      run: async (ctx) => {
        const id = positional(ctx.args, 0, `${noun} ${key}`);
        const res = await ctx.client.request('GET', `${path}/${encodeURIComponent(id)}`);
        return { json: res.body, text: keyValues(res.body as Row) };
      },
    },
    delete: {
      usage: `delete ${key.toUpperCase()} [--if-match VERSION]`,
      positionals: 1,
      flags: ['if-match'],
      run: async (ctx) => {
        const id = positional(ctx.args, 0, `${noun} ${key}`);
        await ctx.client.request('DELETE', `${path}/${encodeURIComponent(id)}`, undefined, ifMatch(ctx.args));
        return { json: { deleted: id }, text: `deleted ${noun} ${id}\n` };
      },
    },
  };
}

const targetFields = (args: ParsedArgs): Row => {
  const ip = args.flags.get('ip');
  const mac = args.flags.get('mac');
  if ((ip === undefined) !== (mac === undefined)) throw new UsageError('--ip and --mac go together');
  const port = numberFlag(args, 'port');
  return defined({
    kind: args.flags.get('kind'),
    weight: numberFlag(args, 'weight'),
    cost: numberFlag(args, 'cost'),
    adminState: args.flags.get('state'),
    attachment: ip === undefined ? undefined : defined({ ip, mac, port }),
  });
};

const TARGET_FLAGS = ['weight', 'cost', 'state', 'kind', 'ip', 'mac', 'port'];

function patchTarget(state?: string): Command {
  return {
    positionals: 1,
    flags: state ? ['if-match'] : [...TARGET_FLAGS, 'if-match'],
    usage: state ? `${state === 'enabled' ? 'enable' : state === 'draining' ? 'drain' : 'disable'} ID [--if-match VERSION]` : 'set ID [--weight N] [--cost N] [--state enabled|draining|disabled] [--kind K] [--ip IP --mac MAC [--port N]] [--if-match VERSION]',
    run: async (ctx) => {
      const id = positional(ctx.args, 0, 'target id');
      const body = state ? { adminState: state } : targetFields(ctx.args);
      if (Object.keys(body).length === 0) throw new UsageError('nothing to set: give --weight, --cost, --state, --kind or --ip/--mac');
      const res = await ctx.client.request('PATCH', `/v1/targets/${encodeURIComponent(id)}`, body, ifMatch(ctx.args));
      return one(ctx, res.body, `target ${id} updated`);
    },
  };
}

export const TARGETS: CommandGroup = {
  summary: 'servers (sites, ASes) with weight, cost and admin state',
  commands: {
    ...crud('/v1/targets', 'target', 'id', TARGET_COLUMNS),
    create: {
      positionals: 1,
      usage: 'create ID [--weight N] [--cost N] [--state S] [--kind K] [--ip IP --mac MAC [--port N]] | create --file F',
      flags: [...TARGET_FLAGS, 'file'],
      run: async (ctx) => {
        const body = bodyFromFile(ctx) ?? { id: positional(ctx.args, 0, 'target id'), ...targetFields(ctx.args) };
        const res = await ctx.client.request('POST', '/v1/targets', body);
        return one(ctx, res.body, `target ${String(body.id)} created`);
      },
    },
    set: patchTarget(),
    drain: patchTarget('draining'),
    enable: patchTarget('enabled'),
    disable: patchTarget('disabled'),
  },
};

const SERVICE_FLAGS = ['prefix', 'protocol', 'ports', 'targets', 'policy'];

const serviceFields = (args: ParsedArgs): Row => {
  const ports = listFlag(args, 'ports')?.map((p) => {
    if (!/^[0-9]+$/.test(p)) throw new UsageError(`--ports needs numbers, got "${p}"`);
    return Number(p);
  });
  return defined({ prefix: args.flags.get('prefix'), protocol: args.flags.get('protocol'), ports, targets: listFlag(args, 'targets'), policy: args.flags.get('policy') });
};

export const SERVICES: CommandGroup = {
  summary: 'VIPs and virtual subnets',
  commands: {
    ...crud('/v1/services', 'service', 'id', SERVICE_COLUMNS),
    create: {
      positionals: 1,
      usage: 'create ID --prefix P --protocol tcp|udp [--ports 80,443] --targets A,B --policy NAME | create --file F',
      flags: [...SERVICE_FLAGS, 'file'],
      run: async (ctx) => {
        const body = bodyFromFile(ctx) ?? { id: positional(ctx.args, 0, 'service id'), ...serviceFields(ctx.args) };
        const res = await ctx.client.request('POST', '/v1/services', body);
        return one(ctx, res.body, `service ${String(body.id)} created`);
      },
    },
    replace: {
      positionals: 1,
      usage: 'replace ID (--file F | --prefix P --protocol tcp|udp [--ports ..] --targets .. --policy NAME) [--if-match VERSION]',
      flags: [...SERVICE_FLAGS, 'file', 'if-match'],
      run: async (ctx) => {
        const id = positional(ctx.args, 0, 'service id');
        const body = bodyFromFile(ctx) ?? serviceFields(ctx.args);
        const res = await ctx.client.request('PUT', `/v1/services/${encodeURIComponent(id)}`, body, ifMatch(ctx.args));
        return one(ctx, res.body, `service ${id} replaced`);
      },
    },
    usage: {
      positionals: 1,
      usage: 'usage ID',
      run: async (ctx) => {
        const id = positional(ctx.args, 0, 'service id');
        const res = await ctx.client.request('GET', `/v1/services/${encodeURIComponent(id)}/usage`);
        return { json: res.body, text: usageText(res.body as Row) };
      },
    },
  },
};

export const POLICIES: CommandGroup = {
  summary: 'metric F and parameters, aggregation G, table update interval',
  commands: {
    ...crud('/v1/policies', 'policy', 'name', POLICY_COLUMNS),
    put: {
      positionals: 1,
      usage: 'put NAME (--file F | --type T [--load-factor N --cost-factor N] [--aggregation G] [--interval MS]) [--if-match VERSION]',
      flags: ['file', 'type', 'load-factor', 'cost-factor', 'aggregation', 'interval', 'if-match'],
      run: async (ctx) => {
        const name = positional(ctx.args, 0, 'policy name');
        const body = bodyFromFile(ctx) ?? defined({
          type: ctx.args.flags.get('type'),
          loadFactor: numberFlag(ctx.args, 'load-factor'),
          costFactor: numberFlag(ctx.args, 'cost-factor'),
          aggregation: ctx.args.flags.get('aggregation'), tableUpdateIntervalMs: numberFlag(ctx.args, 'interval') });
        const res = await ctx.client.request('PUT', `/v1/policies/${encodeURIComponent(name)}`, body, ifMatch(ctx.args));
        return one(ctx, res.body, `policy ${name} saved`);
      },
    },
  },
};
