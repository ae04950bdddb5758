import { bearerToken, header, json, Reply, SandboxRequest } from '../server/http-io';
import type { Route } from '../server/route';
import { createSecretMatcher } from '../server/secret-compare';
import type { ChaosEngine } from '../chaos/chaos-engine';
import type { TransferStore } from '../store/transfer.store';
import type { SipayEmulator } from './sipay.emulator';
import { sipayEnvelope } from './sipay.envelope';
import { parseSipayJson } from './sipay.json';
import { listWithdrawRequests } from './sipay.listing';
import type { SipayTokenIssuer } from './sipay.token-issuer';
import { extTransactionIdOf } from './sipay.validation';

export const SIPAY_BASE_PATH = '/sipay';
export const SIPAY_DEFAULT_SCOPE = 'sts_business_api';
/** `Wallet Info` is in Sipay's API menu [V]; its path and request `{ wallet_number }` are assumed [A]. */
export const SIPAY_WALLET_INFO_PATH = '/v1/Wallet/GetWalletInfo';

export interface SipayRouteDeps {
  clientId: string;
  clientSecret: string;
  tokens: SipayTokenIssuer;
  emulator: SipayEmulator;
  store: TransferStore;
  /** Chaos mode: a drawn `token_error` makes the next token request fail. */
  chaos?: ChaosEngine;
}

/** The token URL (OAuth client credentials) and the API calls (send, lookup, wallet info, listing), behind the Bearer token. */
export function sipayRoutes(deps: SipayRouteDeps): Route[] {
  const authorized =
    (handle: (request: SandboxRequest) => Reply) =>
    (request: SandboxRequest): Reply =>
      deps.tokens.isValid(bearerToken(request)) ? handle(request) : sipayEnvelope(401, '401');
  // .NET routing ignores case, and so does the sandbox.
  const apiRoute = (path: string, handle: (request: SandboxRequest) => Reply): Route => ({
    method: 'POST',
    pattern: new RegExp(`^${SIPAY_BASE_PATH}${path}/?$`, 'i'),
    provider: 'sipay',
    handle: authorized(handle),
    referenceOf: (request) => extTransactionIdOf(parseSipayJson(request.body)),
  });
  return [
    {
      method: 'POST',
      pattern: new RegExp(`^${SIPAY_BASE_PATH}/connect/token/?$`, 'i'),
      provider: 'sipay',
      handle: issueToken(deps),
    },
    apiRoute('/v1/Transaction/SendMoneyToBankAccount', (request) => deps.emulator.sendMoney(request)),
    apiRoute('/v1/TransactionData/GetRequestWithdrawByExtId', (request) => deps.emulator.lookup(request)),
    apiRoute(SIPAY_WALLET_INFO_PATH, (request) => deps.emulator.walletInfo(request)),
    apiRoute('/v1/TransactionData/GetRequestWithdrawListByFilter', (request) => {
      let body: unknown;
      try {
        body = parseSipayJson(request.body);
      } catch {
        return sipayEnvelope(400, '400', null, 'the body is not valid JSON');
      }
      return listWithdrawRequests(deps.store.inOrder('sipay'), body);
    }),
  ];
}

/** OAuth 2 client credentials; the client may authenticate in the form body or with HTTP Basic. */
function issueToken(deps: SipayRouteDeps): (request: SandboxRequest) => Reply {
  const isClientId = createSecretMatcher(deps.clientId);
  const isClientSecret = createSecretMatcher(deps.clientSecret);
  return (request) => {
    const form = new URLSearchParams(request.body);
    const basic = basicCredentials(header(request, 'authorization'));
    const clientId = basic?.id ?? form.get('client_id') ?? undefined;
    const clientSecret = basic?.secret ?? form.get('client_secret') ?? undefined;
    const grantType = form.get('grant_type');
    if (grantType === null) return json(400, { error: 'invalid_request' });
    if (grantType !== 'client_credentials') return json(400, { error: 'unsupported_grant_type' });
    // Both checks always run, so the answer time does not tell which part was wrong.
    const idMatches = isClientId(clientId);
    const secretMatches = isClientSecret(clientSecret);
    if (!idMatches || !secretMatches) return json(400, { error: 'invalid_client' });
    if (deps.chaos?.enabled && deps.chaos.takeTokenFailure('sipay')) {
      request.chaos = 'token_error';
      return json(400, { error: 'invalid_client' });
    }
    const { accessToken, expiresInSeconds } = deps.tokens.issue();
    return json(200, {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: expiresInSeconds,
      scope: form.get('scope') || SIPAY_DEFAULT_SCOPE,
    });
  };
}

function basicCredentials(authorization: string | undefined): { id: string; secret: string } | undefined {
  const match = authorization ? /^Basic\s+(\S+)$/i.exec(authorization) : null;
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  try {
    return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}
