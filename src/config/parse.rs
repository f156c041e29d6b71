//! Reading `concordat.toml`: the TOML parsed with a span on every key and
//! value, then walked key by key, so that an unknown key or a bad value is
//! reported where it is written, every one of them in one run.

use std::ops::Range;

use globset::{GlobBuilder, GlobSetBuilder};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::{Config, Rule};
use crate::diagnostics::render::Format;
use crate::diagnostics::{did_you_mean, one_of, Code, Diagnostic, Diagnostics, Severity};
use crate::source::{SourceFile, Span};

/// The keys at the top of the file.
const TOP_KEYS: &[&str] = &[
    "deny_warnings",
    "format",
    "excluded_treatments",
    "rules",
    "check",
    "assess",
];

/// The keys of `[check]` and `[assess]`.
const COMMAND_KEYS: &[&str] = &["format"];

/// The keys of each `[[rules]]`.
const RULE_KEYS: &[&str] = &["paths", "allow", "deny"];

/// The formats, by the names `--format` takes.
const FORMATS: &[(&str, Format)] = &Format::NAMED;

/// The configuration in `file`; every problem in it is reported into
/// `diagnostics` (the keys and values that are right still count).
pub fn parse(file: &SourceFile, diagnostics: &mut Diagnostics) -> Config {
    let mut config = Config::default();
    let table = match DeTable::parse(&file.text) {
        Ok(table) => table,
        Err(error) => {
            let span = error
                .span()
                .map_or_else(|| file.start_span(), |range| span_of(file, range));
            diagnostics.push(
                Diagnostic::new(
                    Code::ConfigSyntax,
                    span,
                    format!(
                        "concordat.toml is not valid TOML: {}",
                        error.message().trim_end()
                    ),
                )
                .label("here")
                .help("see \"Project configuration\" in the README for a full example"),
            );
            return config;
        }
    };
    let reader = Reader { file, diagnostics };
    reader.top(table.get_ref(), &mut config);
    config
}

/// A walk over the parsed file, reporting into the sink.
struct Reader<'a> {
    file: &'a SourceFile,
    diagnostics: &'a mut Diagnostics,
}

type Value<'i> = Spanned<DeValue<'i>>;

