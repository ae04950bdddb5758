import type { ProviderName } from '../provider-name';
import { ChaosLog } from './chaos-log';
import {
  CHAOS_PROFILES,
  ChaosProfileName,
  EmulatorChaosTables,
  LookupBehaviour,
  OutcomePlan,
  SendBehaviour,
} from './chaos-profile';
import { between, pickWeighted, seededRandom } from './chaos-random';

/** How many times `SANDBOX_CHAOS_LATE` a webhook about a refused reference may lag behind the refusal. */
const REFUSED_WEBHOOK_LATENESS = 8;

export interface ChaosTiming {
  /** The normal time from acceptance to the outcome webhook. */
  webhookDelayMs: number;
  /** How long a held answer is held: longer than the caller's provider timeout. */
  holdMs: number;
  /** The answer's delay when the webhook goes first (shorter than the caller's timeout). */
  answerDelayMs: number;
  /** The latest a late webhook comes, and the longest manual review before it ends by itself. */
  lateMaxMs: number;
  reviewMaxMs: number;
}

/** What chaos mode knows of one emulator: its rows of the weight table and the faults only its provider has. */
export interface EmulatorChaos {
  tables: EmulatorChaosTables;
  /** Records invisible to the lookup for a while: per cent of records, and the longest (below the consistency window). */
  lookupLag?: { percent: number; maxMs: number };
  /** A drawn `refuse_401` also refuses this many following sends of the reference (a 401 outlasting a token refresh). */
  refusalRepeats?: number;
}

/** A recorded transfer's future, drawn once when it is recorded. */
export interface TransferPlan {
  plan: OutcomePlan;
  /** Delay of each outcome after the previous one (or after acceptance / the end of review). */
  outcomeDelaysMs: number[];
  reviewMs: number;
  copies: 1 | 2 | 3;
  /** Emulators with a lookup lag only: the lookup says "not found" until this long after the record was made. */
  visibleAfterMs: number;
}

export interface ChaosSettings {
  seed: number;
  profile: ChaosProfileName;
}

const isFirstSendOnly = (b: SendBehaviour) => b === 'code_311' || b === 'code_310' || b === 'code_306';

/**
 * Seeded provider chaos. Each draw is seeded from (seed, provider, the reference's identity, operation, ordinal) so a
 * payout's provider behaviour does not depend on what other payouts did meanwhile, and one seed replays it.
 *
 * A reference's identity is `<provider>|<amount>|<n>`: the amount it was first sent with and how many other references
 * of that provider were first seen with that amount before it. The service mints references at random (UUIDs), so
 * hashing the reference itself could never replay; the chaos runner gives every payout an amount of its own instead.
 */
export class ChaosEngine {
  readonly log = new ChaosLog();
  private settings: ChaosSettings | undefined;
  private identities = new Map<string, string>();
  private referencesPerAmount = new Map<string, number>();
  private ordinals = new Map<string, number>();
  /** References refused 401 until (and including) this send ordinal (`EmulatorChaos.refusalRepeats`). */
  private sticky401 = new Map<string, number>();
  private tokenFailures = 0;

  constructor(
    readonly timing: ChaosTiming,
    private readonly emulators: Readonly<Record<ProviderName, EmulatorChaos>>,
    settings?: ChaosSettings,
  ) {
    this.settings = settings;
  }

  get enabled(): boolean {
    return this.settings !== undefined;
  }

  get current(): ChaosSettings | undefined {
    return this.settings;
  }

  configure(settings: ChaosSettings | undefined): void {
    this.settings = settings;
    this.reset();
  }

  reset(): void {
    this.identities = new Map();
    this.referencesPerAmount = new Map();
    this.ordinals = new Map();
    this.sticky401 = new Map();
    this.tokenFailures = 0;
    this.log.clear();
  }

  /** The identity of a reference, fixed the first time it is seen with an amount (a create or a send). */
  identify(provider: ProviderName, reference: string, amountMinor?: bigint): string {
    const key = `${provider}|${reference}`;
    const known = this.identities.get(key);
    if (known !== undefined) return known;
    if (amountMinor === undefined) return `${provider}|ref|${reference}`;
    const amountKey = `${provider}|${amountMinor}`;
    const n = this.referencesPerAmount.get(amountKey) ?? 0;
    this.referencesPerAmount.set(amountKey, n + 1);
    const identity = `${amountKey}|${n}`;
    this.identities.set(key, identity);
    return identity;
  }

