/** The session policies of a read-only session: the partition's ReadOnlyAccess, or the person's setting, checked. */

import * as assert from 'node:assert/strict';
import { narrowLastHop, partitionOf, policyNames, readOnlyPolicyArns } from '../../../src/core/assume/sessionPolicies';
import type { PlannedHop } from '../../../src/core/assume/hopPlan';
import { SessionError } from '../../../src/core/vocabulary/sessionTypes';

const PROD = 'arn:aws:iam::444444444444:role/Prod';

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof SessionError);
    assert.equal(error.kind, 'config');
    return error.message;
  }
  assert.fail('expected a refusal');
}

describe('read-only session policies', () => {
  it('default to the role\'s partition\'s ReadOnlyAccess: aws, aws-cn, aws-us-gov', () => {
    assert.deepEqual(readOnlyPolicyArns('prod', PROD, undefined), ['arn:aws:iam::aws:policy/ReadOnlyAccess']);
    assert.deepEqual(readOnlyPolicyArns('prod', 'arn:aws-cn:iam::444444444444:role/Prod', {}), ['arn:aws-cn:iam::aws:policy/ReadOnlyAccess']);
    assert.deepEqual(readOnlyPolicyArns('prod', 'arn:aws-us-gov:iam::444444444444:role/Prod', { dev: ['arn:aws:iam::aws:policy/ViewOnlyAccess'] }), [
      'arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess',
    ]);
    assert.equal(partitionOf('not an arn'), 'aws');
  });

  it('take the setting\'s list for the profile, else its "*" list; an account\'s own policies too', () => {
    const setting = { prod: ['arn:aws:iam::444444444444:policy/team/Readers'], '*': ['arn:aws:iam::aws:policy/job-function/ViewOnlyAccess'] };
    assert.deepEqual(readOnlyPolicyArns('prod', PROD, setting), ['arn:aws:iam::444444444444:policy/team/Readers']);
    assert.deepEqual(readOnlyPolicyArns('staging', PROD, setting), ['arn:aws:iam::aws:policy/job-function/ViewOnlyAccess']);
    assert.equal(policyNames(['arn:aws:iam::aws:policy/job-function/ViewOnlyAccess', 'arn:aws:iam::aws:policy/ReadOnlyAccess']), 'ViewOnlyAccess, ReadOnlyAccess');
  });

  it('refuse a setting that is no list, an empty one, more than ten, or a value that is no policy ARN, naming the setting and the entry', () => {
    assert.equal(
      refusal(() => readOnlyPolicyArns('prod', PROD, { prod: 'arn:aws:iam::aws:policy/ReadOnlyAccess' })),
      'Profile "prod" cannot be opened read-only: awsRoles.readOnlyPolicies names for "prod" no list of policy ARNs. Give a list such as ["arn:aws:iam::aws:policy/ReadOnlyAccess"], or remove the entry.',
    );
    assert.match(refusal(() => readOnlyPolicyArns('prod', PROD, { '*': [] })), /names for "\*" no list of policy ARNs/);
    const eleven = Array.from({ length: 11 }, (_, i) => `arn:aws:iam::aws:policy/P${i}`);
    assert.equal(refusal(() => readOnlyPolicyArns('prod', PROD, { prod: eleven })), 'Profile "prod" cannot be opened read-only: awsRoles.readOnlyPolicies names for "prod" 11 policies; STS takes at most 10.');
    for (const wrong of ['ReadOnlyAccess', 'arn:aws:iam::444444444444:role/Prod', 'arn:aws:s3:::bucket', 42]) {
      assert.match(refusal(() => readOnlyPolicyArns('prod', PROD, { prod: [wrong] })), /which is not a managed policy ARN/, String(wrong));
    }
  });

  it('narrow the last hop only: the hops below must keep their right to assume the next role', () => {
    const hop = (profileName: string) => ({ profileName, roleArn: `arn:aws:iam::1:role/${profileName}` }) as PlannedHop;
    const plan = narrowLastHop([hop('dev'), hop('staging'), hop('prod')], ['arn:aws:iam::aws:policy/ReadOnlyAccess']);
    assert.deepEqual(
      plan.map((step) => [step.profileName, step.policyArns]),
      [
        ['dev', undefined],
        ['staging', undefined],
        ['prod', ['arn:aws:iam::aws:policy/ReadOnlyAccess']],
      ],
    );
  });
});
