//! The language server driven through the protocol, in process: a folder
//! with a register and two agreements that import it, and a file with
//! problems written with `£` and curly quotes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests and benchmarks fail loudly by design"
)]

use std::path::Path;
use std::thread::JoinHandle;

use concordat::{check_paths, CheckOptions};
use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use serde_json::{json, Value};

/// A file with problems: a word mistyped after `£` and curly quotes on its
/// line, a total that does not add up, a year of contributions missing.
const TROUBLED: &str = "// E0301 is explained on hover.
agreement trouble “Troubled — £ and quotes” {
  import \"registers/lancashire.s75\"
  term 2017/18 to 2019/20
  governed by board
  partner trust “The £ trust” cgg

  body board “The board” {
    seats lcc 2, gp 1
  }

  pool care “Care — £” {
    host lcc
    manager “Director” of lcc
    contributions 2017/18 { lcc £2m, gp £1m }
    contributions 2018/19 { lcc £2m, gp £1m }
    total £5m in 2017/18
    functions reablement, health
  }
  function health “Community health” nhs community_health
}
";

/// The folder of the tests: the shared-register project, and the file with
/// problems.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = Path::new("tests/fixtures/projects/shared_register");
    std::fs::create_dir_all(dir.path().join("registers")).unwrap();
    for name in ["bcf.s75", "public_health.s75", "registers/lancashire.s75"] {
        std::fs::copy(from.join(name), dir.path().join(name)).unwrap();
    }
    std::fs::write(dir.path().join("trouble.s75"), TROUBLED).unwrap();
    dir
}

/// An editor at the other end of the connection.
struct Client {
    connection: Connection,
    server: Option<JoinHandle<Result<(), String>>>,
    next: i32,
    /// Notifications received, in order.
    notifications: Vec<Notification>,
    root: String,
}

impl Client {
    fn start(root: &Path) -> Client {
        let (server, client) = Connection::memory();
        let handle = std::thread::spawn(move || concordat::lsp::serve(&server));
        Client {
            connection: client,
            server: Some(handle),
            next: 1,
            notifications: Vec::new(),
            root: root.canonicalize().unwrap().to_string_lossy().into_owned(),
        }
    }

    /// Started and initialized on `root`, its first diagnostics taken.
    fn ready(root: &Path) -> Client {
        let mut client = Client::start(root);
        let uri = client.uri("");
        let reply = client.request("initialize", json!({ "capabilities": {}, "rootUri": uri }));
        assert!(reply.response_result.is_ok(), "{reply:?}");
        client.notify("initialized", json!({}));
        client
    }

    fn uri(&self, name: &str) -> String {
        let path = if name.is_empty() {
            self.root.clone()
        } else {
            format!("{}/{name}", self.root)
        };
        format!("file://{path}")
    }

    fn request(&mut self, method: &str, params: Value) -> Response {
        let id = RequestId::from(self.next);
        self.next += 1;
        self.connection
            .sender
            .send(Message::Request(Request::new(
                id.clone(),
                method.to_owned(),
                params,
            )))
            .unwrap();
        loop {
            match self.connection.receiver.recv().unwrap() {
                Message::Response(response) if response.id == id => return response,
                Message::Notification(n) => self.notifications.push(n),
                other => panic!("unexpected {other:?}"),
            }
        }
    }

    /// The result of a request, with the folder's path made `[DIR]`.
    fn ask(&mut self, method: &str, params: Value) -> String {
        let response = self.request(method, params);
        let value = match response.response_result {
            Ok(result) => result,
            Err(error) => panic!("{method} failed: {error:?}"),
        };
        self.shown(&value)
    }

    fn shown(&self, value: &Value) -> String {
        serde_json::to_string_pretty(value)
            .unwrap()
            .replace(&format!("file://{}", self.root), "file://[DIR]")
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.connection
            .sender
            .send(Message::Notification(Notification::new(
                method.to_owned(),
                params,
            )))
            .unwrap();
    }

