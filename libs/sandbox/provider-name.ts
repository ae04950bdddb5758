export const PROVIDER_NAMES = ['pientegra', 'sipay'] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

export const isProviderName = (value: unknown): value is ProviderName =>
  typeof value === 'string' && (PROVIDER_NAMES as readonly string[]).includes(value);
