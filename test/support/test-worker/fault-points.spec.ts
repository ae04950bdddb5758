import { DISPATCH_FAULTS, DispatchJobsModule, NO_FAULTS } from '@libs/dispatch';
import { NO_OUTBOX_FAULTS, OUTBOX_FAULTS } from '@libs/notifications';
import { OutboxRelayModule } from '@libs/notifications/outbox/outbox-relay.module';
import { parseDispatchFaultOrThrow, sigkillFaultPointsOrThrow } from './dispatch-faults';
import { outboxFaultPointsOrThrow } from './outbox-faults';

const providersOf = (module: object): unknown[] => Reflect.getMetadata('providers', module) ?? [];

describe('crash hooks', () => {
  it('are no-ops in the production modules: only the test root module binds live ones', () => {
    expect(providersOf(DispatchJobsModule)).toContainEqual({ provide: DISPATCH_FAULTS, useValue: NO_FAULTS });
    expect(providersOf(OutboxRelayModule)).toContainEqual({ provide: OUTBOX_FAULTS, useValue: NO_OUTBOX_FAULTS });
    NO_FAULTS.crashAt('before-call');
    NO_FAULTS.armDuringCall()();
    NO_OUTBOX_FAULTS.at('outbox-before-enqueue');
  });

  it('read dispatch fault points with an optional probability', () => {
    expect(parseDispatchFaultOrThrow('before-call')).toEqual({ point: 'before-call', probability: 1 });
    expect(parseDispatchFaultOrThrow('during-call:0.25')).toEqual({ point: 'during-call', probability: 0.25 });
    expect(() => parseDispatchFaultOrThrow('after-commit')).toThrow(/point\[:probability\]/);
    expect(() => parseDispatchFaultOrThrow('before-call:1.5')).toThrow(/from 0 to 1/);
    expect(() => sigkillFaultPointsOrThrow(['before-call:0.1', 'everywhere'], console)).toThrow(
      /point\[:probability\]/,
    );
  });

  it('refuse an unknown outbox fault point', () => {
    expect([...outboxFaultPointsOrThrow(['outbox-after-enqueue'])]).toEqual(['outbox-after-enqueue']);
    expect(() => outboxFaultPointsOrThrow(['outbox-after-enqueue', 'everything'])).toThrow(
      /^FAULT_INJECT is invalid: "everything" is not one of outbox-before-enqueue, outbox-after-enqueue/,
    );
  });
});
