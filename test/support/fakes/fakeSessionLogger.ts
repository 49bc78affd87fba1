/** A SessionLogger that keeps every line. */

import type { SessionLogger } from '../../../src/core/vocabulary/ports';

export class FakeSessionLogger implements SessionLogger {
  readonly lines: { readonly level: 'info' | 'warn' | 'error'; readonly message: string }[] = [];

  info(message: string): void {
    this.lines.push({ level: 'info', message });
  }

  warn(message: string): void {
    this.lines.push({ level: 'warn', message });
  }

  error(message: string): void {
    this.lines.push({ level: 'error', message });
  }

  /** Every message, without its level, in order. */
  messages(): string[] {
    return this.lines.map((line) => line.message);
  }

  /** The messages logged as errors. */
  errors(): string[] {
    return this.lines.filter((line) => line.level === 'error').map((line) => line.message);
  }

  /** Every message, one per line. */
  text(): string {
    return this.lines.map((line) => `${line.level}: ${line.message}`).join('\n');
  }
}
