// An SLR for agent tests: accepts every hello and report (or fails the next ones the
// test queues), and records the reports it got.
import type { RegistrationApi } from '../../../peering/registration-client';
import type { HelloRequestMsg, LoadReportMsg } from '../../../peering/wire-types';

export class ScriptedSlr implements RegistrationApi {
  readonly reports: LoadReportMsg[] = [];
  helloFailures: Error[] = [];
  reportFailures: Error[] = [];

  async hello(_req: HelloRequestMsg) {
    const f = this.helloFailures.shift();
    if (f) throw f;
    return { sessionId: 's1', reportIntervalMs: 1000, missedReportsToExpire: 3, expiryMs: 3500 };
  }
  async report(req: LoadReportMsg) {
    const f = this.reportFailures.shift();
    if (f) throw f;
    this.reports.push(req);
    return { reportIntervalMs: 1000 };
  }
  async goodbye() {
    return {};
  }
  async shortcut() {
    return { results: [] };
  }
  async release() {
    return { released: false, detail: 'servers release nothing' };
  }
  close(): void {}
}
