/** One request to the credential endpoint as an SDK makes it, on an agent the caller keeps. */
import * as http from 'node:http';

/** What one request got: status 0 when it failed on the network. */
export interface EndpointAnswer {
  readonly status: number;
  /** The answer's credentials, read when the status was 200. */
  readonly credentials?: { readonly AccessKeyId: string; readonly Expiration: string };
  /** The client end's port: the same one throughout while the connection is kept. */
  readonly localPort?: number;
  /** When the answer had arrived in full. */
  readonly at: number;
}

/** Asks the endpoint at `url` once with `token` on `agent`; never rejects. */
export function askCredentialEndpoint(url: string, token: string, agent: http.Agent): Promise<EndpointAnswer> {
  return new Promise((resolve) => {
    const request = http.get(url, { agent, headers: { Authorization: token } }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => {
        const at = Date.now();
        const credentials = response.statusCode === 200 ? (JSON.parse(body) as EndpointAnswer['credentials']) : undefined;
        resolve({ status: response.statusCode ?? 0, credentials, localPort: request.socket?.localPort, at });
      });
    });
    request.on('error', () => resolve({ status: 0, at: Date.now() }));
  });
}
