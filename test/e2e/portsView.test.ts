/**
 * The Ports view as a person sees it, in a real VS Code (code-server counts as a remote window, as
 * Remote-SSH, Dev Containers and Codespaces do) in headless Chromium: after a role is assumed the
 * credential endpoint listens in the extension host, and VS Code, which forwards every new
 * listening port it finds, must neither forward its port nor list it (issue 20 §5).
 *
 * VS Code (1.139) finds ports by reading /proc in the extension host, each scan at least 2 s and
 * 20 times the last scans' length after the one before, and forwards a scan's new ports one after
 * another. A port that is not listed proves nothing unless a scan has run since it began to
 * listen: so a plain Node server started after the endpoint must be listed first; the endpoint was
 * in that scan or an earlier one. A second plain server, started once the first is listed, is
 * found by a later scan, seconds on: once it is listed, forwarding the endpoint would have been
 * done long before. The user settings hold a `remote.portsAttributes` entry of the person's own,
 * as many people have: the extension's default for that setting must survive it.
 */

import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { Fixture } from '../../tools/local-sts';
import { extensionOutputLogs, projectRoot } from '../../tools/code-server';
import { localStsFiles, useBrowserSuite } from '../support/e2e/browserSuite';
import { openProfilesView, runCommand, setUserSettings, workbenchParts } from '../support/e2e/workbenchPage';
import { CI, stsUser } from '../support/principals';

const root = projectRoot();
const resultsDir = path.join(root, 'test-results');
const FIXTURE: Fixture = {
  users: [stsUser(CI, { mfa: false })],
  roles: [{ arn: 'arn:aws:iam::222222222222:role/Deploy', trustedPrincipals: ['arn:aws:iam::111111111111:user/ci'], maxSessionDuration: 3600 }],
};

/** A program of the person's own that starts listening on a free loopback port, as a dev server does. */
interface PlainServer {
  readonly port: number;
  readonly process: ChildProcess;
}

