//! The conventions of the command line that every subcommand shares: when
//! to colour, what `--quiet` leaves out, where output goes (`-o FILE`,
//! written whole or not at all), the version printed, shell completions and
//! the manual page. `main.rs` only wires these to its arguments.

use std::ffi::OsString;
use std::path::Path;
use std::sync::OnceLock;

use crate::diagnostics::{summary_line, Diagnostic};
use crate::syntax::LANGUAGE_VERSION;

/// The commit the binary was built from, when the build knew it (a build
/// from a git checkout with git installed); `None` from a source archive.
pub const COMMIT: Option<&str> = match env!("CONCORDAT_COMMIT").as_bytes() {
    [] => None,
    _ => Some(env!("CONCORDAT_COMMIT")),
};

/// What `--version` prints after the program's name: the package version,
/// the language version and, when known, the commit, e.g.
/// `0.1.0 (language 1, commit 1a2b3c4)`.
pub fn version() -> &'static str {
    static VERSION: OnceLock<String> = OnceLock::new();
    VERSION.get_or_init(|| version_of(env!("CARGO_PKG_VERSION"), COMMIT))
}

fn version_of(package: &str, commit: Option<&str>) -> String {
    match commit {
        Some(commit) => format!("{package} (language {LANGUAGE_VERSION}, commit {commit})"),
        None => format!("{package} (language {LANGUAGE_VERSION})"),
    }
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColourChoice {
    /// Colour on a terminal, unless `NO_COLOR` is set (to anything but
    /// nothing) or `TERM` is `dumb`.
    #[default]
    Auto,
    /// Always colour, whatever the environment says.
    Always,
    /// Never colour.
    Never,
}

/// Whether to colour output going to a terminal (`terminal`) or not, in an
/// environment whose variables `var` reads.
pub fn wants_colour(
    choice: ColourChoice,
    terminal: bool,
    var: impl Fn(&str) -> Option<OsString>,
) -> bool {
    match choice {
        ColourChoice::Always => true,
        ColourChoice::Never => false,
        ColourChoice::Auto => {
            let no_color = var("NO_COLOR").is_some_and(|v| !v.is_empty());
            let dumb = var("TERM").is_some_and(|v| v == "dumb");
            terminal && !no_color && !dumb
        }
    }
}

/// A report of diagnostics as `--quiet` shows it: the summary line at its
/// end (`N files checked: ...`) left out. `text` is the report rendered for
/// `files` files with these `diagnostics` (a report in a format without
/// the summary line is returned as it is).
pub fn without_summary(text: &str, files: usize, diagnostics: &[Diagnostic]) -> String {
    let line = format!("{}\n", summary_line(files, diagnostics));
    text.strip_suffix(line.as_str()).unwrap_or(text).to_owned()
}

/// Writes `text` to `output` whole or not at all, or, without a file, to
/// standard output. `Err(Some(E0920))` when it cannot be written;
/// `Err(None)` when standard output was closed by its reader (`| head`),
/// which needs no message.
pub fn emit(text: &str, output: Option<&Path>) -> Result<(), Option<Box<Diagnostic>>> {
    match output {
        Some(path) => crate::files::write_atomically(path, text.as_bytes()).map_err(Some),
        None => {
            use std::io::Write;
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
                .map_err(|error| {
                    if error.kind() == std::io::ErrorKind::BrokenPipe {
                        return None;
                    }
                    Some(Box::new(
                        Diagnostic::about_path(
                            crate::diagnostics::Code::CannotWrite,
                            Path::new("-"),
                            format!("standard output cannot be written: {error}"),
                        )
                        .help("give a file with `-o FILE`"),
                    ))
                })
        }
    }
}

/// The completion script of `command` for `shell`.
pub fn completions(command: &mut clap::Command, shell: clap_complete::Shell) -> String {
    let mut script = Vec::new();
    let name = command.get_name().to_owned();
    clap_complete::generate(shell, command, name, &mut script);
    String::from_utf8_lossy(&script).into_owned()
}

/// The manual page of `command` (roff, for `man -l -`): the program, its
/// options and its subcommands, each subcommand's page after it.
pub fn man_page(command: clap::Command) -> String {
    let mut page = Vec::new();
    let mut command = command;
    command.build();
    // Writing to a Vec cannot fail.
    let _ = clap_mangen::Man::new(command.clone()).render(&mut page);
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let title = format!("{}-{}", command.get_name(), sub.get_name());
        let _ = clap_mangen::Man::new(sub.clone())
            .title(title)
            .render(&mut page);
    }
    String::from_utf8_lossy(&page).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<OsString> {
        move |name| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| OsString::from(v))
        }
    }

    #[test]
    fn colour_follows_the_choice_the_terminal_and_the_environment() {
        use ColourChoice::{Always, Auto, Never};
        assert!(wants_colour(Auto, true, env(&[("TERM", "xterm")])));
        assert!(!wants_colour(Auto, false, env(&[])));
        assert!(!wants_colour(Auto, true, env(&[("NO_COLOR", "1")])));
        assert!(wants_colour(Auto, true, env(&[("NO_COLOR", "")])));
        assert!(!wants_colour(Auto, true, env(&[("TERM", "dumb")])));
        assert!(wants_colour(
            Always,
            false,
            env(&[("NO_COLOR", "1"), ("TERM", "dumb")])
        ));
        assert!(!wants_colour(Never, true, env(&[])));
    }

    #[test]
    fn version_names_the_language_and_the_commit_when_known() {
        assert_eq!(version_of("0.1.0", None), "0.1.0 (language 1)");
        assert_eq!(
            version_of("0.1.0", Some("1a2b3c4")),
            "0.1.0 (language 1, commit 1a2b3c4)"
        );
        assert!(version().starts_with(env!("CARGO_PKG_VERSION")));
    }

    #[test]
    fn quiet_leaves_out_the_summary_line_only() {
        let report = crate::check_texts(&[("a.s75", "agreement x {\n")], Default::default());
        let text = report.render(Default::default());
        let quiet = without_summary(&text, report.files.len(), &report.diagnostics);
        assert!(text.ends_with("1 file checked: 1 error\n"), "{text}");
        assert_eq!(format!("{quiet}1 file checked: 1 error\n"), text);
        // A format without the line is left as it is.
        assert_eq!(without_summary("{}\n", 1, &report.diagnostics), "{}\n");
    }
}
