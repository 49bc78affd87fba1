/**
 * Hand-built STS requests, signed with @smithy/signature-v4, for protocol
 * details the SDKs never exercise (GET, tampering, skew, missing headers).
 */
import { request as httpRequest } from 'node:http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Keys } from './fixture';

/** A raw HTTP answer. */
export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** Options of {@link stsCall}. */
export interface RawCallOptions {
  /** STS parameters, Action and Version included. */
  params: Record<string, string>;
  /** Signing credentials; unsigned when absent. */
  keys?: Keys;
  method?: 'GET' | 'POST';
  /** Signing time (default now). */
  signingDate?: Date;
  /** Region of the credential scope. */
  region?: string;
  /** Service of the credential scope. */
  service?: string;
  /** Extra headers, signed. */
  headers?: Record<string, string>;
  /** Changes the request after signing (to test tampering). */
  afterSigning?: (req: { headers: Record<string, string>; body: string; path: string }) => void;
}

/** Sends one STS request to `endpoint` and collects the answer. */
export async function stsCall(endpoint: string, options: RawCallOptions): Promise<RawResponse> {
  const url = new URL(endpoint);
  const encoded = new URLSearchParams(options.params).toString().replace(/\+/g, '%20');
  const method = options.method ?? 'POST';
  const query: Record<string, string> = method === 'GET' ? { ...options.params } : {};
  let req = new HttpRequest({
    method,
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    query,
    headers: {
      host: url.host,
      ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' } : {}),
      ...options.headers,
    },
    body: method === 'POST' ? encoded : undefined,
  });
  if (options.keys) {
    const signer = new SignatureV4({
      credentials: options.keys,
      region: options.region ?? 'us-east-1',
      service: options.service ?? 'sts',
      sha256: Sha256,
    });
    req = (await signer.sign(req, { signingDate: options.signingDate })) as HttpRequest;
  }
  const wire = {
    headers: { ...(req.headers as Record<string, string>) },
    body: (req.body as string | undefined) ?? '',
    path: method === 'GET' ? `/?${encoded}` : '/',
  };
  options.afterSigning?.(wire);
  return new Promise((resolve, reject) => {
    const r = httpRequest(
      { host: url.hostname, port: url.port, method, path: wire.path, agent: false, headers: { ...wire.headers, 'content-length': Buffer.byteLength(wire.body) } },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    r.on('error', reject);
    r.end(wire.body);
  });
}

/** Element paths of an XML document (`A/B/C`), in document order, for shape comparisons. */
export function elementPaths(xml: string): string[] {
  const stack: string[] = [];
  const paths: string[] = [];
  for (const m of xml.matchAll(/<(\/?)([A-Za-z][\w.-]*)[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = m;
    if (closing) {
      stack.pop();
      continue;
    }
    stack.push(name);
    paths.push(stack.join('/'));
    if (selfClosing) stack.pop();
  }
  return paths;
}

/** Text of the first element with this name (entities decoded), if any. */
export function textOf(xml: string, name: string): string | undefined {
  const m = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  if (!m) return undefined;
  return m[1]
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The `xmlns` of the root element. */
export function rootNamespace(xml: string): string | undefined {
  return /^\s*(?:<\?xml[^>]*>\s*)?<[A-Za-z]\w*\s+xmlns="([^"]+)"/.exec(xml)?.[1];
}
