import type { ProviderName } from '../provider-name';
import type { Reply, SandboxRequest } from './http-io';

export interface Route {
  method: 'GET' | 'POST' | 'PUT';
  /** Anchored; capture groups become `request.params` (URL-decoded). */
  pattern: RegExp;
  /** Provider API routes are logged, obey the provider's mode and need no loopback caller. */
  provider?: ProviderName;
  handle(request: SandboxRequest): Reply | Promise<Reply>;
  /** The request's reference when the handler did not run (provider down); for the request log. */
  referenceOf?(request: SandboxRequest): string | undefined;
}
