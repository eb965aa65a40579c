// Tiny HTML templating: every interpolated value is escaped unless it is itself a template result.

class Html {
  constructor(text) { this.text = text; }
  toString() { return this.text; }
}

const entities = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (value) => String(value).replace(/[&<>"']/g, (c) => entities[c]);

function render(value) {
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  if (value instanceof Html) return value.text;
  return escape(value);
}

/** A template tag: html`<p>${text}</p>` escapes text; nested html`` results and arrays are kept. */
export function html(strings, ...values) {
  let out = strings[0];
  values.forEach((value, i) => { out += render(value) + strings[i + 1]; });
  return new Html(out);
}

export const when = (condition, make) => (condition ? make() : '');

/** "1 phrase", "2 phrases". */
export const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export const percent = (scaled) => `${Math.round(scaled * 100)}%`;
