// The VS Code client of `campaign lsp`: it starts the server over standard input and
// output and hands it the sample-data settings; every feature is the server's
// (docs/editors.md). Plain JavaScript, so that the extension needs no build step.
'use strict';

const path = require('path');
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

/**
 * The workspace settings the server reads from `initializationOptions`: the sample data
 * for the code lens, when any of it is set. Unset, the server looks for
 * `.campaign-lsp.json` in the workspace folder instead (docs/editors.md).
 */
function initializationOptions() {
  const config = vscode.workspace.getConfiguration('campaign');
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  // Files are named relative to the workspace folder in the settings; the server gets
  // absolute paths, so that it does not depend on the directory VS Code started it in.
  const file = (value) =>
    value && folder && !path.isAbsolute(value) ? path.join(folder.uri.fsPath, value) : value;
  const given = {
    customers: file(config.get('sampleData.customers', '')),
    events: file(config.get('sampleData.events', '')),
    from: config.get('sampleData.from', ''),
    to: config.get('sampleData.to', ''),
  };
  // Only the keys set: with some missing, the server says which it needs.
  const sampleData = Object.fromEntries(Object.entries(given).filter(([, value]) => value));
  return Object.keys(sampleData).length > 0 ? { sampleData } : {};
}

function createClient() {
  const command = vscode.workspace.getConfiguration('campaign').get('path', 'campaign') || 'campaign';
  const serverOptions = { command, args: ['lsp'] };
  const clientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'campaign' },
      { scheme: 'untitled', language: 'campaign' },
    ],
    initializationOptions: initializationOptions(),
    synchronize: {
      // Files that change on disk (a branch switch, `campaign fmt -w`) re-check the
      // files that import them.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.campaign'),
    },
    outputChannelName: 'Campaign Language Server',
  };
  return new LanguageClient('campaign', 'Campaign Language Server', serverOptions, clientOptions);
}

/** Stops the running server, if any, and starts one with the current settings. */
async function restart() {
  const old = client;
  client = createClient();
  if (old) {
    // A server that failed to start or has crashed cannot be stopped; start anew anyway.
    await old.stop().catch(() => undefined);
  }
  await client.start();
}

async function activate(context) {
  await restart();
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      // A new binary needs a new server; new sample data is sent to the running one, in
      // the `{"campaign": …}` section the server reads (docs/editors.md).
      if (event.affectsConfiguration('campaign.path')) {
        return restart();
      }
      if (event.affectsConfiguration('campaign.sampleData')) {
        return client.sendNotification('workspace/didChangeConfiguration', {
          settings: { campaign: initializationOptions() },
        });
      }
    }),
    vscode.commands.registerCommand('campaign.restartServer', restart),
  );
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
