/**
 * Fault injection, switchable while the server runs, so tests can see how
 * clients (and the extension) cope with a misbehaving STS.
 */
import { internalFailure, serviceUnavailable, throttling, type StsError } from './errors';

/**
 * - `throttle`: `Throttling` 400 "Rate exceeded".
 * - `internal-error`: `InternalFailure` 500.
 * - `service-unavailable`: `ServiceUnavailable` 503.
 * - `reset`: read the request, then destroy the connection without answering.
 * - `delay`: wait `delayMs` before answering normally (for client timeouts).
 * - `malformed-xml`: answer 200 with an XML document cut off in the middle, as a proxy or a
 *   dropped connection can leave it.
 */
export type FaultKind = 'throttle' | 'internal-error' | 'service-unavailable' | 'reset' | 'delay' | 'malformed-xml';

/** A fault to apply to matching requests. */
export interface FaultSpec {
  readonly kind: FaultKind;
  /** Apply to the next N matching requests only; unlimited when absent. */
  readonly times?: number;
  /** Only requests for these actions; all when absent. */
  readonly actions?: readonly string[];
  /** For `delay`: milliseconds to wait. Default 1000. */
  readonly delayMs?: number;
}

/** What the server must do with one request. */
export type FaultDecision =
  | { readonly kind: 'respond-error'; readonly error: StsError }
  | { readonly kind: 'reset' }
  | { readonly kind: 'malformed-xml' }
  | { readonly kind: 'delay'; readonly ms: number };

/** Listener control the server lends to the fault controller. */
export interface ListenerControl {
  stopListening(): Promise<void>;
  startListening(): Promise<void>;
}

/**
 * Parses the CLI form `KIND[=DELAY_MS][:TIMES][@Action,...]`, e.g.
 * `throttle`, `internal-error:2`, `throttle@AssumeRole`, `delay=1500:1`.
 */
export function parseFaultSpec(text: string): FaultSpec {
  const kinds: FaultKind[] = ['throttle', 'internal-error', 'service-unavailable', 'reset', 'delay', 'malformed-xml'];
  const m = /^([a-z-]+)(?:=(\d+))?(?::(\d+))?(?:@([A-Za-z,]+))?$/.exec(text.trim());
  if (!m || !kinds.includes(m[1] as FaultKind) || (m[2] !== undefined) !== (m[1] === 'delay')) {
    throw new Error(`bad fault "${text}": use KIND[:TIMES][@Action,...] with KIND one of ${kinds.join(', ')}; delay=MS[:TIMES]`);
  }
  return {
    kind: m[1] as FaultKind,
    delayMs: m[2] === undefined ? undefined : Number(m[2]),
    times: m[3] === undefined ? undefined : Number(m[3]),
    actions: m[4]?.split(','),
  };
}

/** The runtime fault switch of one server. */
export class FaultController {
  private current: { spec: FaultSpec; remaining: number } | undefined;
  private listening = true;

  constructor(private readonly listener: ListenerControl) {}

  /** Replaces the active fault. */
  set(spec: FaultSpec): void {
    this.current = { spec, remaining: spec.times ?? Number.POSITIVE_INFINITY };
  }

  /** Removes the active fault (reachability is separate: see {@link FaultController.reachable}). */
  clear(): void {
    this.current = undefined;
  }

  /** The active fault, if any. */
  get active(): FaultSpec | undefined {
    return this.current?.spec;
  }

  /** Answer `Throttling` ("Rate exceeded"). */
  throttle(times?: number, actions?: readonly string[]): void {
    this.set({ kind: 'throttle', times, actions });
  }

  /** Answer 500 `InternalFailure`. */
  internalError(times?: number, actions?: readonly string[]): void {
    this.set({ kind: 'internal-error', times, actions });
  }

  /** Answer 503 `ServiceUnavailable`. */
  serviceUnavailable(times?: number, actions?: readonly string[]): void {
    this.set({ kind: 'service-unavailable', times, actions });
  }

  /** Drop connections without an answer. */
  reset(times?: number, actions?: readonly string[]): void {
    this.set({ kind: 'reset', times, actions });
  }

  /** Answer 200 with a truncated XML document. */
  malformedXml(times?: number, actions?: readonly string[]): void {
    this.set({ kind: 'malformed-xml', times, actions });
  }

  /** Answer late. */
  delay(ms: number, times?: number, actions?: readonly string[]): void {
    this.set({ kind: 'delay', delayMs: ms, times, actions });
  }

  /** Stop listening and drop open connections: clients get "connection refused". */
  async unreachable(): Promise<void> {
    if (!this.listening) return;
    this.listening = false;
    await this.listener.stopListening();
  }

  /** Listen again on the same port. */
  async reachable(): Promise<void> {
    if (this.listening) return;
    await this.listener.startListening();
    this.listening = true;
  }

  /** Whether the server is accepting connections. */
  get isReachable(): boolean {
    return this.listening;
  }

  /** Consumes one use of the active fault for a request, if it applies. */
  take(action: string): FaultDecision | undefined {
    const c = this.current;
    if (!c || c.remaining <= 0) return undefined;
    if (c.spec.actions && !c.spec.actions.includes(action)) return undefined;
    c.remaining -= 1;
    if (c.remaining <= 0) this.current = undefined;
    switch (c.spec.kind) {
      case 'throttle': return { kind: 'respond-error', error: throttling() };
      case 'internal-error': return { kind: 'respond-error', error: internalFailure() };
      case 'service-unavailable': return { kind: 'respond-error', error: serviceUnavailable() };
      case 'reset': return { kind: 'reset' };
      case 'malformed-xml': return { kind: 'malformed-xml' };
      case 'delay': return { kind: 'delay', ms: c.spec.delayMs ?? 1000 };
    }
  }
}
