/**
 * The one-use server the browser comes back to after an Identity Center sign-in (the PKCE flow's
 * redirect URI, as the AWS CLI uses it): `http://127.0.0.1:PORT/oauth/callback` on a port the
 * system picks, bound to 127.0.0.1 only. The first request to the callback path resolves the
 * answer and gets a page that says to go back to VS Code; the server closes with the sign-in.
 */

import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LoopbackRedirect, LoopbackRedirectPort } from '../core/identityCenter/ports';

export const CALLBACK_PATH = '/oauth/callback';

const PAGE = (title: string, text: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body style="font-family: system-ui, sans-serif; margin: 3em"><h1>${title}</h1><p id="result">${text}</p></body></html>`;

export const loopbackRedirectServer: LoopbackRedirectPort = {
  listen: () =>
    new Promise<LoopbackRedirect>((resolve, reject) => {
      let settle: (query: URLSearchParams) => void = () => undefined;
      const answer = new Promise<URLSearchParams>((resolveAnswer) => (settle = resolveAnswer));
      let answered = false;
      const server = http.createServer((req, res) => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        if (req.method !== 'GET' || url.pathname !== CALLBACK_PATH || answered) {
          res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
          return;
        }
        answered = true;
        const denied = url.searchParams.has('error');
        const html = denied
          ? PAGE('Sign-in not completed', 'The sign-in was not allowed. You can close this page; VS Code says what happened.')
          : PAGE('Signed in', 'AWS Role Sessions has what it needs. You can close this page and return to VS Code.');
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(html);
        settle(url.searchParams);
      });
      server.on('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        resolve({
          redirectUri: `http://127.0.0.1:${port}${CALLBACK_PATH}`,
          answer,
          close: () => {
            server.close();
            server.closeAllConnections();
          },
        });
      });
    }),
};
