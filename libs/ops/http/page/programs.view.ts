import { formatAmount, PAYOUT_STATUSES } from '@libs/payouts/domain';
import {
  formatAge,
  PROGRAMS_PAGE_SIZE,
  type ApprovalPayoutView,
  type BatchProgressView,
  type OpsPrograms,
  type ScheduledPayoutView,
} from '../../application';
import { STATUS_COLOURS } from './charts.view';
import { html, type SafeHtml } from './html';

/** How far off a release time is, in words: `in 3m 10s`, or `2m past` once the release job is late. */
export function releaseDistance(seconds: number): string {
  return seconds >= 0 ? `in ${formatAge(seconds * 1000)}` : `${formatAge(-seconds * 1000)} past`;
}

/** Who is looking: whether they may decide approvals, and which payouts and batches are their own. */
export interface ProgramsViewer {
  clientId: string;
  /** Holds payouts:approve. */
  canApprove: boolean;
  /** Batch decisions are there to call (ApprovalDecisions.decidesBatches). */
  decidesBatches: boolean;
}

/** Two program sections of /ops (programs.md "Ops page"): batch progress, scheduled payouts with their release time. */
export function programSections(programs: OpsPrograms, now: Date): SafeHtml {
  return html`${batchesSection(programs)} ${scheduledSection(programs, now)}`;
}

type ListName = 'approvals' | 'approvalBatches' | 'scheduled' | 'batches';

function nextLink(list: ListName, cursor: string | null, anchor: string = list): SafeHtml | '' {
  if (!cursor) return '';
  return html`<p>
    <a id="${list}-next" href="/ops?${list}After=${cursor}#${anchor}">Next ${PROGRAMS_PAGE_SIZE} →</a>
  </p>`;
}

/** The approvers' queue (programs.md "Ops page"): payouts and batches awaiting approval, with approve/reject. */
export function approvalsSection(programs: OpsPrograms, viewer: ProgramsViewer): SafeHtml {
  const payouts = programs.approvals;
  const batches = programs.approvalBatches;
  const more = programs.next.approvals || programs.next.approvalBatches ? '+' : '';
  const who = viewer.canApprove
    ? html`You approve as the signed-in client; never a payout or batch of your own client (another approver decides
      those), and once each. A rejection states its reason; an approval may.`
    : html`<span id="approvals-read-only"
        >Read only: sign in with a key that has <code>payouts:approve</code> (and <code>ops:read</code>) to
        decide.</span
      >`;
  const payoutTable =
    payouts.length === 0
      ? html`<p class="empty" id="approvals-table-empty">No payout awaits approval.</p>`
      : html`<table id="approvals-table">
          <thead>
            <tr>
              <th>payout</th>
              <th>client</th>
              <th>amount</th>
              <th>waiting</th>
              <th>approvals</th>
              <th>deadline</th>
              <th>decision</th>
            </tr>
          </thead>
          <tbody>
            ${payouts.map((row) => approvalRow(row, viewer))}
          </tbody>
        </table>`;
  const batchTable =
    batches.length === 0
      ? ''
      : html`<table id="approval-batches-table">
          <thead>
            <tr>
              <th>batch</th>
              <th>client</th>
              <th>items</th>
              <th>total</th>
              <th>created</th>
              <th>decision</th>
            </tr>
          </thead>
          <tbody>
            ${batches.map((row) => approvalBatchRow(row, viewer))}
          </tbody>
        </table>`;
  return html`<h2 id="approvals">Awaiting approval (${payouts.length + batches.length}${more})</h2>
    <p class="muted">Payouts and batches an approval policy holds, the oldest first. ${who}</p>
    ${payoutTable} ${nextLink('approvals', programs.next.approvals)} ${batchTable}
    ${nextLink('approvalBatches', programs.next.approvalBatches, 'approvals')}`;
}

/**
 * Approve or reject in one form. The reason is `required`, so the browser refuses a reject without one; the approve
 * button skips that check (`formnovalidate`: an approval's reason is optional). The server checks again.
 */
