// Why the SLR refused an agent or one of its messages, and how each reason maps to a
// gRPC status. Counted per reason so operators can tell attacks from misconfiguration.
import { status } from '@grpc/grpc-js';

export type RefusalReason =
  | 'tls-handshake' // no client certificate, or one the CA did not sign (TLS layer)
  | 'no-peer-certificate' // a call reached us without a verified client certificate
  | 'certificate-mismatch' // Hello's certificate is not the TLS peer certificate
  | 'server-id-mismatch' // server id differs from the certificate's CN / SAN
  | 'unknown-server' // server id not in the SLR's configuration
  | 'address-mismatch' // ip or mac differ from the SLR's configuration
  | 'unconfigured-subnet' // subnet the server is not configured to serve
  | 'unannounced-subnet' // subnet allowed but not announced in this session's Hello
  | 'not-registered' // Report/Goodbye without a live session: agent must Hello again
  | 'malformed'; // message fails basic validation

export const REFUSAL_STATUS: Record<RefusalReason, status> = {
  'tls-handshake': status.UNAUTHENTICATED,
  'no-peer-certificate': status.UNAUTHENTICATED,
  'certificate-mismatch': status.PERMISSION_DENIED,
  'server-id-mismatch': status.PERMISSION_DENIED,
  'unknown-server': status.PERMISSION_DENIED,
  'address-mismatch': status.PERMISSION_DENIED,
  'unconfigured-subnet': status.PERMISSION_DENIED,
  'unannounced-subnet': status.PERMISSION_DENIED,
  'not-registered': status.FAILED_PRECONDITION,
  malformed: status.INVALID_ARGUMENT,
};

export interface Refusal {
  reason: RefusalReason;
  detail: string;
}

export function refusal(reason: RefusalReason, detail: string): Refusal {
  return { reason, detail };
}

export interface PeeringCounters {
  registrations: number;
  reports: number;
  deregistrations: number;
  expiries: number;
  refusals: Partial<Record<RefusalReason, number>>;
}

export function emptyCounters(): PeeringCounters {
  return { registrations: 0, reports: 0, deregistrations: 0, expiries: 0, refusals: {} };
}

export function countRefusal(c: PeeringCounters, reason: RefusalReason): void {
  c.refusals[reason] = (c.refusals[reason] ?? 0) + 1;
}
