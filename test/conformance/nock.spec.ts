import { PROVIDER_REGISTRATIONS } from '@libs/providers';
import { describeConformance, loadConformance } from '../support/conformance';
import nock from 'nock';

// The conformance kit against every registered adapter, on nock and the byte-exact fixtures.
beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());

for (const registration of PROVIDER_REGISTRATIONS) {
  const conformance = loadConformance(registration);
  describeConformance(`${registration.name} on nock + fixtures`, conformance.nock.situations, () =>
    conformance.nock.create(),
  );
}
