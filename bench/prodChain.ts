/**
 * The hops of the benchmarks' prod session (alice's keys → Dev → Staging → Prod), as a session
 * records them: for the benchmarks that hand the extension a session without assuming one.
 */
import type { RoleSession } from '../src/core/vocabulary/sessionTypes';

/** The chain, root first; `prodProfile` names the last hop's profile. */
export function prodChain(prodProfile: string): RoleSession['chain'] {
  return [
    { profileName: 'alice', kind: 'staticKeys' },
    { profileName: 'dev', kind: 'role', roleArn: 'arn:aws:iam::222222222222:role/Dev' },
    { profileName: 'staging', kind: 'role', roleArn: 'arn:aws:iam::333333333333:role/Staging' },
    { profileName: prodProfile, kind: 'role', roleArn: 'arn:aws:iam::444444444444:role/Prod' },
  ];
}