    /// The diagnostics published since last asked (waiting for them with a
    /// request that does nothing), by file name, the latest of each.
    fn diagnostics(&mut self) -> Vec<(String, Value)> {
        self.request("concordat/nothing", Value::Null);
        let mut latest: std::collections::BTreeMap<String, Value> = Default::default();
        for n in self.notifications.drain(..) {
            assert_eq!(n.method, "textDocument/publishDiagnostics");
            let uri = n.params["uri"].as_str().unwrap().to_owned();
            let name = uri
                .rsplit_once(&self.root)
                .unwrap()
                .1
                .trim_start_matches('/')
                .to_owned();
            latest.insert(name, n.params["diagnostics"].clone());
        }
        latest.into_iter().collect()
    }

    fn open(&mut self, name: &str, text: &str) {
        let uri = self.uri(name);
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "s75", "version": 1, "text": text } }),
        );
    }

    fn at(&self, name: &str, line: u32, character: u32) -> Value {
        json!({ "textDocument": { "uri": self.uri(name) }, "position": { "line": line, "character": character } })
    }

    fn stop(mut self) -> Result<(), String> {
        let reply = self.request("shutdown", Value::Null);
        assert!(reply.response_result.is_ok());
        self.notify("exit", Value::Null);
        self.server.take().unwrap().join().unwrap()
    }
}

/// The line and character of the first `needle` in `text` (in UTF-16
/// units, as the protocol counts).
fn find(text: &str, needle: &str) -> (u32, u32) {
    let at = text.find(needle).unwrap();
    let before = &text[..at];
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |n| n + 1);
    let character: usize = before[start..].chars().map(char::len_utf16).sum();
    (line as u32, character as u32)
}

#[test]
fn the_folder_is_checked_as_check_checks_it() {
    let dir = folder();
    let mut client = Client::ready(dir.path());
    let published = client.diagnostics();
    // The files with problems: the one written with them, and the register
    // it imports (a partner of it has no seat on its board).
    let names: Vec<&str> = published.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["registers/lancashire.s75", "trouble.s75"]);
    // The same codes, places and help as `concordat check`.
    let report = check_paths(&[dir.path().to_path_buf()], CheckOptions::default());
    for (name, diagnostics) in &published {
        let source = report
            .files
            .iter()
            .find(|f| f.path.ends_with(name))
            .unwrap();
        let expected: Vec<(String, u32, u32, String)> = report
            .diagnostics
            .iter()
            .filter(|d| d.primary.as_ref().unwrap().span.file == source.id)
            .map(|d| {
                let span = d.primary.as_ref().unwrap().span;
                let at = source.line_col(span.start as usize);
                let before =
                    &source.text[source.line_range(at.line - 1).start..span.start as usize];
                let character: usize = before.chars().map(char::len_utf16).sum();
                (
                    d.code.as_str().to_owned(),
                    at.line as u32 - 1,
                    character as u32,
                    d.help.clone().unwrap_or_default(),
                )
            })
            .collect();
        let got: Vec<(String, u32, u32, String)> = diagnostics
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                let message = d["message"].as_str().unwrap();
                let help = message
                    .split_once("\nhelp: ")
                    .map_or("", |(_, h)| h)
                    .to_owned();
                (
                    d["code"].as_str().unwrap().to_owned(),
                    d["range"]["start"]["line"].as_u64().unwrap() as u32,
                    d["range"]["start"]["character"].as_u64().unwrap() as u32,
                    help,
                )
            })
            .collect();
        assert_eq!(got, expected, "{name}");
    }
    assert_eq!(
        report.diagnostics.len(),
        published
            .iter()
            .map(|(_, d)| d.as_array().unwrap().len())
            .sum::<usize>()
    );
    insta::assert_snapshot!("diagnostics", client.shown(&published[1].1));
    insta::assert_snapshot!("diagnostics_register", client.shown(&published[0].1));
    client.stop().unwrap();
}