function startPlainServer(): Promise<PlainServer> {
  const child = spawn(process.execPath, ['-e', "require('http').createServer().listen(0, '127.0.0.1', function () { console.log(this.address().port) })"], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the plain server ended (${code}) before it listened`)));
    child.stdout!.once('data', (chunk: Buffer) => resolve({ port: Number(chunk.toString().trim()), process: child }));
  });
}

describe('Ports view in the browser', function () {
  // Two port scans on a busy machine can take a minute or more each (see above).
  this.timeout(300_000);
  let page: Page;
  let userDataDir: string;
  const plainServers: PlainServer[] = [];

  const { input, quickPickRow, notification } = workbenchParts(() => page);
  /** The rows of the Ports view's table (the last one is its "Add Port" button). */
  const portRows = () => page.locator('.part.panel .monaco-table .monaco-list-row');

  useBrowserSuite(
    {
      name: 'ports',
      sts: { fixture: FIXTURE },
      awsFiles: localStsFiles(['[profile ci]', 'region = us-east-1', '[profile deploy]', 'role_arn = arn:aws:iam::222222222222:role/Deploy', 'source_profile = ci', 'services = local'], { ci: CI }),
      prepare: (workbench) => {
        setUserSettings(workbench.userDataDir, {
          // The person's own entry: VS Code merges it with the defaults extensions contribute.
          'remote.portsAttributes': { '3000': { label: 'My app' } },
          // The default source, said explicitly: left implicit, VS Code switches to watching terminal
          // output instead once 20 ports were forwarded, and on a shared machine other people's test
          // servers are new ports too. That would hide the endpoint for the wrong reason.
          'remote.autoForwardPortsSource': 'process',
        });
        // Nothing inherited may shadow the endpoint: then `auto` mode would hand out keys instead.
        return { ...workbench.env, AWS_PROFILE: undefined, AWS_DEFAULT_PROFILE: undefined, AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_SESSION_TOKEN: undefined };
      },
    },
    async (started) => {
      ({ page } = started);
      userDataDir = started.workbench.userDataDir;
      await openProfilesView(page, 'deploy');
    },
  );

  after(() => {
    for (const plain of plainServers) plain.process.kill();
  });

  /** Where the extension's log says the endpoint listens, once it says so. */
  async function endpointPortFromLog(): Promise<number> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      for (const file of extensionOutputLogs(userDataDir, 'AWS Role Sessions')) {
        const match = /credential endpoint listening on 127\.0\.0\.1:(\d+)/.exec(fs.readFileSync(file, 'utf8'));
        if (match) return Number(match[1]);
      }
      if (Date.now() > deadline) assert.fail('the extension never logged "credential endpoint listening on 127.0.0.1:PORT" within 30 s of the assume');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /**
   * The port of every row the Ports view lists, read as a person would: scrolled through with the
   * mouse wheel from top to bottom, since on a shared machine other programs' ports may fill more
   * rows than the panel shows at once (the list renders only what is in view).
   */
  async function listedPorts(): Promise<Set<number>> {
    const seen = new Map<number, string>();
    // With nothing forwarded the view shows only its welcome text ("No forwarded ports…").
    if (!(await portRows().first().isVisible())) return new Set();
    const table = page.locator('.part.panel .monaco-table').first();
    // The Port column, found by its heading: the first one holds only each row's status dot.
    const portColumn = (await table.locator('.monaco-table-th').allInnerTexts()).findIndex((heading) => heading.trim() === 'Port');
    assert.ok(portColumn >= 0, 'the Ports view has a Port column');
    await table.hover();
    await page.mouse.wheel(0, -100_000);
    for (let step = 0; step < 50; step++) {
      for (const row of await portRows().all()) {
        const position = Number(await row.getAttribute('aria-posinset'));
        seen.set(position, await row.locator('.monaco-table-td').nth(portColumn).innerText());
      }
      const total = Number((await portRows().first().getAttribute('aria-setsize')) ?? seen.size);
      if (seen.size >= total) break;
      await page.mouse.wheel(0, 300);
    }
    // A port's cell reads `PORT` or `label (PORT)`; the "Add Port" row has no number.
    const ports = [...seen.values()].map((text) => /(\d+)\)?\s*$/.exec(text.trim())?.[1]).filter((port): port is string => port !== undefined);
    return new Set(ports.map(Number));
  }

  /** Waits until the Ports view lists `port`: VS Code's detection has found it and forwarded it. */
  async function waitUntilListed(port: number, what: string): Promise<void> {
    const deadline = Date.now() + 90_000;
    while (!(await listedPorts()).has(port)) {
      if (Date.now() > deadline) assert.fail(`the Ports view never listed ${what} (port ${port}) within 90 s: VS Code's port detection did not run`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  it("never lists the credential endpoint's port, while it lists the ports of programs started after it", async () => {
    const started = Date.now();
    await runCommand(page, 'Ports: Focus on Ports View');
    // Its welcome text while nothing is forwarded; its table once something is (on a shared machine,
    // other people's programs may already be there).
    await page.locator('.part.panel').getByText('No forwarded ports').or(portRows().first()).first().waitFor({ timeout: 30_000 });

    await runCommand(page, 'AWS Roles: Assume Role…');
    await input().fill('deploy');
    await quickPickRow('deploy').waitFor({ timeout: 30_000 });
    await input().press('Enter');
    await notification(/Assumed deploy: role Deploy in account 222222222222/).waitFor({ timeout: 30_000 });
    const endpointPort = await endpointPortFromLog();

    // Positive controls, each started only once the one before is listed: see the file's comment.
    for (const what of ['a plain Node server started after the endpoint', 'a second one started once the first was listed']) {
      const plain = await startPlainServer();
      plainServers.push(plain);
      await waitUntilListed(plain.port, what);
    }

    const listed = await listedPorts();
    fs.mkdirSync(resultsDir, { recursive: true });
    await page.screenshot({ path: path.join(resultsDir, 'e2e-ports-view.png') });
    assert.ok(!listed.has(endpointPort), `the Ports view lists the credential endpoint's port ${endpointPort} (it lists ${[...listed].join(', ')})`);
    console.log(`      (endpoint on ${endpointPort}; listed ${[...listed].join(', ')}; ${((Date.now() - started) / 1000).toFixed(1)} s from opening the Ports view)`);
  });
});
