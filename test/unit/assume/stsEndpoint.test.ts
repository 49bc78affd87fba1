import * as assert from 'node:assert/strict';
import { resolveStsEndpoint } from '../../../src/core/assume/stsEndpoint';
import { modelOf } from './modelHelpers';

const CONFIG = [
  '[profile picked]',
  'services = local',
  'endpoint_url = http://profile.example:1',
  '[services local]',
  'sts =',
  '  endpoint_url = http://services.example:2',
  's3 =',
  '  endpoint_url = http://s3.example:3',
  '[profile plain]',
  'endpoint_url = http://profile.example:1',
  '[profile s3only]',
  'services = s3only',
  'endpoint_url = http://profile.example:1',
  '[services s3only]',
  's3 =',
  '  endpoint_url = http://s3.example:3',
  '[profile nothing]',
  'region = eu-west-1',
  '[profile ghost]',
  'services = missing',
  'endpoint_url = http://profile.example:1',
  '[profile ignoring]',
  'ignore_configured_endpoint_urls = true',
  'endpoint_url = http://profile.example:1',
].join('\n');

const model = modelOf(CONFIG);
const resolve = (name: string, env: Record<string, string | undefined> = {}) => resolveStsEndpoint(model.byName.get(name), model, env);

describe('STS endpoint resolution (the AWS SDK order)', () => {
  it('takes AWS_ENDPOINT_URL_STS first', () => {
    assert.deepEqual(resolve('picked', { AWS_ENDPOINT_URL_STS: 'http://sts-env:9', AWS_ENDPOINT_URL: 'http://env:8' }), {
      url: 'http://sts-env:9',
      source: 'AWS_ENDPOINT_URL_STS',
    });
  });

  it('then AWS_ENDPOINT_URL', () => {
    assert.deepEqual(resolve('picked', { AWS_ENDPOINT_URL: 'http://env:8' }), { url: 'http://env:8', source: 'AWS_ENDPOINT_URL' });
  });

  it('then sts.endpoint_url of the profile\'s services section', () => {
    assert.deepEqual(resolve('picked'), { url: 'http://services.example:2', source: 'sts.endpoint_url in [services local]' });
  });

  it('then the profile\'s endpoint_url, also when its services section has no sts entry or does not exist', () => {
    assert.deepEqual(resolve('plain'), { url: 'http://profile.example:1', source: 'endpoint_url in profile "plain"' });
    assert.deepEqual(resolve('s3only'), { url: 'http://profile.example:1', source: 'endpoint_url in profile "s3only"' });
    assert.deepEqual(resolve('ghost'), { url: 'http://profile.example:1', source: 'endpoint_url in profile "ghost"' });
  });

  it('gives undefined (the SDK default) when nothing is set, and treats empty variables as unset', () => {
    assert.equal(resolve('nothing'), undefined);
    assert.equal(resolve('nothing', { AWS_ENDPOINT_URL_STS: '', AWS_ENDPOINT_URL: '' }), undefined);
    assert.equal(resolveStsEndpoint(undefined, model, {}), undefined);
  });

  it('ignores every configured endpoint when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS or ignore_configured_endpoint_urls is true', () => {
    assert.equal(resolve('picked', { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true', AWS_ENDPOINT_URL_STS: 'http://sts-env:9' }), undefined);
    assert.equal(resolve('ignoring'), undefined);
    assert.equal(resolve('ignoring', { AWS_ENDPOINT_URL: 'http://env:8' }), undefined);
    // The environment's "false" wins over the profile's "true", as in the SDK.
    assert.deepEqual(resolve('ignoring', { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'false' }), {
      url: 'http://profile.example:1',
      source: 'endpoint_url in profile "ignoring"',
    });
  });
});
