// The controller core as the hot-spare coordinator sees it (RoleHost), recording the
// role claims it is asked for and holding the lease check it is given.
import type { RoleClaimOutcome } from '../../../../controller/controller';
import type { RoleHost } from '../../../../controller/ha/hot-spare';

export class Core implements RoleHost {
  readonly claims: Array<{ role: string; generationId: bigint }> = [];
  check: () => boolean = () => false;
  async claimRole(role: 'master' | 'slave', generationId: bigint): Promise<RoleClaimOutcome[]> {
    this.claims.push({ role, generationId });
    return [];
  }
  setLeaseCheck(holds: () => boolean): void {
    this.check = holds;
  }
}
