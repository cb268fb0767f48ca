import { encodedForms, isSecretCandidate, type LeakEncoding } from './leakRule';

/** Something the plugin emitted: a response, a log line, an audit event, a database row... */
export interface ScannedText {
  /** `http`, `log`, `audit`, `signal`, `notification`, `db` */
  kind: string;
  /** Where, for the report: `GET /fleet 200`, `rotations row 3`. */
  where: string;
  text: string;
}

/** A value found where it must not be. The report names both ends, never the value. */
export interface LeakHit {
  kind: string;
  where: string;
  origin: string;
  encodings: LeakEncoding[];
}

/**
 * Holds the values that must never leave the backend (each with where it came from) and searches
 * emitted text for them with the shared rule (leakRule.ts).
 */
export class LeakScanner {
  readonly #values = new Map<
    string,
    { origin: string; needles: ReturnType<typeof encodedForms> }
  >();
  readonly #identifiers: string[];

  constructor(publicIdentifiers: Iterable<string> = []) {
    this.#identifiers = [...publicIdentifiers];
  }

  /** Adds a value unless the rule leaves it out (too short, or a public identifier). */
  add(value: string, origin: string): boolean {
    if (!isSecretCandidate(value, this.#identifiers)) return false;
    if (!this.#values.has(value))
      this.#values.set(value, {
        origin,
        needles: encodedForms(value, this.#identifiers),
      });
    return true;
  }

  get size(): number {
    return this.#values.size;
  }

  has(value: string): boolean {
    return this.#values.has(value);
  }

  scan(texts: Iterable<ScannedText>): LeakHit[] {
    const hits: LeakHit[] = [];
    for (const t of texts) {
      for (const { origin, needles } of this.#values.values()) {
        const encodings = [
          ...new Set(
            needles.filter(n => t.text.includes(n.needle)).map(n => n.encoding),
          ),
        ];
        if (encodings.length)
          hits.push({ kind: t.kind, where: t.where, origin, encodings });
      }
    }
    return hits;
  }
}
