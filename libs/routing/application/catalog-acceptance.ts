import type { PayoutAcceptance, PayoutToAccept } from '@libs/payouts/application';
import type { FieldError } from '@libs/platform/errors';
import { ineligibility, type RoutingRequest } from '../domain';
import type { ProviderCatalog, ProviderDescription } from './provider-catalog.port';
import { providerStates } from './provider-states';

const listed = (values: readonly string[]): string => (values.length > 0 ? values.join(', ') : 'nothing');

/**
 * Payout intake's question answered from the registered adapters: can any provider this process has credentials for
 * pay this currency, to this IBAN country, this amount, and can the pinned provider take it at all? Only lasting facts: an admin
 * switch, a circuit or the daily limit changes while a payout waits, so they leave it pending instead.
 */
export function catalogAcceptance(catalog: ProviderCatalog): PayoutAcceptance {
  return {
    refusals(payout: PayoutToAccept): FieldError[] {
      const enabled = catalog.list().filter((description) => description.isConfigured);
      const refusals: FieldError[] = [];
      const currencies = [...new Set(enabled.flatMap((description) => description.currencies))];
      if (!currencies.includes(payout.currency)) {
        refusals.push({
          field: 'currency',
          message: `no enabled provider pays ${payout.currency} (enabled providers pay ${listed(currencies)})`,
        });
      }
      const countries = [...new Set(enabled.flatMap((description) => description.ibanCountries))];
      if (!countries.includes(payout.ibanCountry)) {
        refusals.push({
          field: 'beneficiary.iban',
          message: `no enabled provider pays to IBANs of ${payout.ibanCountry} (they pay to ${listed(countries)})`,
        });
      } else if (refusals.length === 0 && !enabled.some((description) => pays(description, payout))) {
        refusals.push({
          field: 'beneficiary.iban',
          message: `no enabled provider pays ${payout.currency} to IBANs of ${payout.ibanCountry}`,
        });
      } else if (refusals.length === 0 && payout.provider === undefined) {
        const payers = enabled.filter((description) => pays(description, payout));
        if (!payers.some((description) => withinBounds(description, payout.amount))) {
          const smallest = payers.reduce((low, d) => (d.minAmount < low ? d.minAmount : low), payers[0].minAmount);
          const largest = payers.reduce((high, d) => (d.maxAmount > high ? d.maxAmount : high), payers[0].maxAmount);
          refusals.push({
            field: 'amount',
            message: `no enabled provider pays ${payout.amount} ${payout.currency} (they pay ${smallest} to ${largest})`,
          });
        }
      }
      if (payout.provider !== undefined) {
        const pinned = catalog.list().find((description) => description.name === payout.provider);
        const why = pinned === undefined ? 'is not registered' : pinnedRefusal(pinned, payout);
        if (why !== undefined) refusals.push({ field: 'provider', message: `${payout.provider} ${why}` });
      }
      return refusals;
    },
  };
}

// An adapter's declared bounds only: the admin bounds of PATCH /v1/providers can change while a payout waits.
const withinBounds = (description: ProviderDescription, amount: bigint): boolean =>
  description.minAmount <= amount && amount <= description.maxAmount;

const pays = (description: ProviderDescription, payout: PayoutToAccept): boolean =>
  description.currencies.includes(payout.currency) && description.ibanCountries.includes(payout.ibanCountry);

/** Why the pinned provider can never take the payout as it is configured, or undefined when it can. */
function pinnedRefusal(description: ProviderDescription, payout: PayoutToAccept): string | undefined {
  if (!description.isConfigured) return `is not enabled: ${description.disabledReason ?? 'not configured'}`;
  const [lasting] = providerStates({
    descriptions: [description],
    settings: [],
    dailyUsed: new Map(),
    openCircuits: new Set(),
  }).lasting;
  const request: RoutingRequest = {
    // Read by rule matching and the weighted pick only, neither of which runs here.
    payoutId: '',
    clientId: '',
    amount: payout.amount,
    currency: payout.currency,
    beneficiary: {
      country: payout.ibanCountry,
      ...(payout.hasNationalId ? { nationalId: 'on file' } : {}),
    },
  };
  const reason = ineligibility(lasting, request, []);
  return reason === undefined ? undefined : `cannot take this payout: ${reason}`;
}
