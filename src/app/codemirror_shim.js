// The one shim over CodeMirror 6: the payload editor's view. esbuild bundles it with the pinned
// @codemirror/* packages into one ES module, `codemirror.js` beside index.html
// (scripts/codemirror.sh, run by Trunk's pre_build hook); app::codemirror imports that module the
// first time a payload is shown, so the list page never loads it.
//
// CodeMirror renders only the lines in view, so typing into a 5 MB payload costs what typing into
// a small one costs. What was typed goes to wasm only when it is needed: debounced after typing
// stops (for validation), and at once when the editor loses focus, on Ctrl+S and when the page
// hides, so a Save, a Format or a kept draft always has the latest text. It goes as the changes
// since the last report, not as the whole text: wasm keeps a copy in step (core::mirror), and
// flattening and encoding megabytes of document on every pause would take tens of milliseconds.
// Only if wasm answers that its copy is out of step does the whole text follow, once. Nothing
// here logs.
//
// Styles: CodeMirror's own styles go into a constructable stylesheet adopted by the document
// (document.adoptedStyleSheets), which `style-src 'self'` allows; the rest is in style.css. No
// inline <style>, no eval. style-mod (CodeMirror's style loader) adopts sheets only into shadow
// roots and writes a <style> element into a document, which the CSP refuses; `adoptInto` below
// hands it the document as a root without a <head>, so it adopts there too.

import { EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, drawSelection, highlightSpecialChars } from "@codemirror/view";
import { EditorState, Compartment } from "@codemirror/state";
import { json } from "@codemirror/lang-json";
import { lintGutter, setDiagnostics } from "@codemirror/lint";
import { search, searchKeymap, highlightSelectionMatches } from "@codemirror/search";
import { history, historyKeymap, defaultKeymap } from "@codemirror/commands";
import { StyleModule } from "style-mod";
import { foldGutter, foldKeymap, bracketMatching, indentOnInput, syntaxHighlighting, defaultHighlightStyle } from "@codemirror/language";

const encoder = new TextEncoder();

// The document as style-mod sees it: no <head>, so the styles go to adoptedStyleSheets.
const adoptingRoots = new WeakMap();
function adoptInto(doc) {
  if (!adoptingRoots.has(doc)) {
    adoptingRoots.set(doc, {
      ownerDocument: doc,
      get adoptedStyleSheets() { return doc.adoptedStyleSheets; },
      set adoptedStyleSheets(sheets) { doc.adoptedStyleSheets = sheets; },
    });
  }
  return adoptingRoots.get(doc);
}
const mountStyles = StyleModule.mount;
StyleModule.mount = (root, modules, options) =>
  mountStyles(root && root.nodeType === 9 ? adoptInto(root) : root, modules, options);

