// Outcome of one reconciliation run on one switch, for logs, metrics and the REST API.

export interface ReconcileReport {
  dpidHex: string;
  /** Flows the switch reported. */
  actual: number;
  /** Desired flows already present and identical. */
  kept: number;
  /** Desired flows sent as ADD (missing, or present with other instructions/cookie). */
  added: number;
  /** Flows of a registered app it no longer wants, removed with DELETE_STRICT. */
  deleted: number;
  /** Flows whose cookie belongs to no registered (reconciling) app: left alone. */
  foreign: number;
  /** False when the switch's flows could not be read: desired flows were added, nothing deleted. */
  readBack: boolean;
  /** Flows nobody declares that a takeover reconciliation left in place (deleteStale false). */
  keptStale?: number;
  /** Meters of reconciling apps (apps with desiredMeters): added, modified, deleted, kept. Absent when no app declares meters. */
  meters?: { added: number; modified: number; deleted: number; kept: number };
}
