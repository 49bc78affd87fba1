/** Every identifier the extension shares with package.json, in one place. */

export const EXTENSION_ID = 'aws-role-sessions.aws-role-sessions';

export const VIEW_PROFILES = 'awsRoles.profiles';

export const COMMANDS = {
  refreshProfiles: 'awsRoles.refreshProfiles',
  filterProfiles: 'awsRoles.filterProfiles',
  clearProfileFilter: 'awsRoles.clearProfileFilter',
  openInConfigFile: 'awsRoles.openInConfigFile',
  openConfigFile: 'awsRoles.openConfigFile',
  openReadme: 'awsRoles.openReadme',
} as const;

export const CONTEXT_KEYS = {
  /** `missing` when neither AWS file exists, `empty` when they hold no profile, else `loaded`. */
  configState: 'awsRoles.configState',
  profileFilterActive: 'awsRoles.profileFilterActive',
} as const;
