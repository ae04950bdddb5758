import { PROVIDER_NAMES } from '@libs/providers';

/** Registered names for the API document's examples: the DTOs name no provider themselves. */
export const [EXAMPLE_PROVIDER, OTHER_EXAMPLE_PROVIDER = EXAMPLE_PROVIDER] = PROVIDER_NAMES;
