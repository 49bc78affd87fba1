/**
 * One STS request from parsed HTTP to rendered XML, independent of sockets:
 * protocol checks, authentication, then the action.
 */
import { ACTIONS, type ActionContext } from './actions';
import { authenticate, type AuthSettings } from './auth';
import { callerArn } from './directory';
import { explicitDeny, invalidAction, missingAction, StsError } from './errors';
import { newRequestId } from './ids';
import type { ReceivedRequest } from './request';
import { renderError, renderSuccess } from './xml';

/** The only API version STS has. */
export const STS_API_VERSION = '2011-06-15';

/** A rendered answer plus what the call log wants to know about it. */
export interface StsAnswer {
  readonly status: number;
  readonly body: string;
  readonly requestId: string;
  readonly errorCode?: string;
  readonly callerArn?: string;
}

/** Renders an error answer. */
export function errorAnswer(error: StsError, requestId = newRequestId()): StsAnswer {
  return { status: error.status, body: renderError(error, requestId), requestId, errorCode: error.code };
}

/** Handles one request; never throws (unexpected failures become `InternalFailure`). */
export async function handleStsRequest(
  request: ReceivedRequest,
  settings: AuthSettings & ActionContext & { readonly log?: (line: string) => void },
): Promise<StsAnswer> {
  const requestId = newRequestId();
  let arn: string | undefined;
  try {
    const action = request.params.get('Action');
    if (action === undefined || action === '') throw missingAction();
    const version = request.params.get('Version');
    const handler = Object.prototype.hasOwnProperty.call(ACTIONS, action) ? ACTIONS[action] : undefined;
    if (!handler || version !== STS_API_VERSION) throw invalidAction(action, version);
    const { caller } = await authenticate(request, settings);
    arn = callerArn(caller);
    // GetCallerIdentity needs no permission, so no deny stops it: AWS answers it even for revoked credentials.
    if (caller.kind === 'session' && action !== 'GetCallerIdentity' && settings.directory.isRevoked(caller.session)) {
      throw explicitDeny(arn, action, (action === 'AssumeRole' && request.params.get('RoleArn')) || '*');
    }
    const result = handler(caller, request.params, settings);
    return { status: 200, body: renderSuccess(action, result, requestId), requestId, callerArn: arn };
  } catch (e) {
    if (!(e instanceof StsError)) settings.log?.(`internal error: ${(e as Error).stack ?? String(e)}`);
    const error = e instanceof StsError
      ? e
      : new StsError(500, 'InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.');
    return { ...errorAnswer(error, requestId), callerArn: arn };
  }
}
