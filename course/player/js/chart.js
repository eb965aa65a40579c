// The room's answers to one question as a hand-drawn SVG bar chart with a data table beside it. The chart is one
// image to assistive technology (role="img" and a label that says every count); each bar is labelled in text with
// its count, so nothing depends on colour; the table carries the same numbers for anyone who prefers it.
import { html, plural } from './html.js';

/**
 * The option's words: a choice, an item or a marked phrase of the node, else "True"/"False", else its id. Works on
 * the delegate's case (options; segments with ids) and on the facilitator's full case (choices, items; segments with an item).
 */
export function optionLabel(node, optionId) {
  const segments = (node?.segments || []).filter((s) => typeof s === 'object').map((s) => s.item || s);
  const found = [...(node?.options || []), ...(node?.choices || []), ...(node?.items || []), ...segments].find((o) => o?.id === optionId);
  if (found) return found.text;
  return { true: 'True', false: 'False' }[optionId] || optionId;
}

const BAR = 34;
const GAP = 14;
const LABEL_WIDTH = 46;
const WIDTH = 600;

/**
 * `id` makes the element ids unique on the page; `question` names the chart; `node` gives the options' words;
 * `counts` is the API's {answered, options:[{optionId, count}]}.
 */
export function answerChart({ id, question, node, counts }) {
  const options = counts.options.map((o, i) => ({ ...o, letter: String.fromCharCode(65 + i), text: optionLabel(node, o.optionId) }));
  const max = Math.max(1, ...options.map((o) => o.count));
  const height = options.length * (BAR + GAP) + GAP;
  const room = WIDTH - LABEL_WIDTH - 70;
  const summary = `${question}: ${plural(counts.answered, 'person', 'people')} answered. `
    + options.map((o) => `${o.letter}, ${o.text}: ${o.count}`).join('; ') + '.';
  return html`
    <div class="room-chart" id="${id}">
      <svg class="room-chart__svg" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-label="${summary}" focusable="false">
        ${options.map((o, i) => {
          const y = GAP + i * (BAR + GAP);
          const w = Math.round((o.count / max) * room);
          return html`
            <text x="0" y="${y + BAR * 0.7}" class="room-chart__letter">${o.letter}</text>
            <rect x="${LABEL_WIDTH}" y="${y}" width="${Math.max(w, 2)}" height="${BAR}" class="room-chart__bar"></rect>
            <text x="${LABEL_WIDTH + Math.max(w, 2) + 8}" y="${y + BAR * 0.7}" class="room-chart__count">${o.count}</text>`;
        })}
      </svg>
      <table class="nhsuk-table room-chart__table">
        <caption class="nhsuk-table__caption">${question} (${plural(counts.answered, 'answer')})</caption>
        <thead class="nhsuk-table__head"><tr class="nhsuk-table__row">
          <th scope="col" class="nhsuk-table__header">Option</th><th scope="col" class="nhsuk-table__header nhsuk-table__header--numeric">People</th>
        </tr></thead>
        <tbody class="nhsuk-table__body">
          ${options.map((o) => html`<tr class="nhsuk-table__row">
            <th scope="row" class="nhsuk-table__cell">${o.letter}. ${o.text}</th>
            <td class="nhsuk-table__cell nhsuk-table__cell--numeric" data-option="${o.optionId}">${o.count}</td>
          </tr>`)}
        </tbody>
      </table>
    </div>`;
}
