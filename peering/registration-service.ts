// gRPC handlers of slr.v1.Registration. Every call is tied to the verified TLS client
// certificate (call.getAuthContext().sslPeerCertificate, grpc-js >= 1.10): its CN/SAN
// must name the registrant's id in the message. Refusals are logged with the reason,
// counted, and returned as gRPC status codes (see proto/slr/v1/registration.proto).
import * as grpc from '@grpc/grpc-js';
import { guardedUnary, peerCertificateDer, statusError } from './grpc-unary';
import { checkHelloCertificate, checkPeerIdentity, isRefusal } from './certificate-identity';
import { parseIpv4Address } from '../controller/net';
import type { PeerDirectory } from './directory';
import { checkHello } from './hello-check';
import type { Log } from './log';
import { countRefusal, type PeeringCounters, type Refusal, REFUSAL_STATUS, refusal } from './refusals';
import type { FiveTuple } from '../controller/net';
import type { Registry } from './registry';
import type { ExplainQueries } from './explain-queries';
import type {
  AnswerReplyMsg,
  ExplainAnswerMsg,
  ExplainQueryMsg,
  FlowClassifierMsg,
  ListenRequestMsg,
  GoodbyeReplyMsg,
  GoodbyeRequestMsg,
  HelloReplyMsg,
  HelloRequestMsg,
  LoadReportMsg,
  ReleaseReplyMsg,
  ReleaseRequestMsg,
  ReportReplyMsg,
  ShortcutReplyMsg,
  ShortcutRequestMsg,
  ShortcutResultMsg,
} from './wire-types';

/** Bounds one Shortcut call (a registrant batches what it pinned since its last call). */
export const MAX_SHORTCUTS_PER_CALL = 1000;

export interface RegistrationServiceDeps {
  registry: Registry;
  /** Open Listen streams and the explain queries waiting for an Answer. */
  queries: ExplainQueries;
  directory: PeerDirectory;
  counters: PeeringCounters;
  log: Log;
  reportIntervalMs: number;
  missedReportsToExpire: number;
}

type AnyUnaryCall = grpc.ServerUnaryCall<unknown, unknown>;

/** The 5-tuple a message (Shortcut, Release, WhoHas) names, or why it is not one. Only IPv4 VIPs are routed. */
export function flowOf(f: FlowClassifierMsg | null): FiveTuple | Refusal {
  if (f === null) return refusal('malformed', 'the message names no connection');
  const client = parseIpv4Address(f.client);
  const vip = parseIpv4Address(f.vip);
  if (f.protocol !== 6 && f.protocol !== 17) return refusal('malformed', `protocol ${f.protocol} is not TCP or UDP`);
  if (client === undefined || vip === undefined) return refusal('malformed', `'${f.client}' -> '${f.vip}' are not IPv4 addresses`);
  const badPort = (p: number): boolean => !Number.isInteger(p) || p < 1 || p > 65535;
  if (badPort(f.clientPort) || badPort(f.vipPort)) return refusal('malformed', `ports ${f.clientPort} -> ${f.vipPort} out of range`);
  return { proto: f.protocol, srcIp: client, srcPort: f.clientPort, dstIp: vip, dstPort: f.vipPort };
}

