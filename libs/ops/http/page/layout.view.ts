import { html, SafeHtml } from './html';

const STYLE = `
  :root { color-scheme: light; --line: #d9dde3; --muted: #5b6573; --warn: #9a3b00; --bad: #a1161e; --ok: #0b6b2f; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1c2430; background: #f6f7f9; }
  header { display: flex; align-items: center; gap: 16px; padding: 10px 20px; background: #1c2430; color: #fff; }
  header h1 { font-size: 16px; margin: 0; flex: 1; }
  header a, header button { color: #fff; }
  header form { margin: 0; }
  main { padding: 16px 20px 40px; max-width: 1600px; }
  h2 { font-size: 15px; margin: 24px 0 8px; }
  .cards { display: flex; flex-wrap: wrap; gap: 10px; }
  .card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; min-width: 120px; }
  .card b { display: block; font-size: 20px; }
  .card.alert b { color: var(--bad); }
  table { border-collapse: collapse; width: 100%; background: #fff; border: 1px solid var(--line); }
  th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line); }
  th { background: #eef0f3; font-weight: 600; white-space: nowrap; }
  td.num { text-align: right; font-variant-numeric: tabular-nums; }
  code, pre { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; }
  pre { margin: 4px 0 0; max-width: 420px; max-height: 240px; overflow: auto; background: #f3f4f6; padding: 6px; }
  .muted { color: var(--muted); }
  .empty { color: var(--muted); padding: 10px 0; }
  .notice { padding: 8px 12px; border-radius: 6px; margin: 0 0 12px; border: 1px solid; }
  .notice.ok { color: var(--ok); border-color: var(--ok); background: #eefaf2; }
  .notice.error { color: var(--bad); border-color: var(--bad); background: #fdeeee; }
  .flag { color: var(--warn); font-weight: 600; }
  button { font: inherit; padding: 3px 10px; border-radius: 4px; border: 1px solid #8892a0; background: #fff; cursor: pointer; }
  button.primary { background: #1c2430; color: #fff; border-color: #1c2430; }
  header button { background: transparent; border-color: #8892a0; }
  form.search { display: flex; gap: 8px; margin: 0 0 12px; }
  form.search input { flex: 1; max-width: 520px; padding: 6px 8px; font: inherit; }
  .charts { display: flex; flex-wrap: wrap; gap: 12px; }
  figure.chart { margin: 0; background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px; }
  figure.chart svg { display: block; max-width: 100%; height: auto; }
  figcaption { color: var(--muted); font-size: 12px; max-width: 720px; }
  .legend { white-space: nowrap; margin-left: 8px; }
  .legend i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; border-radius: 2px; }
  .actions { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
  .actions form { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 10px; }
  .actions label { display: block; margin: 4px 0; }
  .actions textarea { width: 420px; font: inherit; }
  fieldset { border: 0; margin: 0; padding: 0; }
  .confirm { max-width: 760px; background: #fff; border: 2px solid var(--warn); border-radius: 8px; padding: 16px; }
  .confirm dd { white-space: pre-wrap; margin: 0 0 8px; }
  form.decide { display: flex; flex-wrap: wrap; gap: 6px; margin: 0; }
  form.decide input { width: 240px; padding: 3px 6px; font: inherit; }
  form.decide input:invalid:focus { outline: 2px solid var(--bad); }
  .progress { display: flex; width: 240px; height: 12px; background: #eef0f3; border-radius: 3px; overflow: hidden; }
  .progress .segment { display: block; height: 100%; }
  .login { max-width: 380px; margin: 12vh auto; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 24px; }
  .login input { width: 100%; padding: 8px; margin: 6px 0 14px; font: inherit; }
`;

// A constant of this file, not data: it goes in as written (escaping would break the CSS).
const STYLE_MARKUP = new SafeHtml(STYLE);

export interface LayoutParams {
  title: string;
  body: SafeHtml;
  /** Shown with a sign-out button when someone is signed in. */
  signedInAs?: string;
}

/** The page frame: inline CSS only, no scripts, nothing loaded from anywhere else. */
export function layout({ title, body, signedInAs }: LayoutParams): SafeHtml {
  const account = signedInAs
    ? html`<span>signed in as ${signedInAs}</span>
        <a href="/ops#approvals">Approvals</a>
        <a href="/ops/queues">Queues</a>
        <form method="post" action="/ops/logout"><button type="submit">Sign out</button></form>`
    : html``;
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>${title}</title>
        <style>
          ${STYLE_MARKUP}
        </style>
      </head>
      <body>
        <header>
          <h1>${title}</h1>
          ${account}
        </header>
        <main>${body}</main>
      </body>
    </html>`;
}
