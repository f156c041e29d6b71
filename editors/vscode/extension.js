// Starts `concordat lsp` for `.s75` files. The program is `concordat` on the
// PATH unless the setting `concordat.path` names another.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("concordat").get("path") || "concordat";
  const server = { command, args: ["lsp"] };
  client = new LanguageClient(
    "concordat",
    "concordat",
    { run: server, debug: server },
    {
      documentSelector: [{ scheme: "file", language: "s75" }],
      synchronize: {
        fileEvents: vscode.workspace.createFileSystemWatcher("**/*.s75"),
      },
    }
  );
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("concordat.path")) {
        vscode.window.showInformationMessage("concordat: reload the window to use the new path.");
      }
    })
  );
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
