/**
 * IAM Identity Center's portal (`sso`, issue 23 §3) as the SDK's `sso` client speaks it
 * (restJson1, the OIDC access token in `x-amz-sso_bearer_token`): `ListAccounts` (GET
 * /assignment/accounts), `ListAccountRoles` (GET /assignment/roles), paginated with
 * `next_token` and `max_result`; `GetRoleCredentials` (GET /federation/credentials), whose
 * credentials are a session of the permission set's IAM role that this service's STS accepts
 * (as the first hop of a chain too); and `Logout` (POST /logout), which ends the token.
 *
 * Who may use what comes from the users' account assignments (`IdentityCenterUser`).
 */

import type { Directory } from './directory';
import type { IdentityCenterAssignment, IdentityCenterUser } from './fixture';
import type { IdentityCenterOidc, OidcAnswer } from './identityCenterOidc';

export type { IdentityCenterAssignment, IdentityCenterUser };

const PORTAL_PATHS: Readonly<Record<string, { readonly method: string; readonly operation: string }>> = {
  '/assignment/accounts': { method: 'GET', operation: 'ListAccounts' },
  '/assignment/roles': { method: 'GET', operation: 'ListAccountRoles' },
  '/federation/credentials': { method: 'GET', operation: 'GetRoleCredentials' },
  '/logout': { method: 'POST', operation: 'Logout' },
};

/** The portal operation a request is, `undefined` for any other. */
export function portalOperation(method: string, path: string): string | undefined {
  const route = Object.hasOwn(PORTAL_PATHS, path) ? PORTAL_PATHS[path] : undefined;
  return route && route.method === method ? route.operation : undefined;
}

/** The portal's page size when `max_result` is not given. */
const DEFAULT_PAGE = 20;

export class IdentityCenterPortal {
  private readonly users: ReadonlyMap<string, IdentityCenterUser>;

  constructor(
    private readonly oidc: Pick<IdentityCenterOidc, 'holderOf' | 'logout'>,
    private readonly directory: Directory,
    users: readonly IdentityCenterUser[],
    private readonly now: () => number,
  ) {
    this.users = new Map(users.map((user) => [user.userName, user]));
  }

  /** Answers one operation (`portalOperation`). */
  handle(operation: string, query: URLSearchParams, bearer: string | undefined): OidcAnswer {
    const holder = bearer ? this.oidc.holderOf(bearer) : undefined;
    if (!holder) return failure(401, 'UnauthorizedException', 'Session token not found or invalid');
    if (operation === 'Logout') {
      this.oidc.logout(bearer!);
      return { status: 200, body: {} };
    }
    const assignments = this.users.get(holder.userName)?.assignments ?? [];
    switch (operation) {
      case 'ListAccounts': {
        // One entry per account, in the order first assigned; its name and email from the first
        // assignment that gives them (a later permission set's entry may leave the email out).
        const accounts = new Map<string, { accountId: string; accountName: string; emailAddress?: string }>();
        for (const a of assignments) {
          const account = accounts.get(a.accountId) ?? { accountId: a.accountId, accountName: a.accountName };
          if (account.emailAddress === undefined && a.emailAddress) account.emailAddress = a.emailAddress;
          accounts.set(a.accountId, account);
        }
        return page([...accounts.values()], query, 'accountList');
      }
      case 'ListAccountRoles': {
        const accountId = query.get('account_id');
        if (!accountId) return failure(400, 'InvalidRequestException', 'account_id is required');
        return page(assignments.filter((a) => a.accountId === accountId).map((a) => ({ roleName: a.roleName, accountId: a.accountId })), query, 'roleList');
      }
      case 'GetRoleCredentials': {
        const assignment = assignments.find((a) => a.accountId === query.get('account_id') && a.roleName === query.get('role_name'));
        const role = assignment ? this.directory.role(assignment.roleArn) : undefined;
        if (!assignment || !role) return failure(403, 'ForbiddenException', 'No access');
        const issuedAt = this.now();
        const session = this.directory.issueSession({
          issuedAt,
          expiresAt: issuedAt + role.maxSessionDuration * 1000,
          issuedBy: 'AssumeRole',
          // Identity Center's user is no IAM user: a record of its own, with no keys and no MFA device.
          rootUser: { arn: `arn:aws:iam::${role.account}:user/identity-center/${holder.userName}`, account: role.account, name: holder.userName, userId: `AIDAIDENTITYCENTER${holder.userName.toUpperCase()}`.slice(0, 21), mfaDevices: new Map() },
          role,
          roleSessionName: holder.userName,
          // Identity Center signs people in with its own MFA.
          mfaAuthenticated: true,
          roleChained: false,
        });
        return {
          status: 200,
          body: { roleCredentials: { accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey, sessionToken: session.sessionToken, expiration: session.expiresAt } },
        };
      }
      default:
        return failure(400, 'InvalidRequestException', `Unknown operation ${operation}`);
    }
  }
}

/** A page of `items` after `next_token`, at most `max_result` long, with the next page's token. */
function page(items: readonly object[], query: URLSearchParams, listName: string): OidcAnswer {
  const start = Number(query.get('next_token') ? Buffer.from(query.get('next_token')!, 'base64url').toString('utf8') : '0');
  const size = Number(query.get('max_result') ?? DEFAULT_PAGE);
  if (!Number.isInteger(start) || start < 0 || !Number.isInteger(size) || size < 1 || size > 100) return failure(400, 'InvalidRequestException', 'Invalid next_token or max_result');
  const next = start + size < items.length ? Buffer.from(String(start + size)).toString('base64url') : undefined;
  return { status: 200, body: { [listName]: items.slice(start, start + size), ...(next ? { nextToken: next } : {}) } };
}

function failure(status: number, errorType: string, message: string): OidcAnswer {
  return { status, errorType, body: { message } };
}
