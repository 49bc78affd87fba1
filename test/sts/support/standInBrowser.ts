/**
 * A person at a browser, for the Identity Center sign-in tests: the `SignInPresenter` the
 * extension shows its sign-in through, which opens the page it is given on the local service's
 * stand-in sign-in pages and answers it as a person would (allow or deny, as alice), follows the
 * authorization flow's redirect back to the extension's loopback server, or leaves the page
 * alone, or clicks Cancel. Plain HTTP to 127.0.0.1, the requests a browser makes.
 */

import type { SignInPresenter, SignInStep } from '../../../src/core/identityCenter/ports';

export type BrowserAnswer = 'approve' | 'deny' | 'ignore' | 'cancel';

export class StandInBrowser implements SignInPresenter {
  /** Every step shown, in order: one per sign-in page the person was asked to open. */
  readonly shown: SignInStep[] = [];
  /** What the person does with the next page. */
  answer: BrowserAnswer = 'approve';
  /** Settles when the person is done with the last page (answered, left alone or cancelled). */
  done: Promise<void> = Promise.resolve();
  /** Whether the notification was closed (disposed) by the flow, per step. */
  readonly closed: boolean[] = [];

  constructor(private readonly userName = 'alice') {}

  show(step: SignInStep): { readonly cancelled: Promise<void>; dispose(): void } {
    this.shown.push(step);
    const index = this.closed.push(false) - 1;
    let cancel: () => void = () => undefined;
    const cancelled = new Promise<void>((resolve) => (cancel = resolve));
    this.done = this.act(step, this.answer, cancel);
    return { cancelled, dispose: () => (this.closed[index] = true) };
  }

  private async act(step: SignInStep, answer: BrowserAnswer, cancel: () => void): Promise<void> {
    if (answer === 'cancel') {
      cancel();
      return;
    }
    const page = await fetch(step.url);
    if (page.status !== 200) throw new Error(`the sign-in page answered ${page.status}`);
    const html = await page.text();
    if (answer === 'ignore') return;
    const decision = answer === 'approve' ? 'approve' : 'deny';
    const url = new URL(step.url);
    if (step.flow === 'device-code') {
      if (!html.includes(step.userCode)) throw new Error('the device page does not show the code VS Code shows');
      await post(`${url.origin}${url.pathname}`, { user_code: step.userCode, user: this.userName, decision });
      return;
    }
    // The authorization page's form carries the request's parameters in hidden fields.
    const answered = await post(`${url.origin}${url.pathname}`, { ...Object.fromEntries(url.searchParams), user: this.userName, decision });
    const location = answered.headers.get('location');
    if (answered.status !== 302 || !location) throw new Error(`the authorization page answered ${answered.status}`);
    // The browser follows the redirect to the extension's loopback server.
    const back = await fetch(location);
    if (back.status !== 200) throw new Error(`the loopback server answered ${back.status}`);
  }
}

function post(url: string, form: Record<string, string>): Promise<Response> {
  return fetch(url, { method: 'POST', body: new URLSearchParams(form), redirect: 'manual' });
}
