'use strict';
// Scalewise for VS Code: a thin LSP client without npm dependencies. It spawns
// `scalewise serve`, forwards documents and settings, and shows the server's
// diagnostics, hover and inlay hints.
const vscode = require('vscode');
const { Connection } = require('./rpc');

const LANGUAGES = ['json', 'jsonc', 'yaml', 'toml', 'python'];
const SELECTOR = LANGUAGES.flatMap((language) => [{ language, scheme: 'file' }, { language, scheme: 'untitled' }]);

let state = null; // { connection, capabilities, diagnostics, output }

function settings() {
  const config = vscode.workspace.getConfiguration('scalewise');
  return {
    serverPath: config.get('serverPath') || process.env.SCALEWISE_BIN || 'scalewise',
    serverArgs: config.get('serverArgs') || [],
    // only what the user set: the server keeps its own defaults for the rest
    forwarded: forwardedSettings((key) => config.get(key)),
  };
}

// The settings the server reads (EditorSettings in the server), under the server's names.
const SERVER_SETTINGS = ['law', 'hardware', 'gpus', 'mfu', 'peakFlops', 'pricePerHour', 'maxDocuments', 'maxDocumentBytes'];

// Only what the user set: the server keeps its own defaults for the rest. `usdPerGpuHour`, the
// earlier name of `pricePerHour`, is still honoured when `pricePerHour` is not set.
function forwardedSettings(get) {
  const out = Object.fromEntries(SERVER_SETTINGS
    .map((key) => [key, get(key)])
    .filter(([, value]) => value !== undefined && value !== null && value !== ''));
  const legacy = get('usdPerGpuHour');
  if (out.pricePerHour === undefined && typeof legacy === 'number') out.pricePerHour = legacy;
  return out;
}

function has(capabilities, provider, method) {
  if (!capabilities) return false;
  return Boolean(capabilities[provider]) || (capabilities.methods || []).includes(method);
}

const tracked = (doc) => LANGUAGES.includes(doc.languageId) && ['file', 'untitled'].includes(doc.uri.scheme);

function toRange(r) {
  return new vscode.Range(new vscode.Position(r.start.line, r.start.character), new vscode.Position(r.end.line, r.end.character));
}

const SEVERITY = (s) => [undefined, 'Error', 'Warning', 'Information', 'Hint'][s || 4];

async function start(context) {
  const s = settings();
  const output = state && state.output ? state.output : vscode.window.createOutputChannel('Scalewise');
  const diagnostics = state && state.diagnostics ? state.diagnostics : vscode.languages.createDiagnosticCollection('scalewise');
  const connection = new Connection(s.serverPath, ['serve', ...s.serverArgs]);
  const me = { connection, capabilities: null, diagnostics, output, versions: new Map() };
  state = me;
  connection.on('exit', (code, signal, stderr) => {
    output.appendLine(`scalewise serve exited (${code === null ? signal : code})\n${stderr}`);
  });
  connection.on('notification', (method, params) => {
    if (method === 'textDocument/publishDiagnostics') {
      diagnostics.set(vscode.Uri.parse(params.uri), (params.diagnostics || []).map((d) => {
        const diag = new vscode.Diagnostic(toRange(d.range), d.message, vscode.DiagnosticSeverity[SEVERITY(d.severity)]);
        diag.source = d.source || 'scalewise';
        if (d.code !== undefined) diag.code = d.code;
        return diag;
      }));
    } else if (method === 'window/logMessage' || method === 'window/showMessage') {
      output.appendLine(params.message);
    }
  });
  connection.onRequest('workspace/configuration', (params) =>
    (params.items || []).map((item) => (item.section ? vscode.workspace.getConfiguration(item.section) : settings().forwarded)));
  const result = await connection.request('initialize', {
    processId: process.pid,
    clientInfo: { name: 'vscode-scalewise' },
    rootUri: vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0] ? vscode.workspace.workspaceFolders[0].uri.toString() : null,
    capabilities: {
      textDocument: {
        synchronization: { dynamicRegistration: false },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        inlayHint: {},
        publishDiagnostics: {},
      },
      workspace: { configuration: true, didChangeConfiguration: {} },
    },
    initializationOptions: { settings: { scalewise: s.forwarded } },
  });
  me.capabilities = result.capabilities || {};
  connection.notify('initialized', {});
  connection.notify('workspace/didChangeConfiguration', { settings: { scalewise: s.forwarded } });
  for (const doc of vscode.workspace.textDocuments) didOpen(doc);
  output.appendLine(`scalewise ${result.serverInfo ? result.serverInfo.version : ''} started`);
  return me;
}

