import { randomUUID } from 'node:crypto';
import nock from 'nock';
import type { PayoutProvider, RawRequest, SubmitRequest } from '@libs/providers';
import type { ConformanceHarness, Situation } from './conformance-harness';
import { sleep } from './sandbox-scenarios';

/**
 * The adapter's timeout in the nock runs; `timeout_after_accept` answers after three of them. Half a second: at 100 ms
 * a nock answer on a loaded machine (a full `npm test` beside a chaos soak) came late and read as a timeout.
 */
export const NOCK_TIMEOUT_MS = 500;

/** A nock reply: status, body and headers. */
export type NockReply = [number, string | Buffer, Record<string, string>?];

/** How a provider says each situation on the wire; the kit decides when to say which. */
export interface NockReplies {
  accepted(): NockReply;
  /** The definitive refusal (`refused`), on every create of that reference. */
  refused: NockReply;
  /** The first create of a `server_error_once` reference. */
  serverError: NockReply;
  /** A later create of a recorded reference, where the provider does not simply replay its first answer. */
  duplicate?: NockReply;
}

const RATE_LIMITED: NockReply = [429, '', { 'retry-after': '1' }];

/**
 * The book-keeping every nock harness shares: the situation each reference was arranged for, the creates seen (one
 * harness serves one check, so all belong to it), the references that would have moved money, and the status a
 * lookup should show. A provider's harness intercepts its own endpoints and calls `answerCreate`.
 */
export abstract class NockHarness implements ConformanceHarness {
  readonly mode = 'nock';
  abstract readonly idsMatchAcrossCalls: boolean;
  abstract readonly provider: PayoutProvider;
  abstract readonly statusCases: ConformanceHarness['statusCases'];
  protected readonly statusOf = new Map<string, string>();
  protected readonly recorded = new Set<string>();
  private readonly situationOf = new Map<string, Situation>();
  private readonly creates: string[] = [];

  protected constructor(
    private readonly fixtureAttempt: (overrides: Partial<SubmitRequest>) => SubmitRequest,
    private readonly replies: NockReplies,
  ) {}

  abstract webhooks(attempt: SubmitRequest, providerId: string, count: number): Promise<RawRequest[]>;
  abstract webhookReference(attempt: SubmitRequest): string;
  abstract readonly forge: ConformanceHarness['forge'];
  abstract arrangeStatus(providerStatus: string): Promise<SubmitRequest>;

  async arrange(situation: Situation): Promise<SubmitRequest> {
    const attempt = this.fixtureAttempt({ reference: randomUUID(), attemptId: randomUUID() });
    this.situationOf.set(attempt.reference, situation);
    return attempt;
  }

  async recordedTransfers(attempt: SubmitRequest): Promise<number> {
    return this.recorded.has(attempt.reference) ? 1 : 0;
  }

  async createReferences(): Promise<string[]> {
    return [...this.creates];
  }

  async close(): Promise<void> {
    nock.cleanAll();
  }

  /** The answer to a create carrying `reference`, shaped by the situation it was arranged for. */
  protected async answerCreate(reference: string): Promise<NockReply> {
    this.creates.push(reference);
    const situation = this.situationOf.get(reference);
    const first = this.creates.filter((r) => r === reference).length === 1;
    if (situation === 'refused') return this.replies.refused;
    if (!first && this.replies.duplicate && this.recorded.has(reference)) return this.replies.duplicate;
    if (first && situation === 'server_error_once') return this.replies.serverError;
    if (first && situation === 'rate_limited_once') return RATE_LIMITED;
    this.recorded.add(reference);
    if (first && situation === 'timeout_after_accept') await sleep(NOCK_TIMEOUT_MS * 3);
    return this.replies.accepted();
  }
}
