// The VS Code client of `campaign lsp`: it starts the server over standard input and
// output and hands it the sample-data settings; every feature is the server's
// (docs/editors.md). Plain JavaScript, so that the extension needs no build step.
'use strict';

const path = require('path');
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

/** The workspace settings the server reads from `initializationOptions`. */
function initializationOptions() {
  const config = vscode.workspace.getConfiguration('campaign');
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  // Files are named relative to the workspace folder in the settings; the server gets
  // absolute paths, so that it does not depend on the directory VS Code started it in.
  const file = (value) =>
    value && folder && !path.isAbsolute(value) ? path.join(folder.uri.fsPath, value) : value;
  return {
    sampleData: {
      customers: file(config.get('sampleData.customers', '')),
      events: file(config.get('sampleData.events', '')),
      from: config.get('sampleData.from', ''),
      to: config.get('sampleData.to', ''),
    },
  };
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
      // The binary and the sample data are read when the server starts: restart it.
      if (event.affectsConfiguration('campaign.path') || event.affectsConfiguration('campaign.sampleData')) {
        return restart();
      }
    }),
    vscode.commands.registerCommand('campaign.restartServer', restart),
  );
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
