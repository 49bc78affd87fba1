/**
 * The stand-in for Identity Center's sign-in pages (issue 23 §3): where a person approves or
 * denies a device code (the device flow's verification page), or an authorization request (the
 * PKCE flow's /authorize, which then redirects the browser to the client's loopback address with
 * the code). No password: the page lists the Identity Center's users to act as. Plain HTML forms,
 * so a browser driven by a test (or a person trying the demo) uses them as they would AWS's.
 */

import type { IdentityCenterOidc } from './identityCenterOidc';

/**
 * The pages' paths on the local service. The authorization request is at `/authorize` of the OIDC
 * endpoint, as AWS serves it (`https://oidc.REGION.amazonaws.com/authorize`), so a client builds
 * `${oidcEndpoint}/authorize?…` for either. The device flow's page is the local stand-in's own
 * (AWS's is under the start URL), reached through `verificationUriComplete`.
 */
export const SIGN_IN_PATHS = { device: '/sso/device', authorize: '/authorize' } as const;

/** One answer of the sign-in pages. */
export interface PageAnswer {
  readonly status: number;
  readonly html?: string;
  /** For a redirect (302). */
  readonly location?: string;
}

/**
 * A form's action relative to the page (`device`, `authorize`): the page may be reached through
 * a proxy that puts it under a prefix (code-server forwards a loopback port as `/proxy/PORT/`),
 * and an absolute path would post past the proxy.
 */
function relative(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** True when `method` and `path` are one of the sign-in pages. */
export function isSignInPage(method: string, path: string): boolean {
  return (method === 'GET' || method === 'POST') && (path === SIGN_IN_PATHS.device || path === SIGN_IN_PATHS.authorize);
}

export function serveSignInPage(
  oidc: Pick<IdentityCenterOidc, 'approveDevice' | 'denyDevice' | 'authorize' | 'knowsRedirect'>,
  userNames: readonly string[],
  request: { readonly method: string; readonly path: string; readonly query: URLSearchParams; readonly form: URLSearchParams },
): PageAnswer {
  const { method, path, query, form } = request;
  if (path === SIGN_IN_PATHS.device) {
    if (method === 'GET') {
      const userCode = query.get('user_code') ?? '';
      return page(
        'Authorize request',
        `<p>A device or application asks to sign in to AWS IAM Identity Center (local stand-in) with the code</p>
<p class="code" id="user-code">${escape(userCode)}</p>
<form method="post" action="${relative(SIGN_IN_PATHS.device)}">
<input type="hidden" name="user_code" value="${escape(userCode)}">
${userPicker(userNames)}
<button type="submit" name="decision" value="approve" id="approve">Allow access</button>
<button type="submit" name="decision" value="deny" id="deny">Deny</button>
</form>`,
      );
    }
    const userCode = form.get('user_code') ?? '';
    const approved = form.get('decision') === 'approve';
    const user = form.get('user') ?? '';
    const done = approved ? userNames.includes(user) && oidc.approveDevice(userCode, user) : oidc.denyDevice(userCode);
    if (!done) return page('Request not found', `<p id="result">The code ${escape(userCode)} is not waiting for approval: it expired, was used, or never existed.</p>`, 400);
    return page(approved ? 'Request approved' : 'Request denied', `<p id="result">${approved ? `Request approved as ${escape(user)}.` : 'Request denied.'} You can close this window.</p>`);
  }
  // The authorization request: its parameters travel in the query (GET) and the form's hidden fields (POST).
  const params = method === 'GET' ? query : form;
  const fields = ['client_id', 'redirect_uri', 'state', 'code_challenge', 'code_challenge_method', 'scopes', 'response_type'] as const;
  if (method === 'GET') {
    return page(
      'Allow access',
      `<p>An application asks to sign in to AWS IAM Identity Center (local stand-in).</p>
<form method="post" action="${relative(SIGN_IN_PATHS.authorize)}">
${fields.map((name) => `<input type="hidden" name="${name}" value="${escape(params.get(name) ?? '')}">`).join('\n')}
${userPicker(userNames)}
<button type="submit" name="decision" value="approve" id="approve">Allow access</button>
<button type="submit" name="decision" value="deny" id="deny">Deny</button>
</form>`,
    );
  }
  const redirectUri = params.get('redirect_uri') ?? '';
  const state = params.get('state');
  const back = (extra: Record<string, string>): PageAnswer => {
    const target = new URL(redirectUri);
    for (const [name, value] of Object.entries(extra)) target.searchParams.set(name, value);
    if (state !== null) target.searchParams.set('state', state);
    return { status: 302, location: target.toString() };
  };
  const invalid = page('Invalid request', '<p id="result">This authorization request is not valid: unknown client, unregistered redirect, or no S256 challenge.</p>', 400);
  const clientId = params.get('client_id') ?? '';
  // A redirect only to an address the client registered: never anywhere else.
  if (params.get('response_type') !== 'code' || !oidc.knowsRedirect(clientId, redirectUri)) return invalid;
  if (form.get('decision') !== 'approve') return back({ error: 'access_denied' });
  const user = params.get('user') ?? '';
  const code = userNames.includes(user)
    ? oidc.authorize({ clientId, redirectUri, codeChallenge: params.get('code_challenge') ?? '', codeChallengeMethod: params.get('code_challenge_method') ?? '', userName: user })
    : undefined;
  return code === undefined ? invalid : back({ code });
}

function userPicker(userNames: readonly string[]): string {
  return `<label>Sign in as <select name="user" id="user">${userNames.map((name) => `<option value="${escape(name)}">${escape(name)}</option>`).join('')}</select></label>`;
}

function page(title: string, body: string, status = 200): PageAnswer {
  return {
    status,
    html: `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)} · IAM Identity Center (local)</title>
<style>body{font-family:sans-serif;max-width:36em;margin:3em auto}.code{font:bold 2em monospace;letter-spacing:.1em}button{margin:1em .5em 0 0;padding:.5em 1em}</style>
</head><body><h1>${escape(title)}</h1>
${body}
</body></html>`,
  };
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
