import { checkCallbackUrl, checkResolvedAddresses, type CallbackPolicy } from '../domain';

/** DNS at delivery time; the production adapter is node:dns `lookup` with `all: true`. */
export interface AddressResolver {
  resolve(hostname: string): Promise<string[]>;
}

export type GuardResult = { ok: true; url: URL; addresses: string[] } | { ok: false; reason: string };

/**
 * The SSRF guard. Runs before every try, not only when the URL was registered: a name that was public yesterday may
 * point inside our network today. The sender then connects to exactly the addresses checked here, so a second DNS
 * answer cannot slip in between the check and the connection.
 */
export class CallbackGuard {
  constructor(
    private readonly resolver: AddressResolver,
    private readonly policy: CallbackPolicy,
  ) {}

  async check(callbackUrl: string): Promise<GuardResult> {
    const checked = checkCallbackUrl(callbackUrl, this.policy);
    if (!checked.ok) return checked;
    const { target } = checked;
    let addresses: string[];
    if (target.literalAddress) {
      addresses = [target.literalAddress];
    } else {
      try {
        addresses = await this.resolver.resolve(target.hostname);
      } catch (error) {
        return { ok: false, reason: `${target.hostname} does not resolve: ${(error as Error).message}` };
      }
    }
    const verdict = checkResolvedAddresses(target, addresses, this.policy);
    return verdict.ok ? { ok: true, url: target.url, addresses } : verdict;
  }
}
