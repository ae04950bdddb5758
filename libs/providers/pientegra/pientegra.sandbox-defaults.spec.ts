import { PIENTEGRA_PUBLISHED_CREDENTIALS } from '@libs/sandbox/pientegra/pientegra.credentials';
import { PIENTEGRA_SANDBOX_DEFAULTS } from './pientegra.sandbox-defaults';

describe('PIENTEGRA_SANDBOX_DEFAULTS', () => {
  it('are the credentials the sandbox publishes, so an unconfigured adapter talks to an unconfigured sandbox', () => {
    expect(PIENTEGRA_SANDBOX_DEFAULTS).toMatchObject(PIENTEGRA_PUBLISHED_CREDENTIALS);
  });
});
