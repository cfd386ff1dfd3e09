// Why the SLR refused a registrant or one of its messages, and how each reason maps to a
// gRPC status. Counted per reason so operators can tell attacks from misconfiguration.
import { status } from '@grpc/grpc-js';

export type RefusalReason =
  | 'tls-handshake' // no client certificate, or one the CA did not sign (TLS layer)
  | 'no-peer-certificate' // a call reached us without a verified client certificate
  | 'certificate-mismatch' // Hello's certificate is not the TLS peer certificate
  | 'id-mismatch' // the registrant's id differs from the certificate's CN / SAN
  | 'unknown-peer' // id not in the SLR's configuration
  | 'kind-mismatch' // id configured as another kind (a site saying it is a server)
  | 'address-mismatch' // ip, mac or label differ from the SLR's configuration
  | 'unconfigured-subnet' // subnet the registrant is not configured to serve
  | 'unannounced-subnet' // subnet allowed but not announced in this session's Hello
  | 'not-registered' // Report/Shortcut/Goodbye without a live session: Hello again
  | 'foreign-flow' // Shortcut for a connection this level did not pin to the registrant
  | 'malformed'; // message fails basic validation

export const REFUSAL_STATUS: Record<RefusalReason, status> = {
  'tls-handshake': status.UNAUTHENTICATED,
  'no-peer-certificate': status.UNAUTHENTICATED,
  'certificate-mismatch': status.PERMISSION_DENIED,
  'id-mismatch': status.PERMISSION_DENIED,
  'unknown-peer': status.PERMISSION_DENIED,
  'kind-mismatch': status.PERMISSION_DENIED,
  'address-mismatch': status.PERMISSION_DENIED,
  'unconfigured-subnet': status.PERMISSION_DENIED,
  'unannounced-subnet': status.PERMISSION_DENIED,
  'not-registered': status.FAILED_PRECONDITION,
  'foreign-flow': status.PERMISSION_DENIED,
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
  shortcuts: number;
  releases: number;
  refusals: Partial<Record<RefusalReason, number>>;
}

export function emptyCounters(): PeeringCounters {
  return { registrations: 0, reports: 0, deregistrations: 0, expiries: 0, shortcuts: 0, releases: 0, refusals: {} };
}

export function countRefusal(c: PeeringCounters, reason: RefusalReason): void {
  c.refusals[reason] = (c.refusals[reason] ?? 0) + 1;
}
