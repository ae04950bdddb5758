import { collectProblems } from '@libs/platform/config';
import { PIENTEGRA_SANDBOX_DEFAULTS } from './pientegra/pientegra.sandbox-defaults';
import { SIPAY_SANDBOX_DEFAULTS } from './sipay/sipay.sandbox-defaults';
import { pientegraConfig } from './pientegra/pientegra.config';
import { sipayConfig } from './sipay/sipay.config';

const SLICES = [pientegraConfig, sipayConfig];
const PUBLISHED = {
  PIENTEGRA_API_KEY: PIENTEGRA_SANDBOX_DEFAULTS.apiKey,
  PIENTEGRA_WEBHOOK_SECRET: `whsec_live_1,${PIENTEGRA_SANDBOX_DEFAULTS.webhookSecret}`,
  SIPAY_CLIENT_SECRET: SIPAY_SANDBOX_DEFAULTS.clientSecret,
  SIPAY_WEBHOOK_TOKEN: SIPAY_SANDBOX_DEFAULTS.webhookToken,
};

describe('the sandbox’s published secrets in production', () => {
  it('are a start-up problem each, named by variable, never by value', () => {
    const problems = collectProblems(SLICES, { NODE_ENV: 'production', ...PUBLISHED });
    expect(problems).toEqual(
      Object.keys(PUBLISHED).map(
        (name) => `${name} is the sandbox's published test value: never valid when NODE_ENV=production`,
      ),
    );
    for (const value of [
      PIENTEGRA_SANDBOX_DEFAULTS.apiKey,
      PIENTEGRA_SANDBOX_DEFAULTS.webhookSecret,
      SIPAY_SANDBOX_DEFAULTS.clientSecret,
      SIPAY_SANDBOX_DEFAULTS.webhookToken,
    ]) {
      expect(problems.join('\n')).not.toContain(value);
    }
  });

  it('are what development and test use by design', () => {
    for (const nodeEnv of ['development', 'test']) {
      expect(collectProblems(SLICES, { NODE_ENV: nodeEnv, ...PUBLISHED })).toEqual([]);
    }
  });
});
