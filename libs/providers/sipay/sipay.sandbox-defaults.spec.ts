import { SIPAY_PUBLISHED_CREDENTIALS } from '@libs/sandbox/sipay/sipay.credentials';
import { SIPAY_SANDBOX_DEFAULTS } from './sipay.sandbox-defaults';

describe('SIPAY_SANDBOX_DEFAULTS', () => {
  it('are the credentials the sandbox publishes, so an unconfigured adapter talks to an unconfigured sandbox', () => {
    expect(SIPAY_SANDBOX_DEFAULTS).toMatchObject(SIPAY_PUBLISHED_CREDENTIALS);
  });
});
