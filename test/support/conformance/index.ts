/** Test-only entry (`@libs/providers/conformance`): the kit, its harness types and the sandbox helpers. */
export * from './conformance-harness';
export * from './conformance-kit';
export * from './sandbox-control';
export * from './sandbox-scenarios';
export * from './webhook-capture';
export * from './load-conformance';