#[test]
fn positions_count_utf16_units_past_pound_signs_and_curly_quotes() {
    let dir = folder();
    let mut client = Client::ready(dir.path());
    let published = client.diagnostics();
    // `cgg` on `partner trust “The £ trust” cgg`: the curly quotes and the
    // pound sign are one unit each, as in UTF-16 (35 bytes in).
    let unknown = published[1]
        .1
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "E0016")
        .unwrap()
        .clone();
    let (line, character) = find(TROUBLED, "cgg");
    assert_eq!(
        unknown["range"]["start"],
        json!({ "line": line, "character": character })
    );
    assert_eq!(character, 30);
    // A change after `£` on a line: `£5m` made `£6m` by its position.
    client.open("trouble.s75", TROUBLED);
    let (line, character) = find(TROUBLED, "£5m");
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": client.uri("trouble.s75"), "version": 2 },
            "contentChanges": [{ "range": { "start": { "line": line, "character": character + 1 }, "end": { "line": line, "character": character + 2 } }, "text": "6" }]
        }),
    );
    let after = client.diagnostics();
    let mismatch = after[1]
        .1
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "E0303")
        .unwrap()
        .clone();
    assert!(
        mismatch["message"]
            .as_str()
            .unwrap()
            .contains("declared as £6,000,000"),
        "{mismatch}"
    );
    client.stop().unwrap();
}

#[test]
fn diagnostics_follow_each_change() {
    let dir = folder();
    let mut client = Client::ready(dir.path());
    client.diagnostics();
    client.open("trouble.s75", TROUBLED);
    let opened = client.diagnostics();
    assert_eq!(opened.len(), 2);
    // The whole text replaced by one without problems.
    let clean = std::fs::read_to_string(dir.path().join("bcf.s75")).unwrap();
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": client.uri("trouble.s75"), "version": 2 }, "contentChanges": [{ "text": clean.replace("bcf", "trouble") }] }),
    );
    let after = client.diagnostics();
    assert_eq!(
        after,
        [
            ("registers/lancashire.s75".to_owned(), json!([])),
            ("trouble.s75".to_owned(), json!([]))
        ]
    );
    // The register changed: the files importing it are checked again.
    let register = std::fs::read_to_string(dir.path().join("registers/lancashire.s75")).unwrap();
    client.open(
        "registers/lancashire.s75",
        &register.replace("partner gp ", "partner gpx"),
    );
    let names: Vec<(String, usize)> = client
        .diagnostics()
        .into_iter()
        .map(|(n, d)| (n, d.as_array().unwrap().len()))
        .collect();
    insta::assert_debug_snapshot!("register_changed", names);
    client.stop().unwrap();
}

#[test]
fn hover_says_what_a_name_is_explains_codes_and_totals_pools() {
    let dir = folder();
    let mut client = Client::ready(dir.path());
    let (line, character) = find(TROUBLED, "lcc 2");
    let partner = client.ask(
        "textDocument/hover",
        client.at("trouble.s75", line, character),
    );
    insta::assert_snapshot!("hover_partner", partner);
    let code = client.ask("textDocument/hover", client.at("trouble.s75", 0, 5));
    insta::assert_snapshot!("hover_code", code);
    let (line, character) = find(TROUBLED, "£2m");
    let money = client.ask(
        "textDocument/hover",
        client.at("trouble.s75", line, character + 1),
    );
    insta::assert_snapshot!("hover_money", money);
    // Nothing to say on a keyword.
    let keyword = client.ask("textDocument/hover", client.at("trouble.s75", 4, 3));
    assert_eq!(keyword, "null");
    client.stop().unwrap();
}

#[test]
fn definition_references_and_rename_cross_files() {
    let dir = folder();
    let mut client = Client::ready(dir.path());
    let bcf = std::fs::read_to_string(dir.path().join("bcf.s75")).unwrap();
    let (line, character) = find(&bcf, "lcc\n");
    let definition = client.ask(
        "textDocument/definition",
        client.at("bcf.s75", line, character),
    );
    insta::assert_snapshot!("definition", definition);
    let mut params = client.at("bcf.s75", line, character);
    params["context"] = json!({ "includeDeclaration": true });
    let references = client.ask("textDocument/references", params);
    insta::assert_snapshot!("references", references);
    let mut params = client.at("bcf.s75", line, character);
    params["newName"] = json!("lancs");
    let rename = client.ask("textDocument/rename", params.clone());
    insta::assert_snapshot!("rename", rename);
    // Not a name.
    params["newName"] = json!("2x");
    assert!(client
        .request("textDocument/rename", params)
        .response_result
        .is_err());
    client.stop().unwrap();
}

