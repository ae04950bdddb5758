import type { PayoutView } from '@libs/payouts/application';
import { formatAmount } from '@libs/payouts/domain';
import { html, type SafeHtml } from './html';
import { layout } from './layout.view';
import { searchForm, type Notice } from './payout.view';

export interface ApprovalsPageData {
  signedInAs: string;
  /** The key holds payouts:approve: the rows carry approve and reject forms. */
  canDecide: boolean;
  payouts: PayoutView[];
  nextCursor: string | null;
  notice?: Notice;
}

/**
 * GET /ops/approvals: the payouts awaiting approval of every client, oldest first, each with an approve and a reject
 * form that ask why (the reason goes on the payout's event and the audit log).
 */
export function approvalsPage(data: ApprovalsPageData): SafeHtml {
  const notice = data.notice
    ? html`<p class="notice ${data.notice.kind}" role="status" id="notice">${data.notice.text}</p>`
    : '';
  const rows = data.payouts.map(
    (payout) =>
      html`<tr data-payout-id="${payout.id}">
        <td>
          <a href="/ops/payouts/${payout.id}"><code>${payout.id}</code></a
          ><br /><span title="${payout.amount} minor units"
            >${formatAmount(BigInt(payout.amount), payout.currency)}</span
          >
          · created
          ${payout.createdAt}${
            payout.scheduledFor ? html`<br /><span class="muted">scheduled for ${payout.scheduledFor}</span>` : ''
          }
        </td>
        <td>
          ${payout.approval?.approvals.length ?? 0} of ${payout.approval?.required ?? 0} (policy
          v${payout.approval?.policyVersion ?? 0})${(payout.approval?.approvals ?? []).map(
            (vote) => html`<br /><span class="muted">${vote.clientName}${vote.reason ? `: ${vote.reason}` : ''}</span>`,
          )}
        </td>
        <td>${payout.approval?.expiresAt ?? ''}</td>
        <td>
          ${
            data.canDecide
              ? html`<form method="post" action="/ops/payouts/${payout.id}/decide">
                  <input
                    name="reason"
                    required
                    maxlength="500"
                    placeholder="why (goes on the payout and the audit log)"
                    aria-label="reason"
                  />
                  <button type="submit" name="decision" value="approve" class="primary">Approve</button>
                  <button type="submit" name="decision" value="reject">Reject</button>
                </form>`
              : html`<span class="muted">needs payouts:approve</span>`
          }
        </td>
      </tr>`,
  );
  return layout({
    title: 'Approvals',
    signedInAs: data.signedInAs,
    body: html`${searchForm()} ${notice}
      <h2 id="approvals">Awaiting approval (${data.payouts.length})</h2>
      <p class="muted">
        Every client’s payouts the approval policy holds, oldest first. Never your own; one decision per approver.
      </p>
      ${
        data.payouts.length === 0
          ? html`<p class="empty">Nothing awaits approval.</p>`
          : html`<table id="approvals-table">
              <thead>
                <tr>
                  <th>payout</th>
                  <th>approvals</th>
                  <th>deadline</th>
                  <th>decide</th>
                </tr>
              </thead>
              <tbody>
                ${rows}
              </tbody>
            </table>`
      }
      ${
        data.nextCursor
          ? html`<a id="approvals-next" href="/ops/approvals?cursor=${encodeURIComponent(data.nextCursor)}">Next →</a>`
          : ''
      }`,
  });
}
