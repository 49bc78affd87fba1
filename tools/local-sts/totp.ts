/**
 * Prints the current 6-digit TOTP code for a base32 seed, so a profile can use
 * it as `mfa_process` against the local STS:
 *
 *   node out/tools/local-sts/totp.js BASE32SECRET
 *
 * `--next` prints the code of the next 30 s step instead (still accepted by
 * the server, and distinct from the current one, which helps when a test
 * needs two codes at once).
 */
import { totpFor } from './mfa';

function main(argv: string[]): number {
  const args = argv.filter((a) => a !== '--next');
  if (args.length !== 1 || args[0].startsWith('-')) {
    process.stderr.write('usage: totp.js [--next] BASE32SECRET\n');
    return 2;
  }
  let totp;
  try {
    totp = totpFor(args[0]);
  } catch {
    process.stderr.write('totp.js: the secret is not valid base32\n');
    return 2;
  }
  const offset = argv.includes('--next') ? 30_000 : 0;
  process.stdout.write(totp.generate({ timestamp: Date.now() + offset }) + '\n');
  return 0;
}

process.exitCode = main(process.argv.slice(2));
