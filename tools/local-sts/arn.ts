/** ARN parsing and formatting for the IAM and STS principals this service knows. */

/** An IAM user, role or account-root ARN, split into its parts. */
export interface IamArn {
  readonly account: string;
  readonly kind: 'user' | 'role' | 'root';
  /** IAM path, `/` when none; e.g. `/team/` for `role/team/Dev`. */
  readonly path: string;
  /** Friendly name (last path segment); empty for `root`. */
  readonly name: string;
}

const IAM_ARN = /^arn:aws:iam::(\d{12}):(user|role)(\/(?:[\w+=,.@-]+\/)*)([\w+=,.@-]+)$/;
const ROOT_ARN = /^arn:aws:iam::(\d{12}):root$/;

/** Parses `arn:aws:iam::ACCOUNT:user/…`, `…:role/…` or `…:root`; undefined if not one. */
export function parseIamArn(arn: string): IamArn | undefined {
  const root = ROOT_ARN.exec(arn);
  if (root) return { account: root[1], kind: 'root', path: '/', name: '' };
  const m = IAM_ARN.exec(arn);
  if (!m) return undefined;
  return { account: m[1], kind: m[2] as 'user' | 'role', path: m[3], name: m[4] };
}

/**
 * The session ARN STS gives an assumed role. The role's IAM path is left out,
 * as real STS does: `role/team/Dev` becomes `assumed-role/Dev/SESSION`.
 */
export function assumedRoleArn(account: string, roleName: string, sessionName: string): string {
  return `arn:aws:sts::${account}:assumed-role/${roleName}/${sessionName}`;
}

/** The account-root ARN, which in a trust list stands for every principal of that account. */
export function accountRootArn(account: string): string {
  return `arn:aws:iam::${account}:root`;
}
