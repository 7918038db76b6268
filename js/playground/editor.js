/**
 * One code editor pane (CodeMirror 6): line numbers, YAML highlighting,
 * the core's problems as inline markers with their message, and a way to
 * put the caret on a line:column the core reported. Tab is left to move
 * focus between controls (no keyboard trap); the lint keymap (F8, Mod-Shift-m)
 * walks the markers from inside the editor.
 */
import { Annotation, EditorState } from '@codemirror/state';
import { EditorView, drawSelection, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { bracketMatching, defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { yaml } from '@codemirror/lang-yaml';
import { lintGutter, lintKeymap, setDiagnostics } from '@codemirror/lint';

/** Marks changes made by the page (a preset, a link), not typed by the user. */
const fromPage = Annotation.define();

const theme = EditorView.theme({
  '&': { height: '100%', fontSize: '13px', backgroundColor: 'var(--panel)' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.45', overflow: 'auto' },
  '.cm-gutters': { backgroundColor: 'var(--gutter)', color: 'var(--muted)', borderRight: '1px solid var(--line)' },
  '&.cm-focused': { outline: '3px solid var(--focus)', outlineOffset: '-1px' },
  '.cm-activeLine': { backgroundColor: 'var(--active-line)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--active-line)' },
});

/** The document offset of a 1-based line and column, clamped to the text. */
function offsetOf(doc, line, column) {
  const at = doc.line(Math.min(Math.max(line, 1), doc.lines));
  return Math.min(at.from + Math.max(column - 1, 0), at.to);
}

/**
 * Creates an editor inside `parent`; its editable element gets `id` and is
 * named by the element `labelledBy`. `onEdit` runs after each change the user
 * makes, `onCaret(line, column)` after each caret move.
 */
export function createEditor(parent, { id, labelledBy, describedBy, highlight = false, onEdit, onCaret }) {
  /** The text as one string, kept until the next change (the matrix is large; every recompute reads it). */
  let text = '';
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: '',
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightActiveLine(),
        drawSelection(),
        history(),
        bracketMatching(),
        highlight ? [yaml(), syntaxHighlighting(defaultHighlightStyle)] : [],
        lintGutter(),
        keymap.of([...defaultKeymap, ...historyKeymap, ...lintKeymap]),
        theme,
        EditorView.contentAttributes.of({
          id,
          'aria-labelledby': labelledBy,
          'aria-describedby': describedBy,
          spellcheck: 'false',
          autocapitalize: 'off',
          autocorrect: 'off',
        }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) {
            text = null;
            if (!update.transactions.some((tr) => tr.annotation(fromPage))) onEdit?.();
          }
          if (update.selectionSet || update.focusChanged) {
            const head = update.state.selection.main.head;
            const line = update.state.doc.lineAt(head);
            onCaret?.(line.number, head - line.from + 1);
          }
        }),
      ],
    }),
  });

  return {
    view,
    get value() {
      text ??= view.state.doc.toString();
      return text;
    },
    /** Replaces the whole text (not counted as a user edit). */
    set value(next) {
      if (next === this.value) return;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: next }, annotations: fromPage.of(true) });
    },
    /** Shows `problems` ({ line, column, message, hint }) as error markers; [] clears them. */
    setProblems(problems) {
      const { doc } = view.state;
      const diagnostics = problems.map((p) => {
        const from = offsetOf(doc, p.line, p.column);
        const to = doc.lineAt(from).to;
        return { from, to, severity: 'error', message: p.hint ? `${p.message} (hint: ${p.hint})` : p.message };
      });
      view.dispatch(setDiagnostics(view.state, diagnostics));
    },
    /** Focuses the editor with the caret at line:column, scrolled to the middle. */
    jumpTo(line, column) {
      const at = offsetOf(view.state.doc, line, column);
      view.dispatch({ selection: { anchor: at }, effects: EditorView.scrollIntoView(at, { y: 'center' }) });
      view.focus();
    },
    /** The 1-based line holding a DOM node inside the editor (for tests and tools). */
    lineOf(node) {
      return view.state.doc.lineAt(view.posAtDOM(node)).number;
    },
    focus() {
      view.focus();
    },
  };
}