function decisionForm(
  subject: 'payouts' | 'batches',
  id: string,
  ownerId: string,
  viewer: ProgramsViewer,
  approvedBy: readonly string[] = [],
): SafeHtml {
  if (!viewer.canApprove) return html`<span class="muted">read only</span>`;
  if (ownerId === viewer.clientId) {
    return html`<span class="muted own">your client created it: another approver decides</span>`;
  }
  if (approvedBy.includes(viewer.clientId)) {
    return html`<span class="muted voted">you approved it: another approver decides</span>`;
  }
  if (subject === 'batches' && !viewer.decidesBatches) {
    return html`<span class="muted">batch decisions are not available yet</span>`;
  }
  return html`<form method="post" action="/ops/${subject}/${id}/reject" class="decide">
    <input
      type="text"
      name="reason"
      required
      maxlength="500"
      placeholder="reason (required to reject)"
      aria-label="reason"
    />
    <button type="submit" name="approve" formaction="/ops/${subject}/${id}/approve" formnovalidate class="primary">
      Approve
    </button>
    <button type="submit" name="reject">Reject</button>
  </form>`;
}

function approvalRow(row: ApprovalPayoutView, viewer: ProgramsViewer): SafeHtml {
  const { payout } = row;
  const votes = payout.approval?.approvals ?? [];
  const given = payout.approval
    ? html`${votes.length} of
      ${payout.approval.required}${votes.map(
        (vote) => html`<br /><span class="muted" title="${vote.at}">${vote.clientName}</span>`,
      )}`
    : '—';
  return html`<tr data-payout-id="${payout.id}">
    <td>
      <a href="/ops/payouts/${payout.id}"><code title="${payout.id}">${payout.id}</code></a
      >${payout.reference ? html`<br /><span class="muted">${payout.reference}</span>` : ''}
    </td>
    <td class="client">${row.clientName}</td>
    <td class="num" title="${payout.amount} minor units">${formatAmount(BigInt(payout.amount), payout.currency)}</td>
    <td class="num" title="since ${payout.createdAt}">${formatAge(row.waitingSeconds * 1000)}</td>
    <td class="approvals">${given}</td>
    <td class="muted">${payout.approval?.expiresAt ?? payout.nextCheckAt ?? '—'}</td>
    <td>
      ${decisionForm(
        'payouts',
        payout.id,
        row.clientId,
        viewer,
        votes.map((vote) => vote.clientId),
      )}
    </td>
  </tr>`;
}

function approvalBatchRow(view: BatchProgressView, viewer: ProgramsViewer): SafeHtml {
  const { batch } = view;
  return html`<tr data-batch-id="${batch.id}">
    <td>
      <code title="${batch.id}">${batch.id}</code>${
        batch.reference ? html`<br /><span class="muted">${batch.reference}</span>` : ''
      }
    </td>
    <td class="client">${view.clientName}</td>
    <td class="num">${batch.itemCount}</td>
    <td class="num" title="${batch.totalAmount} minor units">
      ${formatAmount(BigInt(batch.totalAmount), batch.currency)}
    </td>
    <td class="muted">${batch.createdAt}</td>
    <td>${decisionForm('batches', batch.id, view.clientId, viewer)}</td>
  </tr>`;
}

function batchesSection(programs: OpsPrograms): SafeHtml {
  const rows = programs.batches;
  const table =
    rows.length === 0
      ? html`<p class="empty" id="batches-table-empty">No batches.</p>`
      : html`<table id="batches-table">
          <thead>
            <tr>
              <th>batch</th>
              <th>client</th>
              <th>status</th>
              <th>items</th>
              <th>total</th>
              <th>progress</th>
              <th>created</th>
            </tr>
          </thead>
          <tbody>
            ${rows.map(batchRow)}
          </tbody>
        </table>`;
  return html`<h2 id="batches">Batches (${rows.length}${programs.next.batches ? '+' : ''})</h2>
    <p class="muted">
      Every client's batches, the newest first. The bar is the items by their current status; settled means succeeded,
      returned, failed or canceled.
    </p>
    ${table} ${nextLink('batches', programs.next.batches)}`;
}

