/**
 * Draws a Result into the page: the verdict, problems as buttons that jump
 * to their line, and per partition the selected entries with the file and
 * rule behind each. Untrusted text only ever goes in as text nodes.
 */

/** Rows drawn per partition; a full run of a large matrix lists the rest as a count. */
const MAX_ROWS = 300;
/** Characters of an output value shown before eliding (matrices can be large). */
const MAX_VALUE = 4000;

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'class') node.className = value;
    else if (key === 'data') Object.assign(node.dataset, value);
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(typeof child === 'string' || typeof child === 'number' ? String(child) : child);
  }
  return node;
}

function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

function problems(result, onProblem) {
  const list = el('ul', { class: 'problems' });
  for (const p of result.errors) {
    const where = `${p.file}:${p.line}:${p.column}`;
    list.append(
      el('li', {},
        el('button', { type: 'button', class: 'problem', data: { line: p.line, column: p.column, file: p.file }, onclick: () => onProblem(p) },
          el('span', { class: 'where' }, where), ' ', p.message,
          p.hint ? el('span', { class: 'hint' }, `hint: ${p.hint}`) : null)),
    );
  }
  return [
    el('div', { class: 'verdict errors', data: { decision: 'error' } },
      el('strong', {}, plural(result.errors.length, 'problem', 'problems')),
      'Fix the config or matrix; positions are line:column. Select a problem to go there.'),
    list,
  ];
}

function verdict(result) {
  const total = result.partitions.reduce((n, p) => n + p.entries.length, 0);
  const title =
    result.decision === 'run-all' ? `Run all (${result.reason}): ${plural(total, 'entry', 'entries')}`
    : result.decision === 'nothing' ? 'Nothing to build'
    : `Filtered: ${plural(total, 'entry', 'entries')} selected`;
  return el('div', { class: `verdict ${result.decision}`, data: { decision: result.decision, reason: result.reason } },
    el('strong', {}, title),
    result.reasonDetail,
    el('div', { class: 'muted' }, plural(result.changedFiles, 'changed file', 'changed files')));
}

function whyList(entry) {
  if (!entry.why || entry.why.length === 0) return '—';
  const list = el('ul');
  for (const why of entry.why) {
    list.append(el('li', {}, why.file ? el('code', {}, why.file) : null, why.file ? ' → ' : null, why.rule));
  }
  return list;
}

function partition(part, onEntryLine) {
  const section = el('section', { class: 'partition', data: { partition: part.id } },
    el('h3', {}, part.id, ' ', el('span', { class: 'count' }, `(${part.entries.length})`)));
  if (part.entries.length === 0) {
    section.append(el('p', { class: 'muted' }, 'No entries.'));
    return section;
  }
  const body = el('tbody');
  for (const entry of part.entries.slice(0, MAX_ROWS)) {
    body.append(
      el('tr', { class: 'entry', data: { name: entry.name, key: entry.key, list: entry.list, line: entry.line } },
        el('td', {}, el('button', { type: 'button', class: 'linkish', title: 'Show this entry in the matrix', 'aria-label': `Go to matrix line ${entry.line}`, onclick: () => onEntryLine(entry.line) }, `L${entry.line}`)),
        el('td', {}, entry.name),
        el('td', { class: 'mono' }, entry.key),
        el('td', { class: 'why' }, whyList(entry))),
    );
  }
  section.append(
    el('table', { class: 'entries' },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Line'), el('th', { scope: 'col' }, 'Name'), el('th', { scope: 'col' }, 'Identity'), el('th', { scope: 'col' }, 'Why'))),
      body),
  );
  if (part.entries.length > MAX_ROWS) section.append(el('p', { class: 'more' }, `…and ${part.entries.length - MAX_ROWS} more`));
  return section;
}

function outputs(result) {
  const text = result.outputs
    .map(([name, value]) => `${name}=${value.length > MAX_VALUE ? `${value.slice(0, MAX_VALUE)}… (${value.length} characters)` : value}`)
    .join('\n');
  return el('details', {}, el('summary', {}, `Outputs (${result.outputs.length})`), el('pre', { class: 'outputs' }, text));
}

/** Replaces the container's content with the drawing of `result`. */
export function render(container, result, { onProblem, onEntryLine }) {
  const parts = [];
  if (result.errors.length > 0) {
    parts.push(...problems(result, onProblem));
  } else {
    parts.push(verdict(result));
    if (result.warnings.length > 0) {
      const list = el('ul', { class: 'warnings' });
      for (const w of result.warnings) list.append(el('li', {}, w));
      parts.push(el('h3', {}, 'Warnings'), list);
    }
    if (result.notes.length > 0) {
      const list = el('ul', { class: 'notes' });
      for (const n of result.notes) list.append(el('li', {}, n));
      parts.push(el('h3', {}, 'Notes'), list);
    }
    for (const part of result.partitions) parts.push(partition(part, onEntryLine));
    parts.push(outputs(result));
  }
  container.replaceChildren(...parts);
}

/** Shows a failure of the page itself (not of the user's YAML). */
export function renderFailure(container, message) {
  container.replaceChildren(el('div', { class: 'verdict errors' }, el('strong', {}, 'The playground failed'), message));
}
