import { PROVIDER_NAMES, type ProviderName } from '../provider-name';

export const PROVIDER_MODES = ['up', 'down', 'slow'] as const;
export type ProviderMode = (typeof PROVIDER_MODES)[number];

export const isProviderMode = (value: unknown): value is ProviderMode =>
  typeof value === 'string' && (PROVIDER_MODES as readonly string[]).includes(value);

/** `down`: every API call answers 503 and records nothing; `slow`: every answer is held after recording. */
export class ProviderModes {
  private readonly modes = new Map<ProviderName, ProviderMode>();

  get(provider: ProviderName): ProviderMode {
    return this.modes.get(provider) ?? 'up';
  }

  set(provider: ProviderName, mode: ProviderMode): void {
    this.modes.set(provider, mode);
  }

  all(): Record<ProviderName, ProviderMode> {
    return Object.fromEntries(PROVIDER_NAMES.map((name) => [name, this.get(name)])) as Record<
      ProviderName,
      ProviderMode
    >;
  }

  clear(): void {
    this.modes.clear();
  }
}