class PayloadView {
  constructor(parent, name, labelledBy, describedBy, text, onChange, delayMs) {
    this.onChange = onChange;
    this.delayMs = delayMs;
    this.timer = null;
    // The changes since the last report, composed into one change set.
    this.changes = null;
    this.readOnly = new Compartment();
    this.aria = new Compartment();
    // tabindex: the editable text is in the tab order already (contenteditable); said outright,
    // so that checkers (axe-core) see the scrolling area around it can be reached by keyboard.
    this.attributes = {
      name, tabindex: "0", "aria-labelledby": labelledBy, "aria-describedby": describedBy, "aria-invalid": "false",
    };
    const self = this;
    this.view = new EditorView({
      parent,
      state: EditorState.create({
        doc: text,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          highlightSpecialChars(),
          foldGutter(),
          lintGutter(),
          drawSelection(),
          history(),
          indentOnInput(),
          bracketMatching(),
          highlightActiveLine(),
          highlightSelectionMatches(),
          search({ top: true }),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          json(),
          // Tab is not bound: it moves the focus on, as CodeMirror documents for accessibility.
          keymap.of([
            { key: "Mod-s", run: () => { self.flush(); return false; } },
            ...defaultKeymap,
            ...searchKeymap,
            ...historyKeymap,
            ...foldKeymap,
          ]),
          this.readOnly.of(EditorState.readOnly.of(false)),
          this.aria.of(EditorView.contentAttributes.of(this.attributes)),
          EditorView.updateListener.of((update) => { if (update.docChanged && !self.applying) self.changed(update.changes); }),
          EditorView.domEventHandlers({ blur: () => { self.flush(); return false; } }),
        ],
      }),
    });
    // Read like a <textarea>: `.value` of the element named after the property is its text,
    // for the page's own tests and for anyone driving the site by its deployment contract.
    Object.defineProperty(this.view.contentDOM, "value", { get: () => this.view.state.doc.toString(), configurable: true });
    this.onHide = () => self.flush();
    window.addEventListener("pagehide", this.onHide, true);
  }

  changed(changes) {
    this.changes = this.changes ? this.changes.compose(changes) : changes;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.delayMs);
  }

  // Reports to wasm now what changed since the last report: `from, to, inserted` triples, in
  // order, positions in UTF-16 code units as each earlier one left the text; and the length.
  flush() {
    clearTimeout(this.timer);
    this.timer = null;
    const changes = this.changes;
    if (!changes) return;
    this.changes = null;
    const report = [];
    changes.iterChanges((fromA, toA, fromB, toB, inserted) => report.push(fromB, fromB + (toA - fromA), inserted.toString()));
    const doc = this.view.state.doc;
    // Out of step: the whole text, as UTF-8 bytes (one copy into wasm memory).
    if (!this.onChange(report, doc.length)) this.onChange(encoder.encode(doc.toString()), doc.length);
  }

  // A text from wasm (loaded, formatted, discarded, restored), which wasm's copy now holds: one
  // undoable change; what was typed and not yet reported is replaced with the rest.
  setText(text) {
    const doc = this.view.state.doc;
    this.changes = null;
    clearTimeout(this.timer);
    this.applying = true;
    try {
      this.view.dispatch({ changes: { from: 0, to: doc.length, insert: text } });
    } finally {
      this.applying = false;
    }
  }

  // Our core's verdict on the text: `message` null when valid; a marker at `line`:`column`
  // (1-based, as serde_json counts) when the error has a place, 0 when it has none.
  setProblem(message, line, column) {
    const state = this.view.state;
    const diagnostics = [];
    if (message != null && line > 0) {
      const at = state.doc.line(Math.min(line, state.doc.lines));
      const from = at.from + Math.max(0, Math.min(column - 1, at.length));
      diagnostics.push({ from, to: Math.min(from + 1, at.to), severity: "error", message });
    }
    const invalid = message != null ? "true" : "false";
    const effects = [];
    if (this.attributes["aria-invalid"] !== invalid) {
      this.attributes = { ...this.attributes, "aria-invalid": invalid };
      effects.push(this.aria.reconfigure(EditorView.contentAttributes.of(this.attributes)));
    }
    this.view.dispatch(setDiagnostics(state, diagnostics), { effects });
  }

  setReadOnly(on) {
    this.view.dispatch({ effects: this.readOnly.reconfigure(EditorState.readOnly.of(on)) });
  }

  destroy() {
    clearTimeout(this.timer);
    window.removeEventListener("pagehide", this.onHide, true);
    this.view.destroy();
  }
}

// Makes and drops one small view, out of the page: CodeMirror's styles are mounted and its code
// warmed while the configuration is still being read, so the real views are made fast.
export function warm() {
  new PayloadView(document.createElement("div"), "", "", "", "{}", () => {}, 1000).destroy();
}

export function createPayloadEditor(parent, name, labelledBy, describedBy, text, onChange, delayMs) {
  return new PayloadView(parent, name, labelledBy, describedBy, text, onChange, delayMs);
}
