import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMANDS, CONTEXT_KEYS, SETTINGS, VIEW_PROFILES } from '../../src/constants';

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));

describe('package.json and src/constants.ts agree', () => {
  it('contributes exactly the commands the code names, each with the AWS Roles category', () => {
    const contributed = (manifest.contributes.commands as { command: string; category: string }[]);
    assert.deepEqual(contributed.map((c) => c.command).sort(), Object.values(COMMANDS).sort());
    for (const command of contributed) assert.equal(command.category, 'AWS Roles', command.command);
  });

  it('names the view, the context keys and the settings the code uses', () => {
    const text = JSON.stringify(manifest.contributes);
    assert.ok(text.includes(`"id":"${VIEW_PROFILES}"`));
    for (const key of Object.values(CONTEXT_KEYS)) assert.ok(text.includes(key), key);
    assert.ok(manifest.contributes.configuration.properties[`${SETTINGS.section}.${SETTINGS.mfaSessionDuration}`]);
  });

  it('activates lazily: no "*" and no startup activation', () => {
    assert.deepEqual(manifest.activationEvents, []);
  });
});
