import * as assert from 'node:assert/strict';
import { joinChainNames } from '../../../src/core/config/chainNames';

describe('chain names on one line', () => {
  it('lists a short chain whole', () => {
    assert.equal(joinChainNames(['a'], 2, 'root'), 'a → root');
    assert.equal(joinChainNames(['a', 'b', 'c', 'd'], 5, 'root'), 'a → b → c → d → root');
  });

  it('abbreviates a long chain to its first three names, how many it leaves out, and its last', () => {
    assert.equal(joinChainNames(['a', 'b', 'c', 'd'], 6, 'root'), 'a → b → c → … (2 more) → root');
    assert.equal(joinChainNames(['h0', 'h1', 'h2', 'h3'], 1000, 'base'), 'h0 → h1 → h2 → … (996 more) → base');
  });
});
