/** Progress lines of the bench, prefixed like the harness's own. */
export function benchLog(message: string): void {
  console.log(`[bench] ${message}`);
}
