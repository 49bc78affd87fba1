/**
 * The pictures the extension shows of itself, each cut from a screenshot the e2e suites take
 * (test/e2e/, saved under test-results/): the README's (media/screenshots/) and the
 * walkthrough's (media/walkthrough/). `npm run screenshots` makes them all from the last
 * `npm run test:e2e`, so they show the extension as it is; a unit test checks that the README
 * and package.json name only pictures made here.
 */

export interface ScreenshotCrop {
  /** Where the picture goes, from the project's root. */
  readonly output: string;
  /** The e2e screenshot it is cut from, under test-results/. */
  readonly from: string;
  /** The part kept, in the screenshot's pixels (the suites' pages are 1400 × 900). */
  readonly clip: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
}

export const SCREENSHOT_CROPS: readonly ScreenshotCrop[] = [
  // README: the Profiles view, widened so each row's description shows, prod's chain expanded
  // (the Profiles view suite saves only this top-left part of its page).
  { output: 'media/screenshots/profiles-view.png', from: 'e2e-profiles-chain.png', clip: { x: 0, y: 0, width: 800, height: 330 } },
  // README: the status bar's item with its tooltip, and the active profile in the tree.
  { output: 'media/screenshots/status-bar.png', from: 'e2e-status-bar.png', clip: { x: 0, y: 0, width: 1400, height: 900 } },
  // README: a program in a terminal riding a renewal in endpoint mode, the countdown started again.
  { output: 'media/screenshots/renewal.png', from: 'e2e/5-renewed-under-a-running-program.png', clip: { x: 0, y: 450, width: 1400, height: 450 } },
  // README: a terminal opened as prod in a dev-readonly window: the tree's mark, the terminal's tab and its `aws`, the status bar's +1.
  { output: 'media/screenshots/terminal-as-profile.png', from: 'e2e/8-terminal-as-prod.png', clip: { x: 0, y: 282, width: 1400, height: 618 } },
  // Walkthrough: the Profiles view with prod's three-hop chain expanded.
  { output: 'media/walkthrough/profiles.png', from: 'e2e/1-profiles-and-chain.png', clip: { x: 0, y: 35, width: 700, height: 370 } },
  // Walkthrough: prod assumed: the tree marks it active, its chain in use.
  { output: 'media/walkthrough/assume-role.png', from: 'e2e/2-assumed-prod.png', clip: { x: 0, y: 35, width: 700, height: 370 } },
  // Walkthrough: the status bar's item with its tooltip.
  { output: 'media/walkthrough/status-bar.png', from: 'e2e-status-bar.png', clip: { x: 0, y: 660, width: 700, height: 240 } },
  // Walkthrough: a new terminal's AWS CLI acting as the role, above the status bar.
  { output: 'media/walkthrough/terminal.png', from: 'e2e/3-terminal-prod.png', clip: { x: 350, y: 585, width: 1050, height: 315 } },
  // Walkthrough: Open Console's tab: the (local) federation page names the role.
  { output: 'media/walkthrough/console.png', from: 'e2e/7-console.png', clip: { x: 0, y: 0, width: 700, height: 210 } },
];
