/**
 * How a profile yields credentials, in the AWS SDK's order of preference. A word of the shared
 * vocabulary: the config decides it (src/core/config/profileKinds.ts keeps one record per kind)
 * and a session names the kind of its root, so it sits below both.
 */
export type ProfileKind =
  | 'role'
  | 'staticKeys'
  | 'webIdentity'
  | 'process'
  | 'sso'
  | 'login'
  | 'credentialSource'
  | 'none';
