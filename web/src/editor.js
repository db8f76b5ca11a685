// The code editor: CodeMirror 6 with the seven judged languages, indent,
// bracket matching and the page's shortcuts (Ctrl/Cmd+Enter submits,
// Ctrl/Cmd+' runs). One editor; its language is swapped in a compartment.
import { EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, drawSelection } from "@codemirror/view";
import { EditorState, Compartment } from "@codemirror/state";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { indentOnInput, bracketMatching, syntaxHighlighting, HighlightStyle, indentUnit, StreamLanguage } from "@codemirror/language";
import { tags as t } from "@lezer/highlight";
import { closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
import { oneDarkTheme } from "@codemirror/theme-one-dark";
import { c, cpp, java } from "@codemirror/legacy-modes/mode/clike";
import { python } from "@codemirror/legacy-modes/mode/python";
import { javascript } from "@codemirror/legacy-modes/mode/javascript";
import { go } from "@codemirror/legacy-modes/mode/go";
import { rust } from "@codemirror/legacy-modes/mode/rust";

// The api's language ids (GET /api/languages), each with its stream mode
// (CodeMirror 5's modes, run by StreamLanguage): all seven are ~25 KB
// gzipped, so they are part of the first load, where the Lezer grammars
// (~135 KB, loaded after it) broke the page's budgets. Each mode indents
// (its indent()) and says which lines re-indent as typed (indentOnInput);
// bracket matching reads the brackets of the text.
const modes = { c, cpp, java, python, javascript, go, rust };
const units = { go: "\t" };
// Colours that keep a 4.5:1 contrast (WCAG AA) on the editor's background,
// active line included: CodeMirror's default style and One Dark's have
// lighter ones. Dark is One Dark's editor with these colours.
const dark = [oneDarkTheme, syntaxHighlighting(HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.modifier, t.operatorKeyword], color: "#d7a0f0" },
  { tag: [t.string, t.special(t.string), t.character], color: "#98c379" },
  { tag: [t.number, t.bool, t.atom, t.null], color: "#d19a66" },
  { tag: [t.comment, t.lineComment, t.blockComment], color: "#9aa4b2", fontStyle: "italic" },
  { tag: [t.typeName, t.className, t.standard(t.typeName)], color: "#e5c07b" },
  { tag: [t.function(t.variableName), t.function(t.propertyName), t.standard(t.variableName)], color: "#61afef" },
  { tag: [t.meta, t.processingInstruction, t.macroName], color: "#56b6c2" },
  { tag: [t.definition(t.variableName)], color: "#f0a8b0" },
  { tag: t.invalid, color: "#ff8a80" },
], { themeType: "dark" }))];
const light = syntaxHighlighting(HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.modifier, t.operatorKeyword], color: "#7b1fa2" },
  { tag: [t.string, t.special(t.string), t.character], color: "#a31515" },
  { tag: [t.number, t.bool, t.atom, t.null], color: "#116644" },
  { tag: [t.comment, t.lineComment, t.blockComment], color: "#4f6126", fontStyle: "italic" },
  { tag: [t.typeName, t.className, t.standard(t.typeName)], color: "#0b5394" },
  { tag: [t.function(t.variableName), t.function(t.propertyName), t.standard(t.variableName)], color: "#6b4e16" },
  { tag: [t.meta, t.processingInstruction, t.macroName], color: "#6f4a00" },
  { tag: [t.definition(t.variableName)], color: "#1a1aa6" },
  { tag: t.invalid, color: "#b3261e" },
]));
const loaded = new Map();

export function languageSupport(id) {
  if (!modes[id]) return [];
  if (!loaded.has(id)) loaded.set(id, [StreamLanguage.define(modes[id]), indentUnit.of(units[id] || "    ")]);
  return loaded.get(id);
}

// parent: the element to fill; on: {change(text), submit(), run()}.
export function createEditor(parent, on) {
  const lang = new Compartment();
  let silent = false; // a load is not the user's change (no draft saved)
  // The page's theme follows prefers-color-scheme; so does the editor's.
  const theme = new Compartment();
  const scheme = window.matchMedia("(prefers-color-scheme: dark)");
  const shortcuts = keymap.of([
    { key: "Mod-Enter", run: () => { on.submit(); return true; } },
    { key: "Mod-'", run: () => { on.run(); return true; } },
  ]);
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: "",
      extensions: [
        shortcuts,
        lineNumbers(), highlightActiveLineGutter(), highlightActiveLine(), drawSelection(),
        history(), indentOnInput(), bracketMatching(), closeBrackets(),
        keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, indentWithTab]),
        lang.of([]),
        theme.of(scheme.matches ? dark : light),
        EditorView.contentAttributes.of({ "aria-label": "code", "data-testid": "code" }),
        EditorView.updateListener.of((u) => { if (u.docChanged && !silent) on.change(u.state.doc.toString()); }),
      ],
    }),
  });
  scheme.addEventListener("change", () => view.dispatch({ effects: theme.reconfigure(scheme.matches ? dark : light) }));
  return {
    view,
    get text() { return view.state.doc.toString(); },
    // The text and its language's highlighting, at once; the editor's
    // language set in data-language.
    load(text, language) {
      silent = true;
      try {
        view.dispatch({
          changes: { from: 0, to: view.state.doc.length, insert: text },
          effects: lang.reconfigure(languageSupport(language)),
        });
      } finally {
        silent = false;
      }
      parent.dataset.language = language;
    },
    focus() { view.focus(); },
  };
}
