// gRPC handlers of slr.v1.SiteAgentService. Every call is tied to the verified TLS
// client certificate (call.getAuthContext().sslPeerCertificate, grpc-js >= 1.10):
// its CN/SAN must name the server id in the message. Refusals are logged with the
// reason, counted, and returned as gRPC status codes (see proto/slr/v1/agent.proto).
import * as grpc from '@grpc/grpc-js';
import { AgentRegistry } from './agent-registry';
import { checkHelloCertificate, checkPeerIdentity, isRefusal } from './certificate-identity';
import { checkHello } from './hello-check';
import { Log } from './log';
import { countRefusal, PeeringCounters, Refusal, REFUSAL_STATUS } from './refusals';
import { ServerDirectory } from './server-directory';
import {
  GoodbyeReplyMsg,
  GoodbyeRequestMsg,
  HelloReplyMsg,
  HelloRequestMsg,
  LoadReportMsg,
  ReportReplyMsg,
} from './wire-types';

export interface AgentServiceDeps {
  registry: AgentRegistry;
  directory: ServerDirectory;
  counters: PeeringCounters;
  log: Log;
  reportIntervalMs: number;
  missedReportsToExpire: number;
}

type Unary<Req, Res> = grpc.handleUnaryCall<Req, Res>;
type AnyUnaryCall = grpc.ServerUnaryCall<unknown, unknown>;

function peerCertificateDer(call: AnyUnaryCall): Buffer | undefined {
  return call.getAuthContext()?.sslPeerCertificate?.raw;
}

export function agentServiceHandlers(deps: AgentServiceDeps): grpc.UntypedServiceImplementation {
  const refuse = (call: AnyUnaryCall, rpc: string, serverId: string, r: Refusal): grpc.ServiceError => {
    countRefusal(deps.counters, r.reason);
    deps.log.warn({ rpc, serverId, reason: r.reason, peer: call.getPeer() }, `agent refused: ${r.detail}`);
    const err = new Error(r.detail) as grpc.ServiceError;
    err.code = REFUSAL_STATUS[r.reason];
    err.details = r.detail;
    return err;
  };

  // No message from a peer may crash the controller: unexpected errors become INTERNAL.
  const guarded = <Req, Res>(rpc: string, body: (call: grpc.ServerUnaryCall<Req, Res>) => Res | grpc.ServiceError): Unary<Req, Res> =>
    (call, callback) => {
      let outcome: Res | grpc.ServiceError;
      try {
        outcome = body(call);
      } catch (err) {
        deps.log.error({ rpc, err, peer: call.getPeer() }, 'agent call failed unexpectedly');
        outcome = Object.assign(new Error('internal error'), { code: grpc.status.INTERNAL, details: 'internal error', metadata: new grpc.Metadata() });
      }
      if (outcome instanceof Error) callback(outcome as grpc.ServiceError);
      else callback(null, outcome);
    };

  const hello = guarded<HelloRequestMsg, HelloReplyMsg>('Hello', (call) => {
    const req = call.request;
    const peer = checkPeerIdentity(peerCertificateDer(call), req.serverId);
    if (isRefusal(peer)) return refuse(call, 'Hello', req.serverId, peer);
    const certRefusal = checkHelloCertificate(req.certificatePem, peer);
    if (certRefusal) return refuse(call, 'Hello', req.serverId, certRefusal);
    const agent = checkHello(req, deps.directory);
    if (isRefusal(agent)) return refuse(call, 'Hello', req.serverId, agent);
    const sessionId = deps.registry.register(agent);
    return {
      sessionId,
      reportIntervalMs: deps.reportIntervalMs,
      missedReportsToExpire: deps.missedReportsToExpire,
      expiryMs: deps.registry.expiryMs(),
    };
  });

  const report = guarded<LoadReportMsg, ReportReplyMsg>('Report', (call) => {
    const req = call.request;
    const peer = checkPeerIdentity(peerCertificateDer(call), req.serverId);
    if (isRefusal(peer)) return refuse(call, 'Report', req.serverId, peer);
    const r = deps.registry.report(req.serverId, req.sessionId, req.loads);
    if (r) return refuse(call, 'Report', req.serverId, r);
    return { reportIntervalMs: deps.reportIntervalMs };
  });

  const goodbye = guarded<GoodbyeRequestMsg, GoodbyeReplyMsg>('Goodbye', (call) => {
    const req = call.request;
    const peer = checkPeerIdentity(peerCertificateDer(call), req.serverId);
    if (isRefusal(peer)) return refuse(call, 'Goodbye', req.serverId, peer);
    const r = deps.registry.goodbye(req.serverId, req.sessionId, req.reason);
    if (r) return refuse(call, 'Goodbye', req.serverId, r);
    return {};
  });

  return { Hello: hello, Report: report, Goodbye: goodbye } as grpc.UntypedServiceImplementation;
}
