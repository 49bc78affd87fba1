/** Which folders act as a profile of their own, and what their terminals get on top of the window's session (issue 22 §2). */

import * as assert from 'node:assert/strict';
import { folderProfiles } from '../../../src/core/lifecycle/workspaceProfile';
import { folderTerminalVariables } from '../../../src/core/injection/folderEnvironment';
import { heldSessionMark, heldSessionPlace } from '../../../src/core/presentation/activeProfileMark';
import { fakeRoleSession } from '../../support/fakes/roleSessions';

const exists = (name: string) => ['dev', 'prod'].includes(name);

describe('folders as their own profile', () => {
  it('in a trusted window of two folders or more, each folder whose own setting names a profile of the AWS config', () => {
    const folders = [
      { folderIndex: 0, folderName: 'api', ownProfile: 'dev' },
      { folderIndex: 1, folderName: 'infra', ownProfile: 'prod' },
      { folderIndex: 2, folderName: 'docs', ownProfile: '' },
      { folderIndex: 3, folderName: 'old', ownProfile: 'gone' },
    ];
    assert.deepEqual(folderProfiles({ folders, trusted: true, profileExists: exists }), [
      { folderIndex: 0, folderName: 'api', profileName: 'dev' },
      { folderIndex: 1, folderName: 'infra', profileName: 'prod' },
    ]);
    assert.deepEqual(folderProfiles({ folders, trusted: false, profileExists: exists }), [], 'an untrusted workspace names nothing');
    assert.deepEqual(folderProfiles({ folders: folders.slice(0, 1), trusted: true, profileExists: exists }), [], "one folder: its profile is the window's");
  });

  it("a folder's terminals get its variables, and every other variable of the window's session set back: to what VS Code inherited, or empty", () => {
    const window = { AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:1/window', AWS_CONTAINER_AUTHORIZATION_TOKEN: 'w', AWS_ACCESS_KEY_ID: '', AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'eu-west-1' };
    const folder = { AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:1/folder', AWS_CONTAINER_AUTHORIZATION_TOKEN: 'f' };
    assert.deepEqual(folderTerminalVariables(window, folder, { AWS_DEFAULT_REGION: 'us-west-2', AWS_ACCESS_KEY_ID: 'AKIAINHERITED' }), {
      AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:1/folder',
      AWS_CONTAINER_AUTHORIZATION_TOKEN: 'f',
      AWS_ACCESS_KEY_ID: 'AKIAINHERITED',
      // An empty region breaks the JS SDK and boto3: without an inherited one, the window's stays.
      AWS_DEFAULT_REGION: 'us-west-2',
    });
    assert.deepEqual(folderTerminalVariables({ AWS_SESSION_TOKEN: 't' }, { AWS_ACCESS_KEY_ID: 'ASIAFOLDER' }, {}), { AWS_ACCESS_KEY_ID: 'ASIAFOLDER', AWS_SESSION_TOKEN: '' });
  });

  it('a session held by terminals and folders says where: the tree\'s mark and the status bar\'s list', () => {
    const session = fakeRoleSession({}, { expiration: new Date(3030_000) });
    const view = { profileName: 'prod', access: 'full' as const, holders: 3, session, places: [{ kind: 'terminal' as const }, { kind: 'folder' as const, folderName: 'infra' }, { kind: 'folder' as const, folderName: 'ops' }] };
    assert.equal(heldSessionMark(view, 0), 'in a terminal and folders infra and ops - 50 min left');
    assert.equal(heldSessionPlace(view), 'terminal, folders infra and ops');
    assert.equal(heldSessionMark({ ...view, holders: 1, places: [{ kind: 'folder', folderName: 'infra' }] }, 0), 'in folder infra - 50 min left');
    const launches = { ...view, access: 'read-only' as const, holders: 3, places: [{ kind: 'launch' as const, launchName: 'a' }, { kind: 'launch' as const, launchName: 'b' }, { kind: 'terminal' as const }] };
    assert.equal(heldSessionMark(launches, 0), 'read-only in a terminal and 2 debug launches - 50 min left');
    assert.equal(heldSessionPlace(launches), 'read-only terminal, 2 debug launches');
  });
});
