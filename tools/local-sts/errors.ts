/**
 * STS error values and the exact messages real STS answers with.
 *
 * Messages are copied from observed STS responses (AWS CLI output quoted in
 * issue trackers and in published STS conformance notes), because the
 * extension shows them to users and tests match on them. Where real STS's text
 * is not known, the message follows the style of its neighbours.
 */

/** Whether STS blames the caller (`Sender`, 4xx) or itself (`Receiver`, 5xx). */
export type StsErrorType = 'Sender' | 'Receiver';

/** An error answered to the client as an STS `<ErrorResponse>` document. */
export class StsError extends Error {
  /** HTTP status of the error response. */
  readonly status: number;
  /** The STS error code, e.g. `AccessDenied`; the SDK uses it as the exception name. */
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'StsError';
    this.status = status;
    this.code = code;
  }

  /** `Sender` for client errors, `Receiver` for server errors, as STS reports them. */
  get type(): StsErrorType {
    return this.status >= 500 ? 'Receiver' : 'Sender';
  }
}

/** `The security token included in the request is invalid.`: unknown key, missing or wrong token. */
export function invalidClientTokenId(): StsError {
  return new StsError(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
}

/** The caller's own session credentials have expired. */
export function expiredToken(): StsError {
  return new StsError(400, 'ExpiredToken', 'The security token included in the request is expired');
}

/** The recomputed signature differs from the one sent. */
export function signatureDoesNotMatch(): StsError {
  return new StsError(
    403,
    'SignatureDoesNotMatch',
    'The request signature we calculated does not match the signature you provided. ' +
      'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  );
}

/** A signature error with a specific message (clock skew, wrong scope). */
export function signatureError(message: string): StsError {
  return new StsError(403, 'SignatureDoesNotMatch', message);
}

/** A request with no Authorization header at all. */
export function missingAuthenticationToken(): StsError {
  return new StsError(403, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
}

/** A malformed Authorization header. */
export function incompleteSignature(message: string): StsError {
  return new StsError(400, 'IncompleteSignature', message);
}

/** Trust-policy denial, in real STS's wording. */
export function notAuthorizedToAssume(callerArn: string, roleArn: string): StsError {
  return new StsError(
    403,
    'AccessDenied',
    `User: ${callerArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
  );
}

/**
 * An explicit deny in the caller's own policies, as the inline policy IAM's "Revoke active
 * sessions" attaches (a deny on `aws:TokenIssueTime`) gives, in real STS's wording.
 */
export function explicitDeny(callerArn: string, action: string, resource: string): StsError {
  return new StsError(403, 'AccessDenied', `User: ${callerArn} is not authorized to perform: sts:${action} on resource: ${resource} with an explicit deny in an identity-based policy`);
}

/** A wrong or already used TOTP code (the trailing space is STS's own). */
export function invalidMfaCode(): StsError {
  return new StsError(403, 'AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code. ');
}

/** A serial number that is not one of the caller's MFA devices (two spaces, as STS writes it). */
export function unknownMfaDevice(): StsError {
  return new StsError(
    403,
    'AccessDenied',
    'MultiFactorAuthentication failed, unable to validate MFA code.  ' +
      'Please verify your MFA serial number is valid and associated with this user.',
  );
}

/** GetSessionToken called with temporary credentials. */
export function sessionTokenWithSessionCredentials(): StsError {
  return new StsError(403, 'AccessDenied', 'Cannot call GetSessionToken with session credentials');
}

/** A parameter-level validation failure (`ValidationError`, 400). */
export function validationError(message: string): StsError {
  return new StsError(400, 'ValidationError', message);
}

/** Unknown Action, or a Version other than 2011-06-15. */
export function invalidAction(action: string, version: string | undefined): StsError {
  return new StsError(
    400,
    'InvalidAction',
    `Could not find operation ${action} for version ${version ?? 'NO_VERSION_SPECIFIED'}`,
  );
}

/** No Action parameter at all. */
export function missingAction(): StsError {
  return new StsError(400, 'MissingAction', 'Missing Action');
}

/** Throttling, as STS answers when its rate limit is hit. */
export function throttling(): StsError {
  return new StsError(400, 'Throttling', 'Rate exceeded');
}

/** A 500 from STS. */
export function internalFailure(): StsError {
  return new StsError(
    500,
    'InternalFailure',
    'The request processing has failed because of an unknown error, exception or failure.',
  );
}

/** A 503 from STS. */
export function serviceUnavailable(): StsError {
  return new StsError(503, 'ServiceUnavailable', 'Service is unable to handle request.');
}

/** A request that is not a well-formed STS Query request (bad method, body too large, etc.). */
export function malformedRequest(message: string): StsError {
  return new StsError(400, 'MalformedQueryString', message);
}
