import { defineSlice, platformConfig, type ConfigOf, type ConfigSlice, type ConfigSpec } from '@libs/platform/config';

/** A variable, the values it was given, and the sandbox's published test value for it. */
export type PublishedSecret = [env: string, values: readonly (string | undefined)[], published: string];

/**
 * A provider's config slice. It reads NODE_ENV too, so start-up can refuse in production the sandbox's published test
 * values that `publishedSecrets` lists (one problem line per variable that holds one).
 */
export function defineProviderSlice<S extends ConfigSpec>(
  name: string,
  spec: S,
  publishedSecrets: (value: ConfigOf<S>) => PublishedSecret[],
): ConfigSlice<{ nodeEnv: typeof platformConfig.spec.nodeEnv } & S> {
  return defineSlice(name, { nodeEnv: platformConfig.spec.nodeEnv, ...spec }, (value) =>
    value.nodeEnv !== 'production'
      ? []
      : publishedSecrets(value)
          .filter(([, values, published]) => values.includes(published))
          .map(([env]) => `${env} is the sandbox's published test value: never valid when NODE_ENV=production`),
  );
}
