import type { Reply } from '../server/http-io';

interface StoredAnswer {
  fingerprint: string;
  reply: Reply;
}

/**
 * Idempotency-Key -> the first recorded answer and the body it answered [A: pientegra.md]. Kept until reset (the
 * provider keeps keys at least 24 h). Refusals are not stored: resending them is answered afresh, the same way.
 */
export class PientegraIdempotency {
  private answers = new Map<string, StoredAnswer>();

  lookup(key: string, fingerprint: string): { kind: 'new' } | { kind: 'replay'; reply: Reply } | { kind: 'conflict' } {
    const stored = this.answers.get(key);
    if (!stored) return { kind: 'new' };
    return stored.fingerprint === fingerprint ? { kind: 'replay', reply: stored.reply } : { kind: 'conflict' };
  }

  remember(key: string, fingerprint: string, reply: Reply): void {
    this.answers.set(key, { fingerprint, reply: { status: reply.status, headers: reply.headers, body: reply.body } });
  }

  clear(): void {
    this.answers = new Map();
  }
}

/** "Same body" means the same JSON value: key order and whitespace do not make a different operation. */
export function fingerprintOf(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(
          Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : item,
  );
}
