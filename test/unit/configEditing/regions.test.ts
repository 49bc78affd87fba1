import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { partition } from '@aws-sdk/core/client';
import { REGIONS } from '../../../src/core/configEditing/regions';

/** The Regions of every partition in the SDK's own partition data (its ES module, read as text). */
function sdkRegions(): Map<string, { description: string; partition: string }> {
  const path = require.resolve('@aws-sdk/core/client').replace(/dist-cjs[\\/]submodules[\\/]client[\\/]index\.js$/, 'dist-es/submodules/client/util-endpoints/lib/aws/partitions.js');
  const source = readFileSync(path, 'utf8').replace('export const partitionsInfo =', 'return');
  const info = new Function(source)() as { partitions: { id: string; regions: Record<string, { description: string }> }[] };
  const regions = new Map<string, { description: string; partition: string }>();
  for (const entry of info.partitions) {
    for (const [id, region] of Object.entries(entry.regions)) if (!id.startsWith('aws-')) regions.set(id, { description: region.description, partition: entry.id });
  }
  return regions;
}

describe('config editing: the Regions completion offers', () => {
  it('are exactly the SDK partition data\'s, with its names (an SDK update that adds a Region fails here)', () => {
    const sdk = sdkRegions();
    assert.ok(sdk.size >= 40, `the SDK's data was read (${sdk.size} Regions)`);
    assert.deepEqual(new Map(REGIONS.map((region) => [region.id, { description: region.description, partition: region.partition }])), sdk);
    for (const region of REGIONS) assert.equal(partition(region.id).name, region.partition, region.id);
  });
});
