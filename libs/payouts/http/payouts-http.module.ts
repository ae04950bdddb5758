import { DynamicModule, Module } from '@nestjs/common';
import { PayoutsModule, type PayoutsModuleOptions } from '../payouts.module';
import { EventsController } from './events.controller';
import { PayoutsController } from './payouts.controller';

/** The payout routes of the api process: /v1/payouts and the /v1/events feed. */
@Module({})
export class PayoutsHttpModule {
  static forRoot(options: PayoutsModuleOptions = {}): DynamicModule {
    return {
      module: PayoutsHttpModule,
      imports: [PayoutsModule.forRoot(options)],
      controllers: [PayoutsController, EventsController],
    };
  }
}
