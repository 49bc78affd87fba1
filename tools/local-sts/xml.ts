/**
 * Rendering of STS Query-protocol XML documents.
 *
 * STS answers `<{Action}Response>` with a `<{Action}Result>` and
 * `<ResponseMetadata><RequestId>`, and errors as `<ErrorResponse>` with a
 * top-level `<RequestId>` (not inside ResponseMetadata): the SDKs parse both
 * shapes exactly this way, so the layout here must not drift.
 */
import { StsError } from './errors';

/** The STS XML namespace for API version 2011-06-15. */
export const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

/**
 * An element's children in document order. A string or number becomes a text
 * element; `undefined` omits the element (optional fields such as
 * `PackedPolicySize` are left out rather than sent empty, as STS does).
 */
export interface XmlElements {
  [name: string]: string | number | XmlElements | undefined;
}

/** Escapes text for use inside an XML element. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => {
    switch (c) {
      case '&': return '&amp;';
      case '<': return '&lt;';
      case '>': return '&gt;';
      case '"': return '&quot;';
      default: return '&apos;';
    }
  });
}

function renderElements(elements: XmlElements): string {
  let out = '';
  for (const [name, value] of Object.entries(elements)) {
    if (value === undefined) continue;
    const inner = typeof value === 'object' ? renderElements(value) : escapeXml(String(value));
    out += `<${name}>${inner}</${name}>`;
  }
  return out;
}

/** Renders a successful `<{action}Response>` document. */
export function renderSuccess(action: string, result: XmlElements, requestId: string): string {
  return (
    `<${action}Response xmlns="${STS_NAMESPACE}">\n` +
    `  <${action}Result>${renderElements(result)}</${action}Result>\n` +
    `  <ResponseMetadata><RequestId>${escapeXml(requestId)}</RequestId></ResponseMetadata>\n` +
    `</${action}Response>\n`
  );
}

/** Renders an `<ErrorResponse>` document. */
export function renderError(error: StsError, requestId: string): string {
  return (
    `<ErrorResponse xmlns="${STS_NAMESPACE}">\n` +
    `  <Error>\n` +
    `    <Type>${error.type}</Type>\n` +
    `    <Code>${escapeXml(error.code)}</Code>\n` +
    `    <Message>${escapeXml(error.message)}</Message>\n` +
    `  </Error>\n` +
    `  <RequestId>${escapeXml(requestId)}</RequestId>\n` +
    `</ErrorResponse>\n`
  );
}

/** Formats a time as STS does in `Expiration`: ISO 8601, UTC, whole seconds. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
