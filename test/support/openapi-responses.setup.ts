import { installResponseValidation, takeResponseMismatches } from './openapi-responses';

// Runs before nock-restore.ts (jest.config.js): every spec of the integration project has its api answers checked
// against the served OpenAPI document, and a test during which one did not match fails.
installResponseValidation();

const failOnMismatch = () => {
  const mismatches = takeResponseMismatches();
  if (mismatches.length > 0) {
    throw new Error(`answers that do not match the OpenAPI document:\n${mismatches.join('\n')}`);
  }
};
afterEach(failOnMismatch);
afterAll(failOnMismatch);
