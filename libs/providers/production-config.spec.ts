import { collectProblems, SANDBOX_DEFAULTS } from '@libs/platform/config';
import { pientegraConfig } from './pientegra/pientegra.config';
import { sipayConfig } from './sipay/sipay.config';

const SLICES = [pientegraConfig, sipayConfig];
const PUBLISHED = {
  PIENTEGRA_API_KEY: SANDBOX_DEFAULTS.pientegraApiKey,
  PIENTEGRA_WEBHOOK_SECRET: `whsec_live_1,${SANDBOX_DEFAULTS.pientegraWebhookSecret}`,
  SIPAY_CLIENT_SECRET: SANDBOX_DEFAULTS.sipayClientSecret,
  SIPAY_WEBHOOK_TOKEN: SANDBOX_DEFAULTS.sipayWebhookToken,
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
      SANDBOX_DEFAULTS.pientegraApiKey,
      SANDBOX_DEFAULTS.pientegraWebhookSecret,
      SANDBOX_DEFAULTS.sipayClientSecret,
      SANDBOX_DEFAULTS.sipayWebhookToken,
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
