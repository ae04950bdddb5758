import { applyDecorators, Controller, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@libs/clients';
import { OpsPageFilter } from './ops-page.filter';

/**
 * A controller of the /ops pages, for people in a browser: no API key (the ops session cookie instead, checked by
 * OpsAccess, and the per-address budget of public routes), not in the API document, errors answered as pages.
 */
export const OpsPages = () =>
  applyDecorators(Public(), ApiExcludeController(), UseFilters(OpsPageFilter), Controller('ops'));
