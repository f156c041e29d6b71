//! Diagnostics: the one type every phase reports problems with.
//!
//! A [`Diagnostic`] has a [`Code`] from the registry in [`codes`], a message,
//! a primary [`Label`] on the exact span, secondary labels for related places
//! ("first declared here") and a help line. Phases never stop at the first
//! problem: they push into a [`Diagnostics`] sink and carry on.
//!
//! Message style: lowercase, no final full stop, names from the agreement in
//! backticks, the words of the field (partner, pool, contribution), never the
//! names of Rust types or grammar rules; detail goes in the help line.

pub mod ci;
pub mod codes;
mod excerpt;
pub use excerpt::CONTEXT_LINES;
pub mod github;
pub mod locate;
pub mod render;

use std::path::PathBuf;

pub use codes::{Code, Severity};

use crate::source::Span;

/// A span with a short text that says what is there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What, in a few words (may be empty).
    pub text: String,
}

/// One problem found in an agreement (or in reading one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The stable code.
    pub code: Code,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one line.
    pub message: String,
    /// Where it is wrong. `None` only for problems with no text to point at
    /// (a file that cannot be read); then `path` says which.
    pub primary: Option<Label>,
    /// Related places.
    pub secondary: Vec<Label>,
    /// What to do about it.
    pub help: Option<String>,
    /// The path concerned, for problems without a span.
    pub path: Option<PathBuf>,
    /// Definite corrections the help line describes, if it names one (an
    /// editor offers each as a quick fix; `concordat lsp`).
    pub fixes: Vec<Fix>,
}

/// A definite correction of a problem: edits that, made together, do what
/// the help line says ("did you mean `bcc`?", "correct the total to £1m").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// What the correction does, in a few words, as an editor lists it.
    pub title: String,
    /// The edits, each replacing a span of the text (an empty span inserts).
    pub edits: Vec<Edit>,
}

/// One edit of a [`Fix`]: the text that replaces `span`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// What is replaced.
    pub span: Span,
    /// The new text.
    pub text: String,
}

impl Diagnostic {
    /// A diagnostic of `code` at `span`, labelled with `label`.
    pub fn new(code: Code, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity: code.severity(),
            message: message.into(),
            primary: Some(Label {
                span,
                text: String::new(),
            }),
            secondary: Vec::new(),
            help: None,
            path: None,
            fixes: Vec::new(),
        }
    }

    /// A diagnostic about a path with no text to point at.
    pub fn about_path(
        code: Code,
        path: impl Into<PathBuf>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            code,
            severity: code.severity(),
            message: message.into(),
            primary: None,
            secondary: Vec::new(),
            help: None,
            path: Some(path.into()),
            fixes: Vec::new(),
        }
    }

    /// Sets the primary label's text.
    pub fn label(mut self, text: impl Into<String>) -> Diagnostic {
        if let Some(primary) = &mut self.primary {
            primary.text = text.into();
        }
        self
    }

    /// Adds a secondary label.
    pub fn with_secondary(mut self, span: Span, text: impl Into<String>) -> Diagnostic {
        self.secondary.push(Label {
            span,
            text: text.into(),
        });
        self
    }

    /// Sets the help line.
    pub fn help(mut self, text: impl Into<String>) -> Diagnostic {
        self.help = Some(text.into());
        self
    }

    /// Sets the help line if there is one.
    pub fn maybe_help(mut self, text: Option<String>) -> Diagnostic {
        if text.is_some() {
            self.help = text;
        }
        self
    }

    /// Adds a definite correction: `text` in place of `span`.
    pub fn fix(
        mut self,
        title: impl Into<String>,
        span: Span,
        text: impl Into<String>,
    ) -> Diagnostic {
        self.fixes.push(Fix {
            title: title.into(),
            edits: vec![Edit {
                span,
                text: text.into(),
            }],
        });
        self
    }

    /// Adds a definite correction if there is one: (title, span, text).
    pub fn maybe_fix(self, fix: Option<(String, Span, String)>) -> Diagnostic {
        match fix {
            Some((title, span, text)) => self.fix(title, span, text),
            None => self,
        }
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The key diagnostics are sorted by: file, position, code, message.
    fn sort_key(&self) -> (u32, u32, u32, Code, &str) {
        match &self.primary {
            Some(label) => (
                label.span.file.0,
                label.span.start,
                label.span.end,
                self.code,
                &self.message,
            ),
            None => (0, 0, 0, self.code, &self.message),
        }
    }
}

/// A sink that collects diagnostics.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty sink.
    pub fn new() -> Diagnostics {
        Diagnostics::default()
    }

    /// Adds one.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Adds all of another sink's.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Keeps, of the diagnostics reported from the `start`-th on, those
    /// `keep` accepts (the earlier ones all stay).
    pub fn retain_from(&mut self, start: usize, mut keep: impl FnMut(&Diagnostic) -> bool) {
        let mut index = 0;
        self.items.retain(|d| {
            index += 1;
            index <= start || keep(d)
        });
    }

    /// Whether any error (not warning) was reported.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// Whether nothing was reported.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// How many were reported.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// The diagnostics in a deterministic order (file, position, code,
    /// message), without exact repeats.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            a.sort_key()
                .cmp(&b.sort_key())
                .then_with(|| a.path.cmp(&b.path))
        });
        self.items.dedup();
        self.items
    }

    /// The diagnostics in the order they were reported.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