/** The items by status as one bar (a segment per status with items) and the same counts in words. */
export function progressBar(view: BatchProgressView): SafeHtml {
  const { counts, itemCount } = view.batch;
  const present = PAYOUT_STATUSES.filter((status) => counts[status] > 0);
  const segments = present.map((status) => {
    const width = ((counts[status] * 100) / Math.max(1, itemCount)).toFixed(2);
    return html`<span
      class="segment"
      data-status="${status}"
      data-count="${counts[status]}"
      style="width: ${width}%; background: ${STATUS_COLOURS[status]}"
      title="${status} ${counts[status]}"
    ></span>`;
  });
  return html`<div
      class="progress"
      role="progressbar"
      aria-valuemin="0"
      aria-valuemax="100"
      aria-valuenow="${view.percentSettled}"
      aria-label="settled items"
    >
      ${segments}
    </div>
    <span class="settled">${view.settled} of ${itemCount} settled (${view.percentSettled}%)</span><br /><span
      class="muted counts"
      >${present.map((status, i) => html`${i > 0 ? ' · ' : ''}${status} ${counts[status]}`)}</span
    >`;
}

function batchRow(view: BatchProgressView): SafeHtml {
  const { batch } = view;
  return html`<tr data-batch-id="${batch.id}" data-status="${batch.status}">
    <td>
      <code title="${batch.id}">${batch.id}</code>${
        batch.reference ? html`<br /><span class="muted">${batch.reference}</span>` : ''
      }
    </td>
    <td class="client">${view.clientName}</td>
    <td>${batch.status}${batch.completedAt ? html`<br /><span class="muted">${batch.completedAt}</span>` : ''}</td>
    <td class="num">${batch.itemCount}</td>
    <td class="num" title="${batch.totalAmount} minor units">
      ${formatAmount(BigInt(batch.totalAmount), batch.currency)}
    </td>
    <td class="progress-cell">${progressBar(view)}</td>
    <td class="muted">${batch.createdAt}</td>
  </tr>`;
}

function scheduledSection(programs: OpsPrograms, now: Date): SafeHtml {
  const rows = programs.scheduled;
  const table =
    rows.length === 0
      ? html`<p class="empty" id="scheduled-table-empty">Nothing is scheduled.</p>`
      : html`<table id="scheduled-table">
          <thead>
            <tr>
              <th>payout</th>
              <th>client</th>
              <th>amount</th>
              <th>release time</th>
              <th>until release</th>
              <th>next check</th>
            </tr>
          </thead>
          <tbody>
            ${rows.map(scheduledRow)}
          </tbody>
        </table>`;
  const next = nextLink('scheduled', programs.next.scheduled);
  return html`<h2 id="scheduled">Scheduled payouts (${rows.length}${programs.next.scheduled ? '+' : ''})</h2>
    <p class="muted">
      Waiting for their release time, the earliest first; released to pending by the worker (decision 0009). As of
      <time datetime="${now.toISOString()}">${now.toISOString()}</time>.
    </p>
    ${table} ${next}`;
}

function scheduledRow(row: ScheduledPayoutView): SafeHtml {
  const { payout } = row;
  const late = row.releaseInSeconds < 0;
  return html`<tr data-payout-id="${payout.id}" data-release-at="${row.releaseAt}">
    <td>
      <a href="/ops/payouts/${payout.id}"><code title="${payout.id}">${payout.id}</code></a
      >${payout.reference ? html`<br /><span class="muted">${payout.reference}</span>` : ''}
    </td>
    <td class="client">${row.clientName}</td>
    <td class="num" title="${payout.amount} minor units">${formatAmount(BigInt(payout.amount), payout.currency)}</td>
    <td class="release-at"><time datetime="${row.releaseAt}">${row.releaseAt}</time></td>
    <td class="release-in${late ? ' flag' : ''}">${releaseDistance(row.releaseInSeconds)}</td>
    <td class="muted">${payout.nextCheckAt ?? '—'}</td>
  </tr>`;
}
