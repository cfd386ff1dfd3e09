// The registrant's end of slr.v1.Registration (a server agent, or an SLR level
// registering with the level above): a typed, promise-based wrapper over the grpc-js
// client, over mutual TLS, to "unix:/path" or "host:port".
import * as grpc from '@grpc/grpc-js';
import { grpcTarget, parseAddress } from './address';
import { registrationService } from './proto';
import { unaryCall } from './grpc-unary';
import type {
  AnswerReplyMsg,
  ExplainAnswerMsg,
  ExplainQueryMsg,
  GoodbyeReplyMsg,
  GoodbyeRequestMsg,
  HelloReplyMsg,
  HelloRequestMsg,
  LoadReportMsg,
  ReportReplyMsg,
  ReleaseReplyMsg,
  ReleaseRequestMsg,
  ShortcutReplyMsg,
  ShortcutRequestMsg,
} from './wire-types';

export interface RegistrationClientOptions {
  address: string;
  ca: Buffer;
  /** Omit both to connect without a client certificate (only useful in tests). */
  cert?: Buffer;
  key?: Buffer;
  /** Name to verify in the SLR's certificate; default: the host of the address, or "localhost" for unix sockets. */
  serverName?: string;
  /** Per-call deadline. */
  callTimeoutMs?: number;
}

/** What a registrant needs from the level above; tests substitute a fake. */
export interface RegistrationApi {
  hello(req: HelloRequestMsg): Promise<HelloReplyMsg>;
  report(req: LoadReportMsg): Promise<ReportReplyMsg>;
  goodbye(req: GoodbyeRequestMsg): Promise<GoodbyeReplyMsg>;
  shortcut(req: ShortcutRequestMsg): Promise<ShortcutReplyMsg>;
  release(req: ReleaseRequestMsg): Promise<ReleaseReplyMsg>;
  /**
   * Opens the Listen stream: each query goes to onQuery; onEnd is called once when the
   * stream ends (error or not). Returns its cancel. Absent in fakes that never listen.
   */
  listen?(req: { id: string; sessionId: string }, onQuery: (q: ExplainQueryMsg) => void, onEnd: (err?: Error) => void): () => void;
  answer?(req: ExplainAnswerMsg): Promise<AnswerReplyMsg>;
  close(): void;
}

export function createRegistrationClient(opts: RegistrationClientOptions): RegistrationApi {
  const addr = parseAddress(opts.address);
  const credentials = grpc.credentials.createSsl(opts.ca, opts.key ?? null, opts.cert ?? null);
  const channelOptions: grpc.ChannelOptions = {
    'grpc.ssl_target_name_override': opts.serverName ?? (addr.kind === 'unix' ? 'localhost' : addr.host),
    // Reconnect quickly while the SLR restarts; the registrant has its own retry on top.
    'grpc.initial_reconnect_backoff_ms': 200,
    'grpc.max_reconnect_backoff_ms': 5000,
  };
  const Client = registrationService();
  const client = new Client(grpcTarget(addr), credentials, channelOptions);
  const timeout = opts.callTimeoutMs ?? 5000;

  const call = <Req, Res>(name: string, req: Req): Promise<Res> => unaryCall<Req, Res>(client, name, req, timeout);

  return {
    hello: (req) => call<HelloRequestMsg, HelloReplyMsg>('Hello', req),
    report: (req) => call<LoadReportMsg, ReportReplyMsg>('Report', req),
    goodbye: (req) => call<GoodbyeRequestMsg, GoodbyeReplyMsg>('Goodbye', req),
    shortcut: (req) => call<ShortcutRequestMsg, ShortcutReplyMsg>('Shortcut', req),
    release: (req) => call<ReleaseRequestMsg, ReleaseReplyMsg>('Release', req),
    answer: (req) => call<ExplainAnswerMsg, AnswerReplyMsg>('Answer', req),
    listen: (req, onQuery, onEnd) => {
      // No deadline: the stream lives as long as the registration.
      const stream = (client.Listen as (r: unknown) => grpc.ClientReadableStream<ExplainQueryMsg>).call(client, req);
      let ended = false;
      const end = (err?: Error): void => {
        if (ended) return;
        ended = true;
        onEnd(err);
      };
      stream.on('data', (q: ExplainQueryMsg) => onQuery(q));
      stream.on('error', (err: Error) => end(err));
      stream.on('end', () => end());
      return () => stream.cancel();
    },
    close: () => client.close(),
  };
}