#[test]
fn formatting_outline_and_quick_fixes() {
    let dir = folder();
    let mut client = Client::ready(dir.path());
    client.open(
        "trouble.s75",
        &TROUBLED.replace("  host lcc", "      host    lcc"),
    );
    client.diagnostics();
    let uri = json!({ "uri": client.uri("trouble.s75") });
    let formatting = client.ask(
        "textDocument/formatting",
        json!({ "textDocument": uri, "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    insta::assert_snapshot!("formatting", formatting);
    let outline = client.ask(
        "textDocument/documentSymbol",
        json!({ "textDocument": uri }),
    );
    insta::assert_snapshot!("outline", outline);
    let whole =
        json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 30, "character": 0 } });
    let actions = client.ask(
        "textDocument/codeAction",
        json!({ "textDocument": uri, "range": whole, "context": { "diagnostics": [] } }),
    );
    insta::assert_snapshot!("code_actions", actions);
    client.stop().unwrap();
}

#[test]
fn completion_offers_statements_names_and_years() {
    let dir = folder();
    let mut client = Client::ready(dir.path());
    let text = TROUBLED
        .replace("    host lcc\n", "    host \n    \n")
        .replace(
            "  governed by board\n",
            "  governed by board\n  term 2017/18 to \n",
        );
    client.open("trouble.s75", &text);
    client.diagnostics();
    let labels = |client: &mut Client, (line, character): (u32, u32)| -> Vec<String> {
        let reply = client.request(
            "textDocument/completion",
            client.at("trouble.s75", line, character),
        );
        reply
            .response_result
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["label"].as_str().unwrap().to_owned())
            .collect()
    };
    let (line, _) = find(&text, "    host \n");
    let hosts = labels(&mut client, (line, 9));
    assert_eq!(hosts, ["csr", "gp", "lcc", "trust"]);
    let statements = labels(&mut client, (line + 1, 4));
    insta::assert_debug_snapshot!("completion_pool_statements", statements);
    let (line, character) = find(&text, "to \n");
    let years = labels(&mut client, (line, character + 3));
    assert_eq!(years, ["2017/18", "2018/19", "2019/20"]);
    let full = client.ask(
        "textDocument/completion",
        client.at("trouble.s75", line, character + 3),
    );
    insta::assert_snapshot!("completion_years", full);
    client.stop().unwrap();
}

#[test]
fn nothing_breaks_it() {
    let dir = folder();
    let mut client = Client::start(dir.path());
    // Before initialize.
    let early = client.request("textDocument/hover", client.at("trouble.s75", 0, 0));
    assert_eq!(early.response_result.unwrap_err().code, -32002);
    let uri = client.uri("");
    client.request("initialize", json!({ "capabilities": {}, "rootUri": uri }));
    client.notify("initialized", json!({}));
    // An unknown method, parameters of the wrong shape.
    assert_eq!(
        client
            .request("textDocument/unknown", json!({}))
            .response_result
            .unwrap_err()
            .code,
        -32601
    );
    assert_eq!(
        client
            .request("textDocument/hover", json!({ "x": 1 }))
            .response_result
            .unwrap_err()
            .code,
        -32602
    );
    client.notify("textDocument/didChange", json!({ "nonsense": true }));
    // Positions past the end, files never opened or not in the folder.
    for (name, line, character) in [
        ("trouble.s75", 999, 999),
        ("trouble.s75", 1, 999),
        ("nowhere.s75", 0, 0),
    ] {
        for method in [
            "textDocument/hover",
            "textDocument/definition",
            "textDocument/completion",
            "textDocument/prepareRename",
        ] {
            let reply = client.request(method, client.at(name, line, character));
            assert!(reply.response_result.is_ok(), "{method}: {reply:?}");
        }
    }
    // An edit whose range is past the end, and one reversed.
    client.open("trouble.s75", TROUBLED);
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": client.uri("trouble.s75"), "version": 2 },
                "contentChanges": [
                    { "range": { "start": { "line": 99, "character": 0 }, "end": { "line": 100, "character": 5 } }, "text": "x" },
                    { "range": { "start": { "line": 3, "character": 9 }, "end": { "line": 2, "character": 0 } }, "text": "" }
                ] }),
    );
    client.diagnostics();
    client.stop().unwrap();
}

#[test]
fn exit_without_shutdown_is_an_error_and_ends_the_server() {
    let dir = folder();
    let mut client = Client::ready(dir.path());
    client.notify("exit", Value::Null);
    let result = client.server.take().unwrap().join().unwrap();
    assert!(result.is_err());
}