function didOpen(doc) {
  if (!state || !tracked(doc)) return;
  state.versions.set(doc.uri.toString(), doc.version);
  state.connection.notify('textDocument/didOpen', {
    textDocument: { uri: doc.uri.toString(), languageId: doc.languageId, version: doc.version, text: doc.getText() },
  });
}

function didChange(event) {
  const doc = event.document;
  if (!state || !tracked(doc)) return;
  if (!state.versions.has(doc.uri.toString())) return didOpen(doc);
  state.versions.set(doc.uri.toString(), doc.version);
  state.connection.notify('textDocument/didChange', {
    textDocument: { uri: doc.uri.toString(), version: doc.version },
    contentChanges: [{ text: doc.getText() }],
  });
}

function didClose(doc) {
  if (!state || !state.versions.delete(doc.uri.toString())) return;
  state.connection.notify('textDocument/didClose', { textDocument: { uri: doc.uri.toString() } });
  state.diagnostics.delete(doc.uri);
}

async function stop() {
  if (!state) return;
  const { connection } = state;
  state.versions.clear();
  await connection.shutdown();
}

async function restart(context) {
  await stop();
  if (state) state.diagnostics.clear();
  return start(context);
}

const hoverProvider = {
  async provideHover(doc, position) {
    if (!state || !has(state.capabilities, 'hoverProvider', 'textDocument/hover')) return undefined;
    try {
      const r = await state.connection.request('textDocument/hover', {
        textDocument: { uri: doc.uri.toString() }, position: { line: position.line, character: position.character },
      });
      if (!r || !r.contents) return undefined;
      const c = r.contents;
      const text = typeof c === 'string' ? c : Array.isArray(c) ? c.map((x) => x.value || x).join('\n\n') : c.value;
      return new vscode.Hover(new vscode.MarkdownString(text), r.range ? toRange(r.range) : undefined);
    } catch (e) {
      state.output.appendLine(`hover: ${e.message}`);
      return undefined;
    }
  },
};

const inlayHintsProvider = {
  async provideInlayHints(doc, range) {
    if (!state || !has(state.capabilities, 'inlayHintProvider', 'textDocument/inlayHint')) return [];
    try {
      const hints = await state.connection.request('textDocument/inlayHint', {
        textDocument: { uri: doc.uri.toString() },
        range: { start: { line: range.start.line, character: range.start.character }, end: { line: range.end.line, character: range.end.character } },
      });
      return (hints || []).map((h) => {
        const label = typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('');
        const hint = new vscode.InlayHint(new vscode.Position(h.position.line, h.position.character), label,
          h.kind === 1 ? vscode.InlayHintKind.Type : vscode.InlayHintKind.Parameter);
        hint.paddingLeft = h.paddingLeft !== undefined ? h.paddingLeft : true;
        if (h.tooltip) hint.tooltip = typeof h.tooltip === 'string' ? h.tooltip : h.tooltip.value;
        return hint;
      });
    } catch (e) {
      state.output.appendLine(`inlayHint: ${e.message}`);
      return [];
    }
  },
};

async function activate(context) {
  const subs = context.subscriptions;
  subs.push(
    vscode.commands.registerCommand('scalewise.restart', () => restart(context)),
    vscode.languages.registerHoverProvider(SELECTOR, hoverProvider),
    vscode.languages.registerInlayHintsProvider(SELECTOR, inlayHintsProvider),
    vscode.workspace.onDidOpenTextDocument(didOpen),
    vscode.workspace.onDidChangeTextDocument(didChange),
    vscode.workspace.onDidCloseTextDocument(didClose),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('scalewise') || !state) return;
      state.connection.notify('workspace/didChangeConfiguration', { settings: { scalewise: settings().forwarded } });
    }),
    { dispose: () => { stop(); } },
  );
  try {
    await start(context);
  } catch (e) {
    vscode.window.showErrorMessage(`Scalewise: cannot start the daemon: ${e.message}`);
  }
  return { get connection() { return state && state.connection; }, get capabilities() { return state && state.capabilities; }, restart: () => restart(context) };
}

function deactivate() { return stop(); }

module.exports = { activate, deactivate, hoverProvider, inlayHintsProvider, SERVER_SETTINGS, forwardedSettings };