/// "3 files checked: 2 errors, 1 warning" and its kin.
pub fn summary_line(files: usize, diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("1 {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    let checked = format!("{} checked", plural(files, "file"));
    match (errors, warnings) {
        (0, 0) => format!("{checked}: no problems found"),
        (e, 0) => format!("{checked}: {}", plural(e, "error")),
        (0, w) => format!("{checked}: {}", plural(w, "warning")),
        (e, w) => format!(
            "{checked}: {}, {}",
            plural(e, "error"),
            plural(w, "warning")
        ),
    }
}

/// The longest name, in characters, that "did you mean" compares by edit
/// distance: the work of one comparison grows with the product of the two
/// lengths, and a slip in a longer name is not a typing slip.
pub const SUGGEST_MAX_CHARS: usize = 64;

/// The most candidates "did you mean" looks at for one name (the first ones
/// given: callers list the likeliest first), so that many unknown names among
/// many declared ones cost work in proportion to the file, not its square.
pub const SUGGEST_MAX_CANDIDATES: usize = 500;

/// The most work one "did you mean" does, in cells of the edit-distance
/// table (a comparison of names of 9 and 12 characters fills 130): enough
/// for every candidate of an agreement, bounded for a file of thousands of
/// unknown names.
pub const SUGGEST_MAX_CELLS: usize = 20_000;

/// "did you mean" for `name` among `candidates`: the closest by edit
/// distance, if it is close enough to be a plausible slip. Names longer than
/// [`SUGGEST_MAX_CHARS`] get no suggestion, at most
/// [`SUGGEST_MAX_CANDIDATES`] candidates are looked at, and comparisons
/// stop when [`SUGGEST_MAX_CELLS`] are used up.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    // A character is at most four bytes: a name this long in bytes is too
    // long in characters, and is passed over without counting them.
    if name.len() > SUGGEST_MAX_CHARS * 4 {
        return None;
    }
    let chars = name.chars().count();
    if chars > SUGGEST_MAX_CHARS {
        return None;
    }
    let limit = (chars / 3).max(1);
    let mut best: Option<(usize, &'a str)> = None;
    let mut cells = SUGGEST_MAX_CELLS;
    for candidate in candidates.into_iter().take(SUGGEST_MAX_CANDIDATES) {
        if candidate.len() > SUGGEST_MAX_CHARS * 4 {
            continue;
        }
        let candidate_chars = candidate.chars().count();
        if candidate_chars > SUGGEST_MAX_CHARS {
            continue;
        }
        let prefix = candidate.starts_with(name) && name.len() >= 3
            || name.starts_with(candidate) && candidate.len() >= 3;
        // The edit distance is at least the difference in length (and, for
        // a prefix, exactly that): far apart in length and not a prefix, the
        // candidate cannot be close, and is not compared.
        if !prefix && chars.abs_diff(candidate_chars) > limit {
            continue;
        }
        let distance = if prefix {
            chars.abs_diff(candidate_chars)
        } else {
            let cost = (chars + 1) * (candidate_chars + 1);
            let Some(left) = cells.checked_sub(cost) else {
                break;
            };
            cells = left;
            strsim::damerau_levenshtein(name, candidate)
        };
        let close = distance <= limit || prefix;
        if close && best.is_none_or(|(d, c)| (distance, candidate) < (d, c)) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// Writes `items` as "`a`, `b` or `c`".
pub fn one_of(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|item| format!("`{item}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_are_close_names_only() {
        let names = ["joint_board", "bcc", "behn"];
        assert_eq!(did_you_mean("joint_bord", names), Some("joint_board"));
        assert_eq!(did_you_mean("bc", names), Some("bcc"));
        assert_eq!(did_you_mean("lancashire", names), None);
    }

    #[test]
    fn suggestions_are_bounded() {
        let long = "a".repeat(SUGGEST_MAX_CHARS + 1);
        let near = format!("{long}b");
        assert_eq!(did_you_mean(&long, [near.as_str()]), None);
        assert_eq!(did_you_mean(&near, [long.as_str()]), None);
        let mut names: Vec<String> = (0..SUGGEST_MAX_CANDIDATES)
            .map(|i| format!("p{i:04}"))
            .collect();
        names.push("joint_board".to_owned());
        assert_eq!(
            did_you_mean("joint_bord", names.iter().map(String::as_str)),
            None
        );
        names.rotate_right(1);
        assert_eq!(
            did_you_mean("joint_bord", names.iter().map(String::as_str)),
            Some("joint_board")
        );
    }

    #[test]
    fn lists_read_as_english() {
        assert_eq!(one_of(&["a"]), "`a`");
        assert_eq!(one_of(&["a", "b", "c"]), "`a`, `b` or `c`");
    }
}
