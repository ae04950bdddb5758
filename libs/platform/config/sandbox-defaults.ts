/** One line per variable of `given` that holds a published test secret: start-up refuses these in production. */
export function publishedSecretProblems(
  given: readonly [env: string, values: readonly (string | undefined)[], published: string][],
): string[] {
  return given
    .filter(([, values, published]) => values.includes(published))
    .map(([env]) => `${env} is the sandbox's published test value: never valid when NODE_ENV=production`);
}

export const sandboxBaseUrl = (port: number) => `http://127.0.0.1:${port}`;
