/**
 * Keeps secrets out of messages. Everything the engine logs or throws passes through here:
 * key ids shrink to their last four characters, and text quoted from the SDK loses anything
 * that looks like a key id, a secret or a token.
 */

/**
 * A key id as the log and the views show it, its last four characters only: `...WXYZ`. Three
 * ASCII dots rather than an ellipsis, as it is part of the tree's rows (see `ROW_SEPARATOR`).
 */
export function shortKeyId(accessKeyId: string | undefined): string {
  if (!accessKeyId) return '...';
  return `...${accessKeyId.slice(-4)}`;
}

// IAM's unique-id prefixes: access keys (AKIA, ASIA) and the ids of users, roles and the rest.
const AWS_ID = /\b(?:AKIA|ASIA|AIDA|AROA|AIPA|ANPA|ANVA|APKA|AGPA|ABIA|ACCA)[A-Z0-9]{12,124}\b/g;
// Secret keys are 40 base64 characters and session tokens hundreds: long mixed runs go, except
// inside ARNs, whose role paths may be long runs of letters and slashes.
const ARN_OR_LONG_RUN = /(arn:[\w-]+:[\w-]*:[\w-]*:\d*:[^\s"',]+)|[A-Za-z0-9+/=]{40,}/g;
const REDACTED = '[redacted]';
/** Quoted SDK text is cut here: a message is for people, not a dump. */
const MAX_QUOTED = 300;

/**
 * `text` with `known` secrets (credentials and codes in play) removed verbatim, AWS ids
 * shortened and long base64 runs removed.
 */
export function redact(text: string, known: readonly (string | undefined)[] = []): string {
  let result = text;
  const secrets = known.filter((value): value is string => typeof value === 'string' && value.length >= 4);
  for (const secret of [...new Set(secrets)].sort((a, b) => b.length - a.length)) {
    result = result.split(secret).join(REDACTED);
  }
  result = withoutUserInfo(result);
  result = result.replace(AWS_ID, (id) => shortKeyId(id));
  result = result.replace(ARN_OR_LONG_RUN, (run, arn: string | undefined) => (arn === undefined && looksRandom(run) ? REDACTED : run));
  return result;
}

// `scheme://user:password@`: the user part runs to the last `@` before the path or a space,
// so a password holding an unencoded `@` goes too.
const URL_USER_INFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#]*@/gi;

/**
 * `text` with the `user:password@` of every URL in it removed: an endpoint URL may carry
 * credentials, and no message or log line needs them.
 */
export function withoutUserInfo(text: string): string {
  return text.replace(URL_USER_INFO, '$1');
}

/** `redact`, trimmed, without a final full stop, and cut to a readable length. */
export function quoteForMessage(text: string, known: readonly (string | undefined)[] = []): string {
  const cleaned = redact(text, known).replace(/\s+/g, ' ').trim().replace(/\.$/, '');
  return cleaned.length > MAX_QUOTED ? `${cleaned.slice(0, MAX_QUOTED)}…` : cleaned;
}

/** Upper and lower case letters and a digit or symbol: a key or token, not a word or path. */
function looksRandom(run: string): boolean {
  return /[a-z]/.test(run) && /[A-Z]/.test(run) && /[\d+/=]/.test(run);
}
