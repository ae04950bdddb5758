/** The conformance kit (`@test/support/conformance`): the checks, the harness types and their shared parts. */
export * from './conformance-harness';
export * from './conformance-kit';
export * from './load-conformance';
export * from './nock-harness';
export * from './sandbox-control';
export * from './sandbox-harness';
export * from './sandbox-scenarios';
export * from './webhook-capture';
export * from './webhook-forgery';
export * from './scenario-run';