  drawSend(provider: ProviderName, reference: string, amountMinor: bigint, isRecorded: boolean): SendBehaviour {
    const identity = this.identify(provider, reference, amountMinor);
    const ordinal = this.nextOrdinal(identity, 'send');
    const tables = this.tables(provider);
    let behaviour: SendBehaviour;
    const stickyUntil = this.sticky401.get(identity);
    if (stickyUntil !== undefined && ordinal <= stickyUntil) behaviour = 'refuse_401';
    else {
      const table = ordinal === 0 ? tables.firstSend : tables.replay;
      behaviour = pickWeighted(this.random(identity, 'send', ordinal), table);
      // A "nothing created" code is the provider's word about its own record: never said about a recorded one.
      if (isFirstSendOnly(behaviour) && isRecorded) behaviour = 'normal';
      const { refusalRepeats } = this.emulators[provider];
      if (refusalRepeats !== undefined && behaviour === 'refuse_401')
        this.sticky401.set(identity, ordinal + refusalRepeats);
      // Only an emulator with a token URL weighs `token_error` above 0.
      if (behaviour === 'token_error') this.tokenFailures += 1;
    }
    this.log.add({ provider, reference, identity, operation: 'send', ordinal, behaviour });
    return behaviour;
  }

  drawLookup(provider: ProviderName, reference: string): LookupBehaviour {
    const identity = this.identify(provider, reference);
    const ordinal = this.nextOrdinal(identity, 'lookup');
    const behaviour = pickWeighted(this.random(identity, 'lookup', ordinal), this.tables(provider).lookup);
    this.log.add({ provider, reference, identity, operation: 'lookup', ordinal, behaviour });
    return behaviour;
  }

  /** Drawn once per recorded transfer (ordinal 0 of its `outcome` operation). */
  drawPlan(provider: ProviderName, reference: string): TransferPlan {
    const identity = this.identify(provider, reference);
    const random = this.random(identity, 'outcome', 0);
    const profile = this.profile();
    const { webhookDelayMs, lateMaxMs, reviewMaxMs } = this.timing;
    const plan = pickWeighted(random, profile.outcome);
    const steps = plan === 'sent_then_returned' || plan === 'returned_before_sent' ? 2 : 1;
    const isLate = random() * 100 < profile.latePercent;
    const outcomeDelaysMs = Array.from({ length: steps }, () =>
      isLate ? between(random, webhookDelayMs, Math.max(webhookDelayMs, lateMaxMs)) : webhookDelayMs,
    );
    const isDuplicated = random() * 100 < profile.duplicatePercent;
    const copies = isDuplicated ? (random() < 0.5 ? 2 : 3) : 1;
    const reviewMs = between(random, webhookDelayMs, Math.max(webhookDelayMs, reviewMaxMs));
    const lag = this.emulators[provider].lookupLag;
    const visibleAfterMs = lag !== undefined && random() * 100 < lag.percent ? between(random, 1, lag.maxMs) : 0;
    const drawn: TransferPlan = { plan, outcomeDelaysMs, reviewMs, copies, visibleAfterMs };
    this.log.add({
      provider,
      reference,
      identity,
      operation: 'outcome',
      ordinal: 0,
      behaviour: plan,
      detail: { outcomeDelaysMs, reviewMs, copies, visibleAfterMs },
    });
    return drawn;
  }

  /** After a first-send refusal: whether (and when) a `rejected` webhook about the refused reference follows. */
  drawRefusedWebhook(provider: ProviderName, reference: string): number | undefined {
    const identity = this.identify(provider, reference);
    const random = this.random(identity, 'refused_webhook', 0);
    if (random() * 100 >= this.profile().refusedWebhookPercent) return undefined;
    // Up to several times the late maximum: a word about a request the provider refused matters most once the service
    // has moved on (failed over, the next attempt in flight), which takes longer than an ordinary late webhook.
    const latest = this.timing.lateMaxMs * REFUSED_WEBHOOK_LATENESS;
    return between(random, this.timing.webhookDelayMs, Math.max(this.timing.webhookDelayMs, latest));
  }

  /** A token URL refuses once per `token_error` drawn (shared state: the one draw not tied to a reference). */
  takeTokenFailure(provider: ProviderName): boolean {
    if (this.tokenFailures === 0) return false;
    this.tokenFailures -= 1;
    this.log.add({
      provider,
      reference: null,
      identity: 'token',
      operation: 'token',
      ordinal: 0,
      behaviour: 'refused',
    });
    return true;
  }

  private profile() {
    if (!this.settings) throw new Error('chaos mode is off');
    return CHAOS_PROFILES[this.settings.profile];
  }

  private tables(provider: ProviderName): EmulatorChaosTables {
    return this.profile().emulatorTables(this.emulators[provider].tables);
  }

  private random(identity: string, operation: string, ordinal: number): () => number {
    if (!this.settings) throw new Error('chaos mode is off');
    return seededRandom(this.settings.seed, identity, operation, ordinal);
  }

  private nextOrdinal(identity: string, operation: string): number {
    const key = `${identity}|${operation}`;
    const ordinal = this.ordinals.get(key) ?? 0;
    this.ordinals.set(key, ordinal + 1);
    return ordinal;
  }
}
