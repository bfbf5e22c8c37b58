// Runs extension.js against test doubles of `vscode` and `vscode-languageclient/node`
// (neither can be installed here: no npm) and checks what it asks them to do: start
// `campaign lsp` from the `campaign.path` setting, pass the sample data as
// initializationOptions (paths made absolute against the workspace folder), send new
// sample data with didChangeConfiguration, and start a new server for a new binary.
// Run by editors/vscode/check.py.
'use strict';

const assert = require('assert');
const Module = require('module');
const path = require('path');

const folder = path.resolve('/work/project');
const settings = {
  path: '/opt/campaign/bin/campaign',
  'sampleData.customers': 'data/customers.csv',
  'sampleData.events': '/abs/events.csv',
  'sampleData.from': '2026-04-01',
  'sampleData.to': '2027-01-01',
};
const clients = [];
const commands = {};
let configurationListener;

class LanguageClient {
  constructor(id, name, serverOptions, clientOptions) {
    Object.assign(this, { id, name, serverOptions, clientOptions, state: 'created' });
    clients.push(this);
  }
  async start() {
    this.state = 'running';
  }
  async stop() {
    this.state = 'stopped';
  }
  async sendNotification(method, params) {
    assert.strictEqual(this.state, 'running', `${method} sent to a client that is not running`);
    (this.notifications = this.notifications || []).push({ method, params });
  }
}

const vscode = {
  workspace: {
    workspaceFolders: [{ uri: { fsPath: folder } }],
    getConfiguration(section) {
      assert.strictEqual(section, 'campaign');
      return { get: (key, fallback) => (key in settings ? settings[key] : fallback) };
    },
    createFileSystemWatcher: (glob) => ({ glob }),
    onDidChangeConfiguration(listener) {
      configurationListener = listener;
      return { dispose() {} };
    },
  },
  commands: {
    registerCommand(name, callback) {
      commands[name] = callback;
      return { dispose() {} };
    },
  },
};

const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === 'vscode') return vscode;
  if (request === 'vscode-languageclient/node') return { LanguageClient };
  return load.call(this, request, ...rest);
};

async function main() {
  const extension = require(path.join(__dirname, '..', 'extension.js'));
  const context = { subscriptions: [] };
  await extension.activate(context);

  assert.strictEqual(clients.length, 1, 'activate starts one client');
  const [first] = clients;
  assert.strictEqual(first.id, 'campaign');
  assert.strictEqual(first.state, 'running');
  assert.deepStrictEqual(first.serverOptions, { command: '/opt/campaign/bin/campaign', args: ['lsp'] });
  assert.deepStrictEqual(first.clientOptions.initializationOptions, {
    sampleData: {
      customers: path.join(folder, 'data/customers.csv'),
      events: '/abs/events.csv',
      from: '2026-04-01',
      to: '2027-01-01',
    },
  });
  assert.deepStrictEqual(first.clientOptions.documentSelector.map((s) => s.language), ['campaign', 'campaign']);
  assert.strictEqual(first.clientOptions.synchronize.fileEvents.glob, '**/*.campaign');

  // An unrelated setting changes nothing; new sample data goes to the running server;
  // a new binary starts a new server.
  await configurationListener({ affectsConfiguration: (name) => name === 'editor.tabSize' });
  assert.strictEqual(clients.length, 1, 'an unrelated setting restarts nothing');
  assert.strictEqual(first.notifications, undefined, 'an unrelated setting sends nothing');
  settings['sampleData.to'] = '2026-06-01';
  await configurationListener({ affectsConfiguration: (name) => name === 'campaign.sampleData' });
  assert.strictEqual(clients.length, 1, 'new sample data restarts nothing');
  assert.deepStrictEqual(first.notifications, [{
    method: 'workspace/didChangeConfiguration',
    params: { settings: { campaign: { sampleData: {
      customers: path.join(folder, 'data/customers.csv'), events: '/abs/events.csv', from: '2026-04-01', to: '2026-06-01',
    } } } },
  }]);
  settings.path = '/opt/other/campaign';
  await configurationListener({ affectsConfiguration: (name) => name === 'campaign.path' });
  assert.strictEqual(clients.length, 2, 'a new binary starts a new client');
  assert.strictEqual(first.state, 'stopped');
  assert.strictEqual(clients[1].serverOptions.command, '/opt/other/campaign');
  assert.strictEqual(clients[1].clientOptions.initializationOptions.sampleData.to, '2026-06-01');

  // An empty `campaign.path` falls back to `campaign` on PATH; with no sample data set,
  // none is sent (the server then reads .campaign-lsp.json), and a partial one keeps
  // only the keys given (the server names the missing ones).
  settings.path = '';
  for (const key of ['customers', 'events', 'from', 'to']) settings[`sampleData.${key}`] = '';
  await commands['campaign.restartServer']();
  assert.strictEqual(clients.length, 3);
  assert.strictEqual(clients[1].state, 'stopped');
  assert.strictEqual(clients[2].serverOptions.command, 'campaign');
  assert.deepStrictEqual(clients[2].clientOptions.initializationOptions, {});
  settings['sampleData.from'] = '2026-04-01';
  await commands['campaign.restartServer']();
  assert.deepStrictEqual(clients[3].clientOptions.initializationOptions, { sampleData: { from: '2026-04-01' } });

  await extension.deactivate();
  assert.strictEqual(clients[3].state, 'stopped');
  assert.strictEqual(context.subscriptions.length, 2);
  console.log('extension.js: starts `campaign lsp`, passes the sample data, follows the settings');
}

main().catch((error) => {
  console.error(error.stack || String(error));
  process.exit(1);
});
