/* eslint-disable no-console */
/**
 * The targets a benchmark states, checked where it prints them. A run with BENCH_ENFORCE=1 (the
 * small versions in CI) exits non-zero when one is missed; a long run only reports.
 */
export class Targets {
  readonly #missed: string[] = [];
  readonly #checked: string[] = [];

  /** Records `value <= limit` (or `>=` for a floor) and returns the target's text for a table. */
  check(
    what: string,
    value: number,
    limit: number,
    unit: string,
    kind: 'max' | 'min' = 'max',
  ): string {
    const met = kind === 'max' ? value <= limit : value >= limit;
    const text = `${kind === 'max' ? '<=' : '>='} ${limit}${unit}`;
    const line = `${met ? 'met' : 'MISSED'}: ${what} = ${
      Number.isInteger(value) ? value : value.toFixed(2)
    }${unit} (target ${text})`;
    this.#checked.push(line);
    if (!met) this.#missed.push(line);
    return text;
  }

  /** Prints every check; with BENCH_ENFORCE=1 a missed one fails the run. */
  finish(): void {
    console.log(`\ntargets:\n${this.#checked.map(l => `  ${l}`).join('\n')}`);
    if (this.#missed.length && process.env.BENCH_ENFORCE === '1') {
      console.error(`${this.#missed.length} target(s) missed`);
      process.exitCode = 1;
    }
  }
}
