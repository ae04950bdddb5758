import type {
  PayoutProvider,
  ProviderName,
  RawRequest,
  SignalStatus,
  SubmitRequest,
  WebhookRejection,
} from '@libs/providers';
import type { SandboxControl } from './sandbox-control';
import type { ScenarioChecks } from './sandbox-scenarios';
import type { WebhookCapture } from './webhook-capture';

/** What the kit asks a provider to do; each harness arranges it its own way (interceptors, or sandbox amounts). */
export const SITUATIONS = [
  'accepted',
  'timeout_after_accept',
  'server_error_once',
  'rate_limited_once',
  'refused',
  'duplicate_webhooks',
] as const;
export type Situation = (typeof SITUATIONS)[number];

/** One adapter in one mode (nock + fixtures, or the running sandbox), seen through what the kit needs to check. */
export interface ConformanceHarness {
  readonly mode: 'nock' | 'sandbox';
  readonly provider: PayoutProvider;
  /**
   * The fixtures of some providers describe different transfers (Sipay's lookup fixture is not the send-money
   * fixture's transfer): ids are then compared across calls only where they describe one.
   */
  readonly idsMatchAcrossCalls: boolean;
  /** A fresh attempt the provider will answer as `situation` says. */
  arrange(situation: Situation): Promise<SubmitRequest>;
  /** Transfers the provider recorded under the attempt's reference: money that would move. */
  recordedTransfers(attempt: SubmitRequest): Promise<number>;
  /** The reference each create request since `arrange` carried, oldest first. */
  createReferences(attempt: SubmitRequest): Promise<string[]>;
  /** The first `count` outcome webhooks delivered for an accepted attempt, as our ingest would hand them over. */
  webhooks(attempt: SubmitRequest, providerId: string, count: number): Promise<RawRequest[]>;
  /** The reference a delivered webhook of this attempt names, when the body carries one. */
  webhookReference(attempt: SubmitRequest): string;
  /** The request as a forger would send it, and the rejection it must get. */
  forge(request: RawRequest): { request: RawRequest; expected: WebhookRejection };
  /** The request arriving too late; undefined for providers whose webhooks carry no time. */
  stale?(request: RawRequest): RawRequest;
  /** Provider statuses this harness can put an attempt in, with the signal a lookup must give. */
  readonly statusCases: readonly { providerStatus: string; expected: SignalStatus }[];
  /** An accepted attempt now in `providerStatus` (providerId set). */
  arrangeStatus(providerStatus: string): Promise<SubmitRequest>;
  close(): Promise<void>;
}

/** Everything a sandbox harness needs from the running sandbox, which test/conformance starts. */
export interface SandboxContext {
  baseUrl: string;
  control: SandboxControl;
  webhooks: WebhookCapture;
  credentials: {
    pientegraApiKey: string;
    pientegraWebhookSecrets: readonly string[];
    sipayClientId: string;
    sipayClientSecret: string;
    sipayWebhookToken: string;
  };
  /** The adapter's per-request timeout: shorter than the sandbox's timeout hold. */
  adapterTimeoutMs: number;
  /** How long to wait for a webhook or a status that the sandbox will produce. */
  settleMs: number;
}

/** Builds a fresh harness per check; `situations` says which situations it can produce. */
export interface HarnessFactory<Context> {
  /** The Sipay sandbox, for one, never answers 429: its kit run has no 429 check. */
  situations: readonly Situation[];
  create(context: Context): Promise<ConformanceHarness>;
}

/** A provider folder's test face: its two harnesses and one check per sandbox scenario row. */
export interface ProviderConformance {
  name: ProviderName;
  nock: HarnessFactory<void>;
  sandbox: HarnessFactory<SandboxContext>;
  scenarios: ScenarioChecks;
}
