import type { OpsPayoutPage } from '../../application';
import { opsRow } from '@test/support/ops/ops.test-data';
import { toPayoutView } from '@libs/payouts/application';
import { payoutChangedPage, payoutPage, resolveConfirmPage } from './payout.view';

const payout = toPayoutView(opsRow().payout);

function page(over: Partial<OpsPayoutPage> = {}): OpsPayoutPage {
  return {
    payout,
    ageSeconds: 600,
    nextAction: 'next poll at 2026-01-01T01:00:00.000Z',
    canResolve: true,
    contradiction: false,
    attempts: [],
    attemptsNextCursor: null,
    events: {
      data: [
        {
          id: '7',
          version: 5,
          from: 'manual_review',
          to: 'failed',
          source: 'ops:c-ops',
          applied: true,
          reason: 'Sipay said <no>',
          detail: 'manual_review -> failed from ops:c-ops: applied (transition)',
          actor: 'night-shift',
          evidence: 'ticket "4411"',
          createdAt: '2026-01-01T00:20:00.000Z',
        },
      ],
      nextCursor: '7',
    },
    ...over,
  };
}

describe('payoutPage', () => {
  it('shows each event with its actor, reason and evidence, escaped, and a link to the next timeline page', () => {
    const markup = payoutPage({ signedInAs: 'ops', canWrite: true, page: page() }).value;
    expect(markup).toContain('<td class="actor">night-shift</td>');
    expect(markup).toContain('<td class="reason">Sipay said &lt;no&gt;</td>');
    expect(markup).toContain('<td class="evidence">ticket &quot;4411&quot;</td>');
    expect(markup).toContain(`href="/ops/payouts/${payout.id}?eventsAfter=7#timeline"`);
  });

  it('offers refresh and a resolve that first asks for review, only to a key with ops:write on a resolvable payout', () => {
    const writable = payoutPage({ signedInAs: 'ops', canWrite: true, page: page() }).value;
    expect(writable).toContain(`action="/ops/payouts/${payout.id}/resolve"`);
    expect(writable).toContain('name="step" value="review"');
    expect(writable).not.toContain('value="confirm"');
    expect(writable).toContain(`action="/ops/payouts/${payout.id}/refresh"`);
    const readOnly = payoutPage({ signedInAs: 'ops', canWrite: false, page: page() }).value;
    expect(readOnly).not.toContain('/resolve"');
    const final = payoutPage({ signedInAs: 'ops', canWrite: true, page: page({ canResolve: false }) }).value;
    expect(final).not.toContain('/resolve"');
  });

  it('shows a scheduled payout’s release time and how long past it the payout is', () => {
    const scheduled = toPayoutView(
      opsRow({ status: 'scheduled', scheduledFor: new Date('2026-01-01T00:10:00Z'), provider: null }).payout,
    );
    const markup = payoutPage({ signedInAs: 'ops', canWrite: true, page: page({ payout: scheduled }) }).value;
    expect(markup).toContain('<td id="scheduled-for">2026-01-01T00:10:00.000Z</td>');
    expect(markup).toContain('<th>past its release time by</th>');
    const plain = payoutPage({ signedInAs: 'ops', canWrite: true, page: page() }).value;
    expect(plain).not.toContain('scheduled-for');
    expect(plain).toContain('<th>in status for</th>');
  });

  it('links to the next page of attempts only when there is one', () => {
    const cursor = '0193a1b2-3c4d-7e5f-8a9b-aaaaaaaaaa20';
    const paged = payoutPage({ signedInAs: 'ops', canWrite: true, page: page({ attemptsNextCursor: cursor }) }).value;
    expect(paged).toContain(`href="/ops/payouts/${payout.id}?attemptsAfter=${cursor}#attempts"`);
    const single = payoutPage({ signedInAs: 'ops', canWrite: true, page: page() }).value;
    expect(single).not.toContain('attemptsAfter');
  });

  it('shows the IBAN as its last four only', () => {
    const markup = payoutPage({ signedInAs: 'ops', canWrite: true, page: page() }).value;
    expect(markup).toContain('…7890');
  });
});

describe('resolveConfirmPage', () => {
  it('repeats what will be sent and carries it, escaped, in the form whose button sends it', () => {
    const markup = resolveConfirmPage({
      signedInAs: 'ops',
      payout,
      status: 'failed',
      failureCode: 'account_closed',
      reason: 'bank said "closed" <today>',
      evidence: 'ticket 4411',
    }).value;
    expect(markup).toMatch(/<b id="confirm-status">failed<\/b\s*> \(account_closed\)/);
    expect(markup).toContain('name="reason" value="bank said &quot;closed&quot; &lt;today&gt;"');
    expect(markup).toContain('name="step" value="confirm"');
    // The confirm says which version was reviewed, so a payout that moved since is not resolved blind.
    expect(markup).toContain(`name="version" value="${payout.version}"`);
    expect(markup).toContain(`action="/ops/payouts/${payout.id}/resolve"`);
  });
});

describe('payoutChangedPage', () => {
  it('says the payout changed since the review and links back to its page', () => {
    const markup = payoutChangedPage({ signedInAs: 'ops', payoutId: payout.id }).value;
    expect(markup).toContain('the payout changed since you reviewed it');
    expect(markup).toContain(`href="/ops/payouts/${payout.id}"`);
  });
});
