// Metrics of one server agent (`slr agent`), served on its own optional listener:
// load reports sent and failed, the last load index it reported per subnet, and its
// registration state. Counting wraps the agent's SLR client, so the agent itself is
// unchanged; the state is read from the agent at scrape time.
import { Counter, Gauge, type Registry } from 'prom-client';
import { collectedGauge } from './collected';
import { createMetricsRegistry } from './registry';

/** The parts of the agent's SLR client that are counted (agent/slr-client.ts SlrApi). */
export interface CountableSlrApi {
  hello(req: never): Promise<unknown>;
  report(req: { loads: ReadonlyArray<{ subnet: string; load: number; connections?: number }> }): Promise<unknown>;
}

export const AGENT_STATES = ['idle', 'registering', 'registered', 'stopping', 'stopped'] as const;

export class AgentMetrics {
  readonly registry: Registry;
  private readonly reportsSent: Counter;
  private readonly reportFailures: Counter;
  private readonly registrations: Counter;
  private readonly registrationFailures: Counter;
  private readonly loadIndex: Gauge<'subnet'>;
  private readonly connections: Gauge<'subnet'>;
  private stateSource: (() => string) | undefined;

  constructor(opts: { processMetrics?: boolean } = {}) {
    this.registry = createMetricsRegistry(opts);
    const registers = [this.registry];
    this.reportsSent = new Counter({ name: 'slr_agent_reports_sent_total', help: 'Load reports the SLR accepted from this agent.', registers });
    this.reportFailures = new Counter({ name: 'slr_agent_report_failures_total', help: 'Load reports that failed (refused, unreachable SLR, timeout).', registers });
    this.registrations = new Counter({ name: 'slr_agent_hellos_accepted_total', help: 'Registrations (Hello) the SLR accepted.', registers });
    this.registrationFailures = new Counter({ name: 'slr_agent_hello_failures_total', help: 'Registration attempts (Hello) that failed.', registers });
    this.loadIndex = new Gauge({
      name: 'slr_agent_load_index', help: 'Load index this agent last reported, per virtual subnet.', labelNames: ['subnet'], registers,
    });
    this.connections = new Gauge({
      name: 'slr_agent_connections', help: 'Open connections on the service ports this agent last reported, per virtual subnet.',
      labelNames: ['subnet'], registers,
    });
    collectedGauge({
      registry: this.registry, name: 'slr_agent_registered', help: '1 while the agent holds a live session with its SLR.',
      read: (emit) => { if (this.stateSource) emit({}, this.stateSource() === 'registered' ? 1 : 0); },
    });
    collectedGauge({
      registry: this.registry, name: 'slr_agent_state', help: 'The agent life-cycle state: 1 for the current one.', labelNames: ['state'],
      read: (emit) => {
        if (!this.stateSource) return;
        const now = this.stateSource();
        for (const s of AGENT_STATES) emit({ state: s }, s === now ? 1 : 0);
      },
    });
  }

  /** The agent whose state() the state series report. */
  watchState(agent: { state(): string }): void {
    this.stateSource = () => agent.state();
  }

  /** The same client, with hello and report counted. Other methods are the client's own. */
  instrument<T extends CountableSlrApi>(api: T): T {
    const hello = api.hello.bind(api);
    const report = api.report.bind(api);
    const wrapped = Object.create(api) as T;
    wrapped.hello = (async (req: never) => {
      try {
        const reply = await hello(req);
        this.registrations.inc();
        return reply;
      } catch (err) {
        this.registrationFailures.inc();
        throw err;
      }
    }) as T['hello'];
    wrapped.report = (async (req: Parameters<T['report']>[0]) => {
      try {
        const reply = await report(req);
        this.reportsSent.inc();
        for (const l of req.loads) {
          this.loadIndex.set({ subnet: l.subnet }, l.load);
          if (l.connections !== undefined) this.connections.set({ subnet: l.subnet }, l.connections);
        }
        return reply;
      } catch (err) {
        this.reportFailures.inc();
        throw err;
      }
    }) as T['report'];
    return wrapped;
  }
}

/** "host:port" or "[v6]:port" of the agent's metrics listen setting. */
export function parseListenAddress(listen: string): { host: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:\s[\]]+)):(\d{1,5})$/.exec(listen);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) throw new Error(`metrics.listen: expected host:port, got '${listen}'`);
  return { host: m[1] ?? m[2]!, port };
}