impl Reader<'_> {
    fn top(mut self, table: &DeTable<'_>, config: &mut Config) {
        for (key, value) in table.iter() {
            match key.get_ref().as_ref() {
                "deny_warnings" => {
                    if let Some(yes) = self.boolean("deny_warnings", value) {
                        config.deny_warnings = yes;
                    }
                }
                "format" => config.format = self.format("format", value),
                "excluded_treatments" => {
                    config.excluded_treatments = self
                        .strings("excluded_treatments", value, "words")
                        .into_iter()
                        .filter_map(|(word, span)| {
                            let word = word.trim().to_lowercase();
                            if word.is_empty() {
                                self.bad(
                                    span,
                                    "an excluded treatment cannot be empty",
                                    "write a word of the function's name, such as `lithotripsy`",
                                );
                                None
                            } else {
                                Some(word)
                            }
                        })
                        .collect();
                }
                "check" => config.check_format = self.command("check", value),
                "assess" => config.assess_format = self.command("assess", value),
                "rules" => self.rules(value, config),
                other => self.unknown(key, other, TOP_KEYS, "at the top of concordat.toml"),
            }
        }
    }

    /// `[check]` or `[assess]`: its format.
    fn command(&mut self, name: &str, value: &Value<'_>) -> Option<Format> {
        let table = self.table(name, value)?;
        let mut format = None;
        for (key, value) in table.iter() {
            match key.get_ref().as_ref() {
                "format" => format = self.format(&format!("{name}.format"), value),
                other => self.unknown(key, other, COMMAND_KEYS, &format!("in `[{name}]`")),
            }
        }
        format
    }

    /// Every `[[rules]]`.
    fn rules(&mut self, value: &Value<'_>, config: &mut Config) {
        let Some(items) = value.get_ref().as_array() else {
            let span = self.span(value);
            self.bad(
                span,
                "`rules` must be a list of tables",
                "write each rule as a `[[rules]]` table",
            );
            return;
        };
        for item in items.iter() {
            if let Some(table) = self.table("rules", item) {
                if let Some(rule) = self.rule(table, item) {
                    config.rules.push(rule);
                }
            }
        }
    }

    /// One `[[rules]]`.
    fn rule(&mut self, table: &DeTable<'_>, whole: &Value<'_>) -> Option<Rule> {
        let mut patterns = GlobSetBuilder::new();
        let mut written = Vec::new();
        let mut allow = Vec::new();
        let mut deny = Vec::new();
        let mut ok = true;
        for (key, value) in table.iter() {
            match key.get_ref().as_ref() {
                "paths" => {
                    let paths = self.strings("paths", value, "path patterns");
                    if paths.is_empty() && value.get_ref().as_array().is_some() {
                        let span = self.span(value);
                        self.bad(
                            span,
                            "`paths` is empty, so the rule applies to no file",
                            "name the files with patterns such as `agreements/legacy/**`, or leave `paths` out to apply the rule to every file",
                        );
                        ok = false;
                    }
                    for (pattern, span) in paths {
                        match GlobBuilder::new(&pattern).literal_separator(true).build() {
                            Ok(glob) => {
                                patterns.add(glob);
                                written.push(pattern);
                            }
                            Err(error) => {
                                self.bad(
                                    span,
                                    format!("`{pattern}` is not a path pattern: {}", error.kind()),
                                    "write a pattern relative to the folder of concordat.toml: `*` within a folder, `**` across folders, such as `agreements/legacy/**`",
                                );
                                ok = false;
                            }
                        }
                    }
                }
                "allow" => allow = self.codes("allow", value, true),
                "deny" => deny = self.codes("deny", value, false),
                other => self.unknown(key, other, RULE_KEYS, "in `[[rules]]`"),
            }
        }
        if written.is_empty() && ok {
            patterns.add(GlobBuilder::new("**").build().ok()?);
            written.push("**".to_owned());
        }
        match patterns.build() {
            Ok(patterns) if ok => Some(Rule {
                patterns,
                written,
                allow,
                deny,
            }),
            Ok(_) => None,
            Err(error) => {
                let span = self.span(whole);
                self.bad(
                    span,
                    format!("the path patterns cannot be used: {error}"),
                    "simplify the patterns",
                );
                None
            }
        }
    }

    /// A list of codes; when `allowing`, only warnings.
    fn codes(&mut self, key: &str, value: &Value<'_>, allowing: bool) -> Vec<Code> {
        let mut codes = Vec::new();
        for (text, span) in self.strings(key, value, "codes") {
            let Some(code) = Code::parse(&text) else {
                let suggestion = did_you_mean(
                    &text.to_uppercase(),
                    Code::ALL.iter().map(|code| code.as_str()),
                );
                let help = match suggestion {
                    Some(code) => {
                        format!("did you mean `{code}`? (`concordat explain` lists every code)")
                    }
                    None => "`concordat explain` lists every code".to_owned(),
                };
                self.bad(span, format!("`{text}` is not a concordat code"), help);
                continue;
            };
            if allowing && code.severity() == Severity::Error {
                self.bad(
                    span,
                    format!("`{code}` is an error, and only warnings can be allowed"),
                    "an error is a problem with the agreement itself: fix it rather than silence it",
                );
                continue;
            }
            codes.push(code);
        }
        codes
    }

    /// A format's name.
    fn format(&mut self, key: &str, value: &Value<'_>) -> Option<Format> {
        let names: Vec<&str> = FORMATS.iter().map(|(name, _)| *name).collect();
        let Some(text) = value.get_ref().as_str() else {
            let span = self.span(value);
            self.bad(
                span,
                format!("`{key}` must be the name of a format, in quotes"),
                format!("write one of {}", one_of(&names)),
            );
            return None;
        };
        if let Some((_, format)) = FORMATS.iter().find(|(name, _)| *name == text) {
            return Some(*format);
        }
        let help = match did_you_mean(text, names.iter().copied()) {
            Some(name) => format!("did you mean `{name}`?"),
            None => format!("write one of {}", one_of(&names)),
        };
        let span = self.span(value);
        self.bad(span, format!("`{text}` is not a format"), help);
        None
    }

    /// `true` or `false`.
    fn boolean(&mut self, key: &str, value: &Value<'_>) -> Option<bool> {
        let yes = value.get_ref().as_bool();
        if yes.is_none() {
            let span = self.span(value);
            self.bad(
                span,
                format!("`{key}` must be `true` or `false`"),
                format!("write `{key} = true` or `{key} = false`, without quotes"),
            );
        }
        yes
    }

    /// A table, or a bad value.
    fn table<'v, 'i>(&mut self, key: &str, value: &'v Value<'i>) -> Option<&'v DeTable<'i>> {
        let table = value.get_ref().as_table();
        if table.is_none() {
            let span = self.span(value);
            self.bad(
                span,
                format!("`{key}` must be a table"),
                format!("write it as `[{key}]` followed by its keys"),
            );
        }
        table
    }

    /// A list of texts, with where each is; a bad value (reported) gives
    /// none.
    fn strings(&mut self, key: &str, value: &Value<'_>, what: &str) -> Vec<(String, Span)> {
        let Some(items) = value.get_ref().as_array() else {
            let span = self.span(value);
            self.bad(
                span,
                format!("`{key}` must be a list of {what}"),
                format!("write the {what} in quotes, between brackets: `{key} = [\"...\"]`"),
            );
            return Vec::new();
        };
        let mut texts = Vec::new();
        for item in items.iter() {
            let span = self.span(item);
            match item.get_ref().as_str() {
                Some(text) => texts.push((text.to_owned(), span)),
                None => self.bad(
                    span,
                    format!("each of `{key}` must be a text in quotes"),
                    format!("write the {what} in quotes, between brackets: `{key} = [\"...\"]`"),
                ),
            }
        }
        texts
    }

    fn unknown(
        &mut self,
        key: &Spanned<std::borrow::Cow<'_, str>>,
        name: &str,
        known: &[&str],
        place: &str,
    ) {
        let help = match did_you_mean(name, known.iter().copied()) {
            Some(close) => format!("did you mean `{close}`?"),
            None => format!("the keys {place} are {}", one_of(known)),
        };
        let span = span_of(self.file, key.span());
        self.diagnostics.push(
            Diagnostic::new(
                Code::UnknownConfigKey,
                span,
                format!("`{name}` is not a key concordat knows {place}"),
            )
            .label("unknown key")
            .help(help),
        );
    }

    fn bad(&mut self, span: Span, message: impl Into<String>, help: impl Into<String>) {
        self.diagnostics.push(
            Diagnostic::new(Code::BadConfigValue, span, message)
                .label("not valid here")
                .help(help),
        );
    }

    fn span(&self, value: &Value<'_>) -> Span {
        span_of(self.file, value.span())
    }
}

/// A byte range of the file as a span, kept inside the text.
fn span_of(file: &SourceFile, range: Range<usize>) -> Span {
    let end = range.end.min(file.text.len());
    let start = range.start.min(end);
    Span::new(file.id, start, end)
}
