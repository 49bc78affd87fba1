/**
 * A chain of profile names as one line of text. Chains and cycles can run to thousands of
 * profiles; a line that lists them all is unreadable and costs megabytes in a tree of
 * thousands, so a long one shows its first names, how many it leaves out, and its last.
 */

/** How many names a long chain shows before "… (N more)". */
export const CHAIN_HEAD_LENGTH = 3;

/**
 * "a → b → c → d", or "a → b → c → … (995 more) → root" once more than one name would be left out.
 * @param first the chain's first names: at least `CHAIN_HEAD_LENGTH + 1` of them, or all but the last
 * @param total how many names the whole chain has, the last included
 * @param last the chain's last name
 */
export function joinChainNames(first: readonly string[], total: number, last: string): string {
  const hidden = total - 1 - CHAIN_HEAD_LENGTH;
  if (hidden <= 1) return [...first.slice(0, total - 1), last].join(' → ');
  return [...first.slice(0, CHAIN_HEAD_LENGTH), `… (${hidden} more)`, last].join(' → ');
}
