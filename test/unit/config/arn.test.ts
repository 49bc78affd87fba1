/**
 * The two readings of a role ARN agree: `roleAccountAndName` (what a tree row names, cut from the
 * text) gives exactly the account id and role name of `parseRoleArn` (the regular expression's
 * groups), on ARNs built from IAM's own characters and on text that only looks like one.
 */

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseRoleArn, roleAccountAndName } from '../../../src/core/config/arn';

const IAM_CHARS = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+=,.@_-'];

/** Role ARNs as people write them, and near misses: odd partitions, colons, slashes, long names. */
function roleArnLike(): fc.Arbitrary<string> {
  const iamText = (max: number) => fc.array(fc.constantFrom(...IAM_CHARS, '/', ':'), { minLength: 0, maxLength: max }).map((chars) => chars.join(''));
  const segment = fc.array(fc.constantFrom(...IAM_CHARS), { minLength: 1, maxLength: 12 }).map((chars) => chars.join(''));
  return fc.tuple(
    fc.constantFrom('aws', 'aws-cn', 'aws-us-gov', 'aws-iso-b', 'aws:', 'awz', ''),
    fc.oneof(fc.stringMatching(/^\d{12}$/), fc.stringMatching(/^\d{0,14}$/)),
    fc.array(segment, { maxLength: 3 }),
    fc.oneof(segment, iamText(70)),
  ).map(([partition, account, path, name]) => `arn:${partition}:iam::${account}:role/${path.map((part) => `${part}/`).join('')}${name}`);
}

describe('role ARNs', () => {
  it('names the same account id and role name whether cut from the text or parsed', () => {
    fc.assert(
      fc.property(fc.oneof(roleArnLike(), fc.string({ maxLength: 80 })), (arn) => {
        const parsed = parseRoleArn(arn);
        assert.deepEqual(roleAccountAndName(arn), parsed && [parsed.accountId, parsed.roleName]);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads the account id and role name of a role with a path, in the China partition too', () => {
    assert.deepEqual(roleAccountAndName('arn:aws:iam::222222222222:role/teams/platform/Developer'), ['222222222222', 'Developer']);
    assert.deepEqual(roleAccountAndName('arn:aws-cn:iam::333333333333:role/Ops'), ['333333333333', 'Ops']);
    assert.equal(roleAccountAndName('arn:aws:iam::222222222222:user/alice'), undefined);
  });
});
