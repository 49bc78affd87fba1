/**
 * AWS Regions for completing `region` and `sso_region`, with the names the console shows.
 * A kept list rather than an import: the SDK's partition data lives in the lazily loaded SDK
 * bundle, and completion must not load it. `test/unit/configEditing/regions.test.ts` holds this
 * list to the SDK's partition data, so an SDK update that adds a Region fails the tests.
 */

export interface RegionInfo {
  readonly id: string;
  readonly description: string;
  readonly partition: string;
}

export const REGIONS: readonly RegionInfo[] = [
  { id: 'af-south-1', description: 'Africa (Cape Town)', partition: 'aws' },
  { id: 'ap-east-1', description: 'Asia Pacific (Hong Kong)', partition: 'aws' },
  { id: 'ap-east-2', description: 'Asia Pacific (Taipei)', partition: 'aws' },
  { id: 'ap-northeast-1', description: 'Asia Pacific (Tokyo)', partition: 'aws' },
  { id: 'ap-northeast-2', description: 'Asia Pacific (Seoul)', partition: 'aws' },
  { id: 'ap-northeast-3', description: 'Asia Pacific (Osaka)', partition: 'aws' },
  { id: 'ap-south-1', description: 'Asia Pacific (Mumbai)', partition: 'aws' },
  { id: 'ap-south-2', description: 'Asia Pacific (Hyderabad)', partition: 'aws' },
  { id: 'ap-southeast-1', description: 'Asia Pacific (Singapore)', partition: 'aws' },
  { id: 'ap-southeast-2', description: 'Asia Pacific (Sydney)', partition: 'aws' },
  { id: 'ap-southeast-3', description: 'Asia Pacific (Jakarta)', partition: 'aws' },
  { id: 'ap-southeast-4', description: 'Asia Pacific (Melbourne)', partition: 'aws' },
  { id: 'ap-southeast-5', description: 'Asia Pacific (Malaysia)', partition: 'aws' },
  { id: 'ap-southeast-6', description: 'Asia Pacific (New Zealand)', partition: 'aws' },
  { id: 'ap-southeast-7', description: 'Asia Pacific (Thailand)', partition: 'aws' },
  { id: 'ca-central-1', description: 'Canada (Central)', partition: 'aws' },
  { id: 'ca-west-1', description: 'Canada West (Calgary)', partition: 'aws' },
  { id: 'eu-central-1', description: 'Europe (Frankfurt)', partition: 'aws' },
  { id: 'eu-central-2', description: 'Europe (Zurich)', partition: 'aws' },
  { id: 'eu-north-1', description: 'Europe (Stockholm)', partition: 'aws' },
  { id: 'eu-south-1', description: 'Europe (Milan)', partition: 'aws' },
  { id: 'eu-south-2', description: 'Europe (Spain)', partition: 'aws' },
  { id: 'eu-west-1', description: 'Europe (Ireland)', partition: 'aws' },
  { id: 'eu-west-2', description: 'Europe (London)', partition: 'aws' },
  { id: 'eu-west-3', description: 'Europe (Paris)', partition: 'aws' },
  { id: 'il-central-1', description: 'Israel (Tel Aviv)', partition: 'aws' },
  { id: 'me-central-1', description: 'Middle East (UAE)', partition: 'aws' },
  { id: 'me-south-1', description: 'Middle East (Bahrain)', partition: 'aws' },
  { id: 'me-west-1', description: 'Middle East (Saudi Arabia)', partition: 'aws' },
  { id: 'mx-central-1', description: 'Mexico (Central)', partition: 'aws' },
  { id: 'sa-east-1', description: 'South America (Sao Paulo)', partition: 'aws' },
  { id: 'sa-west-1', description: 'South America (Chile)', partition: 'aws' },
  { id: 'us-east-1', description: 'US East (N. Virginia)', partition: 'aws' },
  { id: 'us-east-2', description: 'US East (Ohio)', partition: 'aws' },
  { id: 'us-west-1', description: 'US West (N. California)', partition: 'aws' },
  { id: 'us-west-2', description: 'US West (Oregon)', partition: 'aws' },
  { id: 'cn-north-1', description: 'China (Beijing)', partition: 'aws-cn' },
  { id: 'cn-northwest-1', description: 'China (Ningxia)', partition: 'aws-cn' },
  { id: 'eusc-de-east-1', description: 'AWS European Sovereign Cloud (Germany)', partition: 'aws-eusc' },
  { id: 'us-iso-east-1', description: 'US ISO East', partition: 'aws-iso' },
  { id: 'us-iso-west-1', description: 'US ISO WEST', partition: 'aws-iso' },
  { id: 'us-isob-east-1', description: 'US ISOB East (Ohio)', partition: 'aws-iso-b' },
  { id: 'us-isob-west-1', description: 'US ISOB West', partition: 'aws-iso-b' },
  { id: 'eu-isoe-west-1', description: 'EU ISOE West', partition: 'aws-iso-e' },
  { id: 'us-isof-east-1', description: 'US ISOF EAST', partition: 'aws-iso-f' },
  { id: 'us-isof-south-1', description: 'US ISOF SOUTH', partition: 'aws-iso-f' },
  { id: 'us-gov-east-1', description: 'AWS GovCloud (US-East)', partition: 'aws-us-gov' },
  { id: 'us-gov-west-1', description: 'AWS GovCloud (US-West)', partition: 'aws-us-gov' },
];
