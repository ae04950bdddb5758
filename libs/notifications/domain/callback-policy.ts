import { addressKindOrThrow, type AddressKind } from './ip-address';

export interface CallbackPolicy {
  /** Hosts (names or IP literals) a callback may use even when they resolve to non-public addresses. */
  allowedHosts: readonly string[];
  /** NODE_ENV=development: plain http and loopback addresses are allowed too. */
  isDevelopment: boolean;
}

export interface CallbackTarget {
  url: URL;
  /** Lower case, IPv6 without brackets. */
  hostname: string;
  /** The URL names an IP address itself, so no name is resolved. */
  literalAddress?: string;
  isAllowlisted: boolean;
}

export type TargetCheck = { ok: true; target: CallbackTarget } | { ok: false; reason: string };
export type AddressCheck = { ok: true } | { ok: false; reason: string };

/** The URL as a place to send to: scheme, credentials and allowlist; where its name points is checked separately. */
export function checkCallbackUrl(text: string, policy: CallbackPolicy): TargetCheck {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: 'the callback URL is not a URL' };
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.isDevelopment)) {
    return { ok: false, reason: `only https callback URLs are delivered (got ${url.protocol.replace(/:$/, '')})` };
  }
  if (url.username || url.password) return { ok: false, reason: 'the callback URL must not carry credentials' };
  const hostname = url.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (hostname === '') return { ok: false, reason: 'the callback URL has no host' };
  const allowed = new Set(policy.allowedHosts.map((host) => host.toLowerCase().replace(/^\[(.*)\]$/, '$1')));
  const literal = isIpLiteral(hostname) ? hostname : undefined;
  return {
    ok: true,
    target: { url, hostname, ...(literal ? { literalAddress: literal } : {}), isAllowlisted: allowed.has(hostname) },
  };
}

/**
 * Every address the host resolved to must be allowed: a name that answers one public and one private address could
 * otherwise be steered to the private one at connect time.
 */
export function checkResolvedAddresses(
  target: CallbackTarget,
  addresses: readonly string[],
  policy: CallbackPolicy,
): AddressCheck {
  if (addresses.length === 0) return { ok: false, reason: `${target.hostname} resolves to no address` };
  if (target.isAllowlisted) return { ok: true };
  for (const address of addresses) {
    const kind = kindOf(address);
    if (kind === 'public') continue;
    if (kind === 'loopback' && policy.isDevelopment) continue;
    return {
      ok: false,
      reason: `${target.hostname} resolves to ${address} (${kind.replace('_', '-')}), which callbacks may not reach; allowlist the host in CALLBACK_ALLOWED_HOSTS if it is meant`,
    };
  }
  return { ok: true };
}

function kindOf(address: string): AddressKind | 'invalid' {
  try {
    return addressKindOrThrow(address);
  } catch {
    return 'invalid';
  }
}

function isIpLiteral(hostname: string): boolean {
  return kindOf(hostname) !== 'invalid';
}
