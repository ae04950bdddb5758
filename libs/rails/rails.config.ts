import { defineSlice, type ConfigEntry } from '@libs/platform/config';
import { DEFAULT_EFT_WINDOW, parseEftWindow, type EftWindow } from './domain';

const MAX_MINOR_UNITS = 10n ** 18n;

const minorUnits = (env: string, options: { description: string; default: string }): ConfigEntry<bigint> => ({
  env,
  description: options.description,
  secret: false,
  defaultText: options.default,
  required: false,
  parse: (raw) => {
    if (!/^\d+$/.test(raw) || BigInt(raw) === 0n)
      throw new Error(`"${raw}" is not a positive whole number of minor units`);
    if (BigInt(raw) > MAX_MINOR_UNITS) throw new Error(`${raw} is more than any payout can be`);
    return BigInt(raw);
  },
});

const eftWindow = (env: string, options: { description: string; default: string }): ConfigEntry<EftWindow> => ({
  env,
  description: options.description,
  secret: false,
  defaultText: options.default,
  required: false,
  parse: parseEftWindow,
});

/** The Turkish rails (money-movement.md): FAST's cap and EFT's window; holidays and ops closures come on top. */
export const railsConfig = defineSlice('rails', {
  fastMaxAmount: minorUnits('FAST_MAX_AMOUNT', {
    description:
      'the central bank’s FAST cap per transaction in minor units (100,000.00 TRY since April 2024): a payout up to ' +
      'it goes by FAST (24/7), above it by EFT (its window only)',
    default: '10000000',
  }),
  eftWindow: eftWindow('EFT_WINDOW', {
    description:
      'when EFT moves: `<days> <HH:MM>-<HH:MM> Europe/Istanbul` (days Mon..Sun, a range like Mon-Fri or a comma ' +
      'list; 00:00-24:00 is the whole day); official Turkish holidays and ops closures close it further',
    default: DEFAULT_EFT_WINDOW,
  }),
});
