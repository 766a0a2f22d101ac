/** The first line of an error and where it was thrown: enough to find it, without a stack per request. */
export function oneLine(err: unknown): string {
  if (!(err instanceof Error)) return String(err).split('\n')[0]!.slice(0, 300);
  const code = (err as NodeJS.ErrnoException).code;
  const at = err.stack
    ?.split('\n')
    .find((l) => l.trimStart().startsWith('at '))
    ?.trim();
  return `${err.name}${code ? ` ${code}` : ''}: ${err.message.split('\n')[0]!.slice(0, 300)}${at ? ` (${at})` : ''}`;
}

/**
 * The server's log of refused and failed requests: one line each, at most `limit` lines a minute. A flood of bad
 * requests (a fuzzer, a hostile page) leaves a count in the next window's first line instead of filling the disk.
 */
export class ProblemLog {
  private windowStart = 0;
  private shown = 0;
  private dropped = 0;

  constructor(
    private readonly limit = 30,
    private readonly windowMs = 60_000,
    private readonly write: (line: string) => void = (line) => console.error(line),
    private readonly clock: () => number = Date.now,
  ) {}

  report(what: string, err?: unknown): void {
    const now = this.clock();
    if (now - this.windowStart > this.windowMs) {
      if (this.dropped) this.write(`[lavka] (${this.dropped} more refused or failed requests were not logged)`);
      this.windowStart = now;
      this.shown = 0;
      this.dropped = 0;
    }
    if (this.shown >= this.limit) {
      this.dropped++;
      return;
    }
    this.shown++;
    this.write(`[lavka] ${what}${err === undefined ? '' : `: ${oneLine(err)}`}`);
  }
}
