import { escapeHtml, html, SafeHtml } from './html';

describe('html', () => {
  it('escapes every interpolated value', () => {
    const name = `<script>alert("x")</script>' onmouseover='1`;
    expect(html`<td title="${name}">${name}</td>`.value).toBe(
      '<td title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onmouseover=&#39;1">' +
        '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onmouseover=&#39;1</td>',
    );
  });

  it('keeps nested templates and lists as markup, escaping what they interpolated', () => {
    const rows = ['a&b', '<i>'].map((text) => html`<li>${text}</li>`);
    // Called through another name: Prettier reformats templates tagged `html` as HTML, whitespace included.
    const markup = html;
    const list = markup`<ul>${rows}</ul>`;
    expect(list.value).toBe('<ul><li>a&amp;b</li><li>&lt;i&gt;</li></ul>');
  });

  it('renders nothing for null, undefined and false, and numbers as text', () => {
    expect(html`${null}${undefined}${false}${0}${12.5}`.value).toBe('012.5');
  });

  it('escapes backticks and ampersands in plain text', () => {
    expect(escapeHtml('`a` & b')).toBe('&#96;a&#96; &amp; b');
    expect(new SafeHtml('<b>').toString()).toBe('<b>');
  });
});
