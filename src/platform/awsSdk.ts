/**
 * Everything that touches the AWS SDK, built as its own bundle (`dist/awsSdk.js`) and loaded
 * on first use through `loadAwsSdk()`, so activating the extension never parses the SDK.
 */

import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import {
  fromContainerMetadata,
  fromEnv,
  fromIni,
  fromInstanceMetadata,
  fromSSO,
} from '@aws-sdk/credential-providers';
import { homedir } from 'node:os';
import { readFileContent, resolveConfigPaths } from '../core/config/configFiles';
import { describeSdkUnsafeSection, findSdkUnsafeSection } from '../core/config/sdkFileSafety';
import type { AwsCredentials, RootCredentialsPort, StsPort, StsTarget } from '../core/vocabulary/ports';
import { runCredentialProcess } from './credentialProcess';
import { nodeTextFileReader } from './nodeTextFileReader';

/** How long the STS calls may take; the defaults are the extension's, tests shorten them. */
export interface StsPortOptions {
  /** One attempt's limit from request to complete answer. STS answers in well under a second. */
  readonly requestTimeoutMs?: number;
  /** The limit for the TCP (and TLS) connection to open. */
  readonly connectionTimeoutMs?: number;
  /** Attempts in all: the SDK retries throttling, 5xx and timeouts with backoff. */
  readonly maxAttempts?: number;
}

const DEFAULTS: Required<StsPortOptions> = { requestTimeoutMs: 10_000, connectionTimeoutMs: 5_000, maxAttempts: 4 };

function client(target: StsTarget, options: Required<StsPortOptions>): STSClient {
  return new STSClient({
    region: target.region,
    endpoint: target.endpoint,
    maxAttempts: options.maxAttempts,
    // Without these the SDK waits for ever on an STS that accepted the connection and never
    // answers: an assume that never ends, a renewal that never gives up.
    requestHandler: { requestTimeout: options.requestTimeoutMs, connectionTimeout: options.connectionTimeoutMs, throwOnRequestTimeout: true },
    credentials: {
      accessKeyId: target.credentials.accessKeyId,
      secretAccessKey: target.credentials.secretAccessKey,
      sessionToken: target.credentials.sessionToken,
    },
  });
}

async function send<T>(target: StsTarget, options: Required<StsPortOptions>, call: (sts: STSClient) => Promise<T>): Promise<T> {
  const sts = client(target, options);
  try {
    return await call(sts);
  } finally {
    sts.destroy();
  }
}

function toCredentials(
  credentials: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string; Expiration?: Date } | undefined,
): AwsCredentials & { expiration: Date } {
  if (!credentials?.AccessKeyId || !credentials.SecretAccessKey || !credentials.Expiration) {
    throw Object.assign(new Error('STS answered without credentials.'), { name: 'InvalidResponse' });
  }
  return {
    accessKeyId: credentials.AccessKeyId,
    secretAccessKey: credentials.SecretAccessKey,
    sessionToken: credentials.SessionToken,
    expiration: credentials.Expiration,
  };
}

/** The STS port on the real `@aws-sdk/client-sts`. */
export function createStsPort(overrides: StsPortOptions = {}): StsPort {
  const options = { ...DEFAULTS, ...overrides };
  return {
    assumeRole: (request) =>
      send(request, options, async (sts) => {
        const output = await sts.send(
          new AssumeRoleCommand({
            RoleArn: request.roleArn,
            RoleSessionName: request.roleSessionName,
            DurationSeconds: request.durationSeconds,
            ExternalId: request.externalId,
            SerialNumber: request.serialNumber,
            TokenCode: request.tokenCode,
            PolicyArns: request.policyArns?.map((arn) => ({ arn })),
          }),
        );
        return {
          ...toCredentials(output.Credentials),
          assumedRoleArn: output.AssumedRoleUser?.Arn ?? '',
          assumedRoleId: output.AssumedRoleUser?.AssumedRoleId,
        };
      }),
    getSessionToken: (request) =>
      send(request, options, async (sts) => {
        const output = await sts.send(
          new GetSessionTokenCommand({
            DurationSeconds: request.durationSeconds,
            SerialNumber: request.serialNumber,
            TokenCode: request.tokenCode,
          }),
        );
        return toCredentials(output.Credentials);
      }),
    getCallerIdentity: (target) =>
      send(target, options, async (sts) => {
        const output = await sts.send(new GetCallerIdentityCommand({}));
        return { account: output.Account ?? '', arn: output.Arn ?? '', userId: output.UserId ?? '' };
      }),
  };
}

/** Root credentials other than static keys, through `@aws-sdk/credential-providers`. */
export function createRootCredentials(): RootCredentialsPort {
  return {
    async resolve({ profileName, kind, credentialSource, credentialProcess }) {
      // Run by us, not the SDK's fromProcess, whose errors quote the command line and stderr.
      if (kind === 'process' && credentialProcess) return runCredentialProcess(credentialProcess);
      // ignoreCache: the SDK would otherwise keep the files it read first for the whole process.
      const profile = { profile: profileName, ignoreCache: true };
      let provider: () => Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date }>;
      if (kind === 'credentialSource') {
        provider =
          credentialSource === 'Environment'
            ? fromEnv()
            : credentialSource === 'EcsContainer'
              ? fromContainerMetadata()
              : fromInstanceMetadata();
      } else if (kind === 'sso') {
        await refuseFilesTheSdkWouldMisread();
        provider = fromSSO(profile);
      } else {
        // Web identity and console-login roots (and a process root whose command we were not
        // given): the SDK's own profile resolution.
        await refuseFilesTheSdkWouldMisread();
        provider = fromIni(profile);
      }
      const identity = await provider();
      return {
        accessKeyId: identity.accessKeyId,
        secretAccessKey: identity.secretAccessKey,
        sessionToken: identity.sessionToken,
        expiration: identity.expiration,
      };
    },
  };
}

/**
 * Reads the files the SDK is about to read and throws if it would write a section onto a
 * JavaScript built-in (`sdkFileSafety.ts`): that would break `Object.assign` and the like for
 * every extension in the host. The SDK resolves the same paths from the same environment.
 */
async function refuseFilesTheSdkWouldMisread(): Promise<void> {
  const paths = resolveConfigPaths(process.env, homedir());
  const read = async (path: string) => {
    const content = await readFileContent(nodeTextFileReader, path);
    return content.status === 'ok' ? content.text : undefined;
  };
  const [config, credentials] = await Promise.all([read(paths.configFile), read(paths.credentialsFile)]);
  const unsafe = findSdkUnsafeSection({ config, credentials, configPath: paths.configFile, credentialsPath: paths.credentialsFile });
  if (unsafe) throw Object.assign(new Error(describeSdkUnsafeSection(unsafe)), { name: 'UnsafeConfigFile' });
}

export { createIdentityCenterOidcPort, createIdentityCenterPortalPort } from './identityCenterClients';
