'use strict';
// Extension activation with a fake `vscode` module; the daemon is real.
const test = require('node:test');
const assert = require('node:assert/strict');
const Module = require('module');
const fake = require('./fake-vscode');
const { daemonBinary } = require('./helpers');

const originalLoad = Module._load;
Module._load = function load(request, ...rest) {
  if (request === 'vscode') return fake.vscode;
  return originalLoad.call(this, request, ...rest);
};
const extension = require('../extension');

test('activate starts the daemon, registers providers and the restart command', async () => {
  fake.setConfiguration({ serverPath: daemonBinary(), serverArgs: ['--no-state'], law: 'chinchilla-epoch' });
  fake.documents.push(fake.document('file:///tmp/train.json', 'json', '{"params": 7e9, "tokens": 1.4e12}'));
  const context = { subscriptions: [] };
  const api = await extension.activate(context);
  try {
    assert.deepEqual(fake.registered.errors, []);
    assert.ok(fake.registered.commands.has('scalewise.restart'));
    assert.equal(fake.registered.hover.length, 1);
    assert.equal(fake.registered.inlay.length, 1);
    const languages = new Set(fake.registered.hover[0].selector.map((s) => s.language));
    for (const l of ['json', 'yaml', 'toml', 'python']) assert.ok(languages.has(l), l);
    assert.ok(api.capabilities.methods.includes('scaling/optimal'));
    assert.ok(fake.registered.output.some((l) => /scalewise .* started/.test(l)));

    // documents and settings reach the daemon, which keeps answering
    for (const listener of fake.registered.listeners.change) {
      listener({ document: fake.document('file:///tmp/train.json', 'json', '{"params": 1.3e10}', 2) });
    }
    for (const listener of fake.registered.listeners.configuration) listener({ affectsConfiguration: (s) => s === 'scalewise' });
    const best = await api.connection.request('scaling/optimal', { flops: 1e24 });
    assert.equal(best.flops, 1e24);

    // hover and inlay hints: asked for only when the server advertises them
    const doc = fake.document('file:///tmp/train.json', 'json', '{"params": 1.3e10}', 2);
    const hover = await fake.registered.hover[0].provider.provideHover(doc, new fake.vscode.Position(0, 3));
    const hints = await fake.registered.inlay[0].provider.provideInlayHints(doc, new fake.vscode.Range(new fake.vscode.Position(0, 0), new fake.vscode.Position(1, 0)));
    const caps = api.capabilities;
    if (caps.hoverProvider || (caps.methods || []).includes('textDocument/hover')) {
      assert.ok(hover && hover.contents.value.length > 0, 'hover advertised but empty');
    } else {
      assert.equal(hover, undefined);
      console.log('# SKIP hover content: server does not advertise hoverProvider');
    }
    assert.ok(Array.isArray(hints));

    // Scalewise: Restart gives a new working daemon
    const oldPid = api.connection.proc.pid;
    await fake.registered.commands.get('scalewise.restart')();
    assert.notEqual(api.connection.proc.pid, oldPid);
    assert.ok((await api.connection.request('scaling/laws')).laws.length > 0);
  } finally {
    await extension.deactivate();
  }
  assert.equal(api.connection.proc.exitCode, 0);
});

test('package.json exposes every setting the server reads, under the name it reads', () => {
  const fs = require('fs');
  const path = require('path');
  const root = path.join(__dirname, '..', '..', '..');
  // The server's EditorSettings.parse reads each key with f.optional…("key"); find it wherever it lives.
  const swift = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p); else if (p.endsWith('.swift')) swift.push(fs.readFileSync(p, 'utf8'));
    }
  };
  walk(path.join(root, 'Sources'));
  const source = swift.find((text) => /struct EditorSettings\b/.test(text));
  assert.ok(source, 'EditorSettings not found in Sources/');
  const body = source.slice(source.indexOf('struct EditorSettings'));
  const parse = body.slice(body.indexOf('static func parse'), body.indexOf('return s'));
  const read = [...parse.matchAll(/optional\w*\("(\w+)"/g)].map((m) => m[1]).sort();
  assert.ok(read.length >= 6, `keys read: ${read}`);
  const { SERVER_SETTINGS, forwardedSettings } = require('../extension');
  assert.deepStrictEqual([...SERVER_SETTINGS].sort(), read);
  const exposed = Object.keys(require('../package.json').contributes.configuration.properties);
  for (const key of read) assert.ok(exposed.includes(`scalewise.${key}`), `scalewise.${key} not in package.json`);
  // Forwarded under the server's names; the earlier usdPerGpuHour still reaches pricePerHour.
  const settings = { gpus: 64, peakFlops: 989e12, usdPerGpuHour: 2.5, law: '' };
  assert.deepStrictEqual(forwardedSettings((k) => settings[k]), { gpus: 64, peakFlops: 989e12, pricePerHour: 2.5 });
  assert.deepStrictEqual(forwardedSettings((k) => ({ pricePerHour: 3, usdPerGpuHour: 2.5 })[k]), { pricePerHour: 3 });
});
