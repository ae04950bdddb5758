import { isSuccess, type IntakeDriver } from './intake-driver';
import type { ReplayCheck, SandboxTransfer } from './payout-invariants';
import type { Stack } from './stack';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Ends every other held review (scenario 13) at the sandbox with a payment; the rest stay held. */
export async function releaseHalfOfReviews(stack: Stack): Promise<number> {
  await sleep(2_000);
  const { data } = await stack.sandbox<{ data: SandboxTransfer[] }>('GET', '/_sandbox/transfers');
  const held = data.filter(
    (t) => t.amount.endsWith('13') && (t.status === 'processing' || t.status === 'manual_review'),
  );
  const chosen = held.filter((_, i) => i % 2 === 0);
  for (const transfer of chosen) {
    await stack.sandbox(
      'POST',
      `/_sandbox/transfers/${transfer.provider}/${encodeURIComponent(transfer.reference)}/release`,
      {
        outcome: 'sent',
      },
    );
  }
  return chosen.length;
}

/** Delivers the webhooks of every 20th finished transfer once more: late duplicates must change nothing. */
export async function redeliverSome(stack: Stack): Promise<number> {
  const { data } = await stack.sandbox<{ data: SandboxTransfer[] }>('GET', '/_sandbox/transfers');
  const finished = data.filter((t) => ['sent', 'rejected', 'returned'].includes(t.status));
  const chosen = finished.filter((_, i) => i % 20 === 0);
  for (const transfer of chosen) {
    await stack.sandbox('POST', '/_sandbox/webhooks/redeliver', {
      provider: transfer.provider,
      reference: transfer.reference,
    });
  }
  return chosen.length;
}

/** Sends every key that got a 2xx again with the same body: the answer must be the same payout, marked replayed. */
export async function replayEveryKey(
  driver: IntakeDriver,
  records: Awaited<ReturnType<IntakeDriver['run']>>,
): Promise<ReplayCheck> {
  const mismatches: string[] = [];
  let checked = 0;
  const succeeded = records.filter((record) => isSuccess(record.answers.at(-1)));
  let next = 0;
  const lane = async () => {
    while (next < succeeded.length) {
      const record = succeeded[next++];
      const first = record.answers.at(-1)!;
      const again = await driver.post(record);
      checked++;
      if (again.status !== first.status || again.payoutId !== first.payoutId || !again.replayed)
        mismatches.push(
          `${record.key}: replay answered ${again.status} ${again.payoutId ?? '-'} replayed=${again.replayed}, ` +
            `first ${first.status} ${first.payoutId}`,
        );
    }
  };
  await Promise.all(Array.from({ length: 8 }, lane));
  return { checked, mismatches };
}
