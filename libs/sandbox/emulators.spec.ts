import { EMULATORS } from './emulators';
import { PROVIDER_NAMES } from './provider-name';

describe('EMULATORS', () => {
  it('registers one emulator per provider name, in the order of PROVIDER_NAMES', () => {
    expect(EMULATORS.map((emulator) => emulator.name)).toEqual([...PROVIDER_NAMES]);
  });
});
