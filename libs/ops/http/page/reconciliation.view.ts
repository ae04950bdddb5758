import type { RunItemRecord, RunRecord } from '@libs/reconciliation';
import { html, type SafeHtml } from './html';

/** The last reconciliation runs, each with its first discrepancies (the rest are in its CSV). */
export interface ReconciliationSectionData {
  runs: { run: RunRecord; items: RunItemRecord[] }[];
}

/** Discrepancies shown per run on /ops; the CSV has them all. */
export const RECONCILIATION_ITEMS_SHOWN = 10;
/** Runs shown on /ops, newest first. */
export const RECONCILIATION_RUNS_SHOWN = 5;

const minor = (amount: bigint | null): string => (amount === null ? '—' : amount.toString());

/** The /ops section of reconciliation runs (money-movement.md "Reconciliation reports"). Self-contained. */
export function reconciliationSection(data: ReconciliationSectionData): SafeHtml {
  return html`<h2 id="reconciliation">Reconciliation runs (${data.runs.length})</h2>
    <p class="muted">
      The last runs, newest first: our payouts of one provider over a period against the provider's listing. Every
      discrepant payout is flagged needs attention; amounts in minor units.
    </p>
    ${
      data.runs.length === 0
        ? html`<p class="empty" id="reconciliation-empty">No run yet.</p>`
        : html`<table id="reconciliation-table">
            <thead>
              <tr>
                <th>Provider and period</th>
                <th>Status</th>
                <th class="num">Matched</th>
                <th class="num">Missing at provider</th>
                <th class="num">Unknown at provider</th>
                <th class="num">Amount mismatch</th>
                <th class="num">Status mismatch</th>
                <th>Discrepancies</th>
              </tr>
            </thead>
            <tbody>
              ${data.runs.map(({ run, items }) => runRow(run, items))}
            </tbody>
          </table>`
    }`;
}

function runRow(run: RunRecord, items: RunItemRecord[]): SafeHtml {
  const discrepancies =
    run.counts.missingAtProvider + run.counts.unknownAtProvider + run.counts.amountMismatch + run.counts.statusMismatch;
  return html`<tr id="run-${run.id}">
    <td>
      ${run.provider}<br /><span class="muted"
        ><time datetime="${run.from.toISOString()}">${run.from.toISOString()}</time> –
        <time datetime="${run.to.toISOString()}">${run.to.toISOString()}</time></span
      >
    </td>
    <td>${run.status}${run.failure ? html`<br /><span class="flag">${run.failure}</span>` : ''}</td>
    <td class="num">${run.counts.matched}</td>
    <td class="num">${run.counts.missingAtProvider}</td>
    <td class="num">${run.counts.unknownAtProvider}</td>
    <td class="num">${run.counts.amountMismatch}</td>
    <td class="num">${run.counts.statusMismatch}</td>
    <td>
      ${
        discrepancies === 0
          ? html`<span class="muted">none</span>`
          : html`<ul class="discrepancies">
                ${items.map(itemLine)}
              </ul>
              <a href="/ops/reconciliation/runs/${run.id}/items.csv">all ${discrepancies} as CSV</a>`
      }
    </td>
  </tr>`;
}

function itemLine(item: RunItemRecord): SafeHtml {
  const ours = item.payoutId
    ? html`<a href="/ops/payouts/${item.payoutId}">${item.payoutId.slice(0, 8)}</a> ${minor(item.ourAmount)}
        ${item.ourStatus}`
    : html`<span class="muted">none of ours</span>`;
  const theirs =
    item.providerStatus === null
      ? html`<span class="muted">not listed</span>`
      : html`<code>${item.providerId ?? '?'}</code> ${minor(item.providerAmount)}
          ${item.providerStatus}${item.providerProblem ? html` <span class="flag">${item.providerProblem}</span>` : ''}`;
  return html`<li><b>${item.kind}</b>: ${ours} / ${theirs}</li>`;
}
