// Summarises a V8 CPU profile (node --cpu-prof): share of samples per function, by
// self time (the function itself) and total time (with everything it called), and the
// shares of idle, garbage collection and V8's own "(program)". Enough to see where a
// controller under load spends its event loop without opening DevTools.
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface FunctionShare {
  name: string;
  selfPct: number;
  totalPct: number;
}

export interface ProfileSummary {
  seconds: number;
  samples: number;
  idlePct: number;
  gcPct: number;
  programPct: number;
  top: FunctionShare[];
  /** Self time grouped by where the code lives, as a share of the busy (non-idle) samples. */
  bySource: { source: string; busyPct: number }[];
}

/** npm package, Node's own code, a folder of slr's dist, or a V8 pseudo-node. */
function sourceOf(n: ProfileNode): string {
  const url = n.callFrame.url;
  if (!url) return n.callFrame.functionName.startsWith('(') ? n.callFrame.functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return 'node internals';
  const dist = /\/dist\/([^/]+)\//.exec(url);
  return dist ? `slr ${dist[1]}/` : 'other';
}

function label(n: ProfileNode): string {
  const f = n.callFrame;
  const where = f.url ? `${path.basename(f.url)}:${f.lineNumber + 1}` : '';
  return `${f.functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
}

export function summarizeProfile(file: string, topN = 20): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const sources = new Map<string, number>();
  let busy = 0;
  for (const id of p.samples) {
    const node = byId.get(id)!;
    const name = label(node);
    self.set(name, (self.get(name) ?? 0) + 1);
    if (node.callFrame.functionName !== '(idle)') {
      busy++;
      const src = sourceOf(node);
      sources.set(src, (sources.get(src) ?? 0) + 1);
    }
    // Each function counts once per sample however often it recurses.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const l = label(byId.get(at)!);
      if (seen.has(l)) continue;
      seen.add(l);
      total.set(l, (total.get(l) ?? 0) + 1);
    }
  }
  const n = p.samples.length || 1;
  const pct = (x: number | undefined): number => ((x ?? 0) * 100) / n;
  const special = (s: string): number => pct([...self].filter(([k]) => k.startsWith(s)).reduce((a, [, v]) => a + v, 0));
  const top = [...self]
    .filter(([k]) => !k.startsWith('(idle)') && !k.startsWith('(root)'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, topN)
    .map(([name, v]) => ({ name, selfPct: pct(v), totalPct: pct(total.get(name)) }));
  return {
    seconds: (p.endTime - p.startTime) / 1e6,
    samples: p.samples.length,
    idlePct: special('(idle)'),
    gcPct: special('(garbage collector)'),
    programPct: special('(program)'),
    top,
    bySource: [...sources].sort((a, b) => b[1] - a[1]).map(([source, v]) => ({ source, busyPct: (v * 100) / (busy || 1) })),
  };
}

export function formatProfile(s: ProfileSummary): string {
  const lines = [
    `${s.seconds.toFixed(1)} s, ${s.samples} samples: idle ${s.idlePct.toFixed(1)} %, GC ${s.gcPct.toFixed(1)} %, (program) ${s.programPct.toFixed(1)} %`,
    'self %  total %  function',
    ...s.top.map((f) => `${f.selfPct.toFixed(1).padStart(6)}  ${f.totalPct.toFixed(1).padStart(7)}  ${f.name}`),
    'busy time by source (self, % of non-idle samples):',
    ...s.bySource.slice(0, 15).map((x) => `${x.busyPct.toFixed(1).padStart(6)}  ${x.source}`),
  ];
  return lines.join('\n');
}

if (require.main === module) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: node dist/bench/profile/cpuprofile-summary.js FILE.cpuprofile [topN]\n');
    process.exit(2);
  }
  process.stdout.write(`${formatProfile(summarizeProfile(file, Number(process.argv[3] ?? 25)))}\n`);
}