export function registrationHandlers(deps: RegistrationServiceDeps): grpc.UntypedServiceImplementation {
  const refuse = (call: AnyUnaryCall, rpc: string, id: string, r: Refusal): grpc.ServiceError => {
    countRefusal(deps.counters, r.reason);
    deps.log.warn({ rpc, id, reason: r.reason, peer: call.getPeer() }, `peer refused: ${r.detail}`);
    return statusError(REFUSAL_STATUS[r.reason], r.detail);
  };

  // No message from a peer may crash the controller: unexpected errors become INTERNAL.
  const guarded = <Req, Res>(rpc: string, body: Parameters<typeof guardedUnary<Req, Res>>[2]): grpc.handleUnaryCall<Req, Res> => guardedUnary(deps.log, rpc, body);

  const hello = guarded<HelloRequestMsg, HelloReplyMsg>('Hello', (call) => {
    const req = call.request;
    const peer = checkPeerIdentity(peerCertificateDer(call), req.id);
    if (isRefusal(peer)) return refuse(call, 'Hello', req.id, peer);
    const certRefusal = checkHelloCertificate(req.certificatePem, peer);
    if (certRefusal) return refuse(call, 'Hello', req.id, certRefusal);
    const registrant = checkHello(req, deps.directory);
    if (isRefusal(registrant)) return refuse(call, 'Hello', req.id, registrant);
    const sessionId = deps.registry.register(registrant);
    return {
      sessionId,
      reportIntervalMs: deps.reportIntervalMs,
      missedReportsToExpire: deps.missedReportsToExpire,
      expiryMs: deps.registry.expiryMs(),
      advertisementKey: deps.registry.advertisementKey(registrant.id) ?? Buffer.alloc(0),
    };
  });

  const report = guarded<LoadReportMsg, ReportReplyMsg>('Report', (call) => {
    const req = call.request;
    const peer = checkPeerIdentity(peerCertificateDer(call), req.id);
    if (isRefusal(peer)) return refuse(call, 'Report', req.id, peer);
    const r = deps.registry.report(req.id, req.sessionId, req.loads, req.rttMs);
    if (r) return refuse(call, 'Report', req.id, r);
    return { reportIntervalMs: deps.reportIntervalMs };
  });

  // A batch: each entry gets its own result; only a call that is not the registrant's
  // at all (certificate, session) or is malformed as a whole is refused.
  const shortcut = guarded<ShortcutRequestMsg, ShortcutReplyMsg>('Shortcut', async (call) => {
    const req = call.request;
    const peer = checkPeerIdentity(peerCertificateDer(call), req.id);
    if (isRefusal(peer)) return refuse(call, 'Shortcut', req.id, peer);
    if (req.entries.length > MAX_SHORTCUTS_PER_CALL) {
      return refuse(call, 'Shortcut', req.id, refusal('malformed', `${req.entries.length} shortcuts in one call (at most ${MAX_SHORTCUTS_PER_CALL})`));
    }
    const results: ShortcutResultMsg[] = [];
    for (const e of req.entries) {
      const flow = flowOf(e.flow);
      if (isRefusal(flow)) {
        countRefusal(deps.counters, flow.reason);
        results.push({ applied: false, refused: true, detail: flow.detail });
        continue;
      }
      const outcome = await deps.registry.shortcut(req.id, req.sessionId, flow, e.labels);
      if (isRefusal(outcome)) {
        // A dead session refuses the whole call: the registrant must Hello again.
        if (outcome.reason === 'not-registered' || outcome.reason === 'malformed') return refuse(call, 'Shortcut', req.id, outcome);
        countRefusal(deps.counters, outcome.reason);
        deps.log.warn({ rpc: 'Shortcut', id: req.id, reason: outcome.reason }, `peer refused: ${outcome.detail}`);
        results.push({ applied: false, refused: true, detail: outcome.detail });
        continue;
      }
      results.push({ applied: outcome.applied, refused: false, detail: outcome.detail });
    }
    return { results };
  });

  const release = guarded<ReleaseRequestMsg, ReleaseReplyMsg>('Release', (call) => {
    const req = call.request;
    const peer = checkPeerIdentity(peerCertificateDer(call), req.id);
    if (isRefusal(peer)) return refuse(call, 'Release', req.id, peer);
    const flow = flowOf(req.flow);
    if (isRefusal(flow)) return refuse(call, 'Release', req.id, flow);
    const outcome = deps.registry.release(req.id, req.sessionId, flow, req.reason.slice(0, 200));
    if (isRefusal(outcome)) return refuse(call, 'Release', req.id, outcome);
    return outcome;
  });

  const goodbye = guarded<GoodbyeRequestMsg, GoodbyeReplyMsg>('Goodbye', (call) => {
    const req = call.request;
    const peer = checkPeerIdentity(peerCertificateDer(call), req.id);
    if (isRefusal(peer)) return refuse(call, 'Goodbye', req.id, peer);
    const r = deps.registry.goodbye(req.id, req.sessionId, req.reason);
    if (r) return refuse(call, 'Goodbye', req.id, r);
    return {};
  });

  // Server streaming: the stream stays open while the registrant listens; a refusal ends
  // it at once with the refusal's status. Queries are written by ExplainQueries.ask.
  const listen: grpc.handleServerStreamingCall<ListenRequestMsg, ExplainQueryMsg> = (call) => {
    const req = call.request;
    const fail = (r: Refusal): void => {
      countRefusal(deps.counters, r.reason);
      deps.log.warn({ rpc: 'Listen', id: req.id, reason: r.reason, peer: call.getPeer() }, `peer refused: ${r.detail}`);
      call.destroy(Object.assign(new Error(r.detail), { code: REFUSAL_STATUS[r.reason], details: r.detail }));
    };
    try {
      const peer = checkPeerIdentity(peerCertificateDer(call), req.id);
      if (isRefusal(peer)) return fail(peer);
      const r = deps.registry.checkSession(req.id, req.sessionId, 'Listen');
      if (r) return fail(r);
      const detach = deps.queries.attach(req.id, req.sessionId, (q) => call.write(q));
      call.on('cancelled', detach);
      call.on('close', detach);
      call.on('error', detach);
      deps.log.debug({ id: req.id }, 'registrant listens for explain queries');
    } catch (err) {
      deps.log.error({ rpc: 'Listen', err, peer: call.getPeer() }, 'registration call failed unexpectedly');
      call.destroy(Object.assign(new Error('internal error'), { code: grpc.status.INTERNAL, details: 'internal error' }));
    }
  };

  const answer = guarded<ExplainAnswerMsg, AnswerReplyMsg>('Answer', (call) => {
    const req = call.request;
    const peer = checkPeerIdentity(peerCertificateDer(call), req.id);
    if (isRefusal(peer)) return refuse(call, 'Answer', req.id, peer);
    const r = deps.queries.answer(req.id, req.sessionId, req.queryId, req.stepsJson, req.error);
    if (r) return refuse(call, 'Answer', req.id, r);
    return {};
  });

  return { Hello: hello, Report: report, Shortcut: shortcut, Release: release, Goodbye: goodbye, Listen: listen, Answer: answer } as grpc.UntypedServiceImplementation;
}
