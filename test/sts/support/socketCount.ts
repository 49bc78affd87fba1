/** Counting, at the OS level, the connections a server in this process holds (Linux /proc). */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

const LISTEN = '0A';

/**
 * How many of this process's open file descriptors are TCP connections on local port `port`:
 * the connections a server listening there holds, counted by the kernel, whatever the server's
 * own bookkeeping says. Connections still in the listen queue have no descriptor and are not
 * counted, nor are this process's client ends (their local port is another).
 */
export function connectionsHeldOn(port: number): number {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode …
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10 || fields[3] === LISTEN) continue;
      if (parseInt(fields[1].split(':')[1], 16) === port) inodes.add(fields[9]);
    }
  }
  let held = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`))?.[1];
      if (inode !== undefined && inodes.has(inode)) held += 1;
    } catch {
      // Closed while we looked.
    }
  }
  return held;
}
