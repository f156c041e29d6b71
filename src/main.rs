//! The `concordat` command line: arguments in, library calls, output and an
//! exit code out. No checking logic lives here.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use concordat::config::{self, Settings};
use concordat::diagnostics::render::{Format, RenderOptions};
use concordat::diagnostics::Diagnostic;
use concordat::{shell, summary, CheckOptions, CheckReport, Outcome};

/// The exit codes, as the help texts show them.
macro_rules! exit_codes {
    () => {
        "Exit codes:
  0  no errors (warnings allowed unless --deny-warnings)
  1  errors found in the agreements (or warnings, with --deny-warnings)
  2  the tool could not run: bad arguments, a path that cannot be read,
     no agreement files found, a concordat.toml with a problem
  3  (assess only) --fail-on found what it was told to fail on"
    };
}

/// The exit codes of `assess`.
macro_rules! exit_codes_assess {
    () => {
        "Exit codes:
  0  assessed (partners may be flagged: see --fail-on)
  1  errors found in the agreement or in a return
  2  the tool could not run: bad arguments, a file that cannot be read,
     an --as-of period outside the term, a return of an unknown kind
  3  assessed, and --fail-on found what it was told to fail on"
    };
}

/// Checks section 75 pooled-budget agreements written in the concordat language.
#[derive(Parser)]
#[command(name = "concordat", version, about, after_help = exit_codes!())]
struct Cli {
    #[command(flatten)]
    shell: ShellArgs,
    #[command(subcommand)]
    command: Command,
}

/// The options every subcommand takes.
#[derive(clap::Args)]
struct ShellArgs {
    /// When to colour: `auto` (on a terminal, unless `NO_COLOR` is set or
    /// `TERM` is `dumb`), `always` or `never`.
    #[arg(long, value_enum, global = true, default_value_t = ColourArg::Auto)]
    color: ColourArg,
    /// Print nothing when all is well: no summary line, no warnings on
    /// success; problems that fail the run are still shown.
    #[arg(short, long, global = true)]
    quiet: bool,
    /// Write the output to this file (whole or not at all) instead of the
    /// standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE", global = true)]
    output: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Check agreement files and report every problem found.
    #[command(after_help = concat!("Examples:
  concordat check agreements/
  concordat check agreements/birmingham_ld_mh.s75
  concordat check --format json agreements/ > report.json
  concordat check --format plain agreements/     (for screen readers)
  concordat check --format sarif agreements/ > concordat.sarif
  concordat check --format github --deny-warnings agreements/

", exit_codes!()))]
    Check {
        /// Agreement files, or folders to search for `*.s75` files; `-`
        /// for standard input.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// How to report: `human` (source excerpts), `plain` (sentences, for
        /// screen readers and logs), `json` (for CI and editors), `sarif`
        /// (GitHub code scanning), `github` (workflow annotations on the
        /// lines of a pull request, and a job summary of every problem
        /// appended to the file named by `GITHUB_STEP_SUMMARY`, if set),
        /// `junit` (a test report per file) or
        /// `short` (`file:line:col: severity[code] message`, one line a
        /// problem, for editors and grep; the count goes to standard error).
        /// [default: human, or as concordat.toml says]
        #[arg(long, value_enum)]
        format: Option<OutputFormat>,
        /// Count warnings (good-practice rules) as errors: exit 1 on any.
        #[arg(long)]
        deny_warnings: bool,
        /// The project configuration to use, instead of the `concordat.toml`
        /// found in the folder of each path or above it.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
    /// Assess partners' returns against an agreement: who is behind, by how
    /// much, since when, what happens next, and how an over- or underspend
    /// is shared.
    #[command(after_help = concat!("Examples:
  concordat assess agreements/lancashire_bcf.s75 --returns agreements/returns/lancashire_bcf.csv
  concordat assess AGREEMENT.s75 --returns q1.csv q2.xlsx --as-of \"2018/19 Q2\"
  concordat assess AGREEMENT.s75 --returns returns.yaml --format json
  concordat assess AGREEMENT.s75 --returns returns.csv --fail-on underperformance
  concordat assess AGREEMENT.s75 --returns q2.xlsx --sheet \"Q2 return\"
  some-export | concordat assess AGREEMENT.s75 --returns - --returns-format csv
  concordat assess AGREEMENT.s75 --returns returns.csv --allocations allocations.csv

Returns are CSV, YAML or Excel (.xlsx) tables with the columns obligation (or
pool), partner, period, value and, optionally, note. Allocations supply the
contributions an agreement writes `as notified`: a CSV table with the columns
pool, partner, year, amount and, optionally, note.

", exit_codes_assess!()))]
    Assess {
        /// The agreement file (holding one agreement); `-` for standard input.
        agreement: PathBuf,
        /// The return files: `.csv`, `.yaml`/`.yml` or `.xlsx`; `-` for
        /// standard input.
        #[arg(long, required = true, num_args = 1.., value_name = "FILE")]
        returns: Vec<PathBuf>,
        #[command(flatten)]
        read: ReturnsArgs,
        /// Assess as of this period (`2018/19 Q2` or `2018/19`); by default
        /// the latest period in the returns.
        #[arg(long, value_name = "PERIOD", value_parser = parse_period)]
        as_of: Option<concordat::period::Period>,
        /// The day the assessment is made (`2018-11-15`): figures published
        /// and returns due after it are "not yet available"; by default the
        /// last day of the as-of period.
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        on: Option<concordat::period::Date>,
        /// `human` (a short report), `plain` (without symbols) or `json`; or,
        /// for the problems in the returns alone, `sarif`, `github`, `junit`
        /// or `short`.
        /// [default: human, or as concordat.toml says]
        #[arg(long, value_enum)]
        format: Option<OutputFormat>,
        /// The project configuration to use, instead of the `concordat.toml`
        /// found in the folder of the agreement or above it.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Exit 3 when a partner is flagged (`underperformance`) or a report
        /// is missing (`missing-returns`).
        #[arg(long, value_enum, value_name = "WHAT")]
        fail_on: Vec<FailOn>,
    },
    /// Run scenario tests: files (`*.scenario.yaml`) that name an
    /// agreement, its returns (files, or written inline) and an as-of
    /// period, with the statuses, flags, consequences, settlements and
    /// missing returns the assessment must find.
    #[command(after_help = "Examples:
  concordat test agreements/
  concordat test agreements/scenarios/lancashire_bcf.scenario.yaml
  concordat test --format json agreements/ > scenarios.json

Exit codes:
  0  every scenario passed
  1  a scenario failed: what was expected and what was found are shown,
     or its agreement or returns have errors
  2  the tool could not run: bad arguments, a scenario file that cannot be
     read or is not a valid scenario (E0950 to E0953), a file it names
     that cannot be read or lies outside the folders being tested")]
    Test {
        /// Scenario files, or folders to search for `*.scenario.yaml`.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// `human`, `plain` or `json`.
        #[arg(long, value_enum, default_value_t = TestFormat::Human)]
        format: TestFormat,
    },
    /// Write a starting agreement of a common kind, to fill in: each block
    /// says which clause of a typical agreement it stands for, and every
    /// `FILL IN` what only the partners know. It checks clean as written.
    #[command(after_help = "Examples:
  concordat new bcf --id rutland_bcf --title \"Rutland Better Care Fund\" -o rutland_bcf.s75
  concordat new lead-commissioning --from 2026/27 --years 3
  concordat new public-health > public_health.s75

Exit codes:
  0  written
  2  an option that cannot be written into an agreement (E0945 to E0947),
     or an output file that cannot be written")]
    New {
        /// The kind of agreement.
        #[arg(value_enum)]
        kind: NewKind,
        /// The agreement's name: letters, digits and `_`, starting with a
        /// letter. [default: the kind, e.g. `bcf`]
        #[arg(long, value_name = "NAME")]
        id: Option<String>,
        /// The agreement's title. [default: the kind and the term]
        #[arg(long, value_name = "TEXT")]
        title: Option<String>,
        /// The first financial year of the term, 2023/24 or later.
        /// [default: 2025/26]
        #[arg(long, value_name = "YEAR", value_parser = parse_year)]
        from: Option<concordat::period::FinancialYear>,
        /// How many financial years the term runs, 1 to 10. [default: 2]
        #[arg(long, value_name = "N")]
        years: Option<u16>,
    },
    /// Write agreement files in the canonical layout (indentation, aligned
    /// columns, blank lines), keeping every token, comment and line break
    /// that ends a statement; a file with syntax errors is left as it is.
    #[command(after_help = "Examples:
  concordat fmt agreements/
  concordat fmt --check agreements/      (list the files that would change)
  concordat fmt --diff agreements/lancashire_bcf.s75
  some-generator | concordat fmt - > agreement.s75

Exit codes:
  0  every file is in the canonical layout (or was written in it)
  1  a file has syntax errors, or (--check, --diff) would change
  2  the tool could not run: bad arguments, a file that cannot be read
     or written, no agreement files found")]
    Fmt {
        /// Agreement files, or folders to search for `*.s75` files; `-`
        /// for standard input (laid out to the standard output).
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Write nothing; list the files that would change and exit 1 if
        /// there are any.
        #[arg(long, conflicts_with = "diff")]
        check: bool,
        /// Write nothing; print a unified diff of each file that would
        /// change and exit 1 if there are any.
        #[arg(long)]
        diff: bool,
    },
    /// Print a completion script for a shell, to save where the shell
    /// loads completions from.
    #[command(after_help = "Examples:
  concordat completions bash > ~/.local/share/bash-completion/completions/concordat
  concordat completions zsh > ~/.zfunc/_concordat
  concordat completions fish > ~/.config/fish/completions/concordat.fish")]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Run the language server, on standard input and output, for editors:
    /// the problems of `check` as you type, hover, go to definition, find
    /// references, rename, completion, formatting, outline and quick fixes.
    #[command(after_help = "Examples:
  concordat lsp          (started by the editor; see the README for VS Code, Neovim and Helix)")]
    Lsp,
    /// Print the manual page (roff), for `man -l -` or to install.
    #[command(after_help = "Examples:
  concordat man | man -l -
  concordat man -o /usr/local/share/man/man1/concordat.1")]
    Man,
    /// Explain a diagnostic code (`concordat explain E0301`), or list them all.
    #[command(after_help = "Examples:
  concordat explain E0301
  concordat explain")]
    Explain {
        /// The code, e.g. E0301; leave out to list every code.
        code: Option<String>,
    },
    /// Draw the responsibility graph of an agreement: who hosts, leads,
    /// commissions, owns, reports and answers to whom. Nodes in a problem (a
    /// loop, a function with two leads) are highlighted.
    #[command(after_help = concat!("Examples:
  concordat graph agreements/birmingham_ld_mh.s75 > ld_mh.dot
  concordat graph --format mermaid agreements/lancashire_bcf.s75
  concordat graph --format svg -o bcf.svg agreements/lancashire_bcf.s75

The picture goes to standard output, any problems to standard error.

", exit_codes!()))]
    Graph {
        /// The agreement file; `-` for standard input.
        path: PathBuf,
        /// `dot` (Graphviz), `mermaid` (renders in Markdown on GitHub and
        /// GitLab) or `svg` (a picture).
        #[arg(long, value_enum, default_value_t = GraphOutput::Dot)]
        format: GraphOutput,
    },
    /// Print the resolved model of one agreement file, as JSON or YAML.
    #[command(after_help = "Examples:
  concordat model agreements/lancashire_bcf.s75
  concordat model --format yaml agreements/lancashire_bcf.s75")]
    Model {
        /// The agreement file; `-` for standard input.
        path: PathBuf,
        /// `json` or `yaml`.
        #[arg(long, value_enum, default_value_t = ModelFormat::Json)]
        format: ModelFormat,
    },
    /// Write a plain-English summary of one agreement for a board, as
    /// Markdown or as one self-contained HTML file with pictures.
    #[command(after_help = concat!("Examples:
  concordat summary agreements/lancashire_bcf.s75
  concordat summary --format html -o bcf.html agreements/lancashire_bcf.s75
  concordat summary agreements/lancashire_bcf.s75 --returns agreements/returns/lancashire_bcf.csv --as-of \"2018/19 Q4\"

An agreement with errors gets no summary: the problems are reported instead.
A folder gives a paper per agreement file and an index (`index.html` or
`index.md`) in the folder named by `-o`, created if missing:
  concordat summary --format html -o papers/ agreements/

", exit_codes!()))]
    Summary {
        /// The agreement file; `-` for standard input; or a folder of
        /// agreements, with `-o FOLDER`: a paper for each and an index.
        path: PathBuf,
        /// `md` (Markdown) or `html`.
        #[arg(long, value_enum, default_value_t = SummaryFormat::Md)]
        format: SummaryFormat,
        /// Return files (`.csv`, `.yaml`, `.xlsx`) to assess: adds the
        /// status of each obligation, the partners flagged and why, the
        /// consequences due and the over- and underspends settled.
        #[arg(long, num_args = 1.., value_name = "FILE")]
        returns: Vec<PathBuf>,
        #[command(flatten)]
        read: ReturnsArgs,
        /// Assess as of this period (`2018/19 Q2`); by default the latest
        /// period in the returns.
        #[arg(long, value_name = "PERIOD", value_parser = parse_period, requires = "returns")]
        as_of: Option<concordat::period::Period>,
        /// The day the assessment is made (`2018-11-15`); by default the
        /// last day of the as-of period.
        #[arg(long, value_name = "DATE", value_parser = parse_date, requires = "returns")]
        on: Option<concordat::period::Date>,
    },
    /// Compare two versions of an agreement file and report the changes in
    /// meaning: partners, contributions, hosts, risk share, obligations and
    /// governance, each with the clause it cites in both versions.
    #[command(after_help = "Examples:
  concordat diff agreements/lancashire_bcf.s75 variation.s75
  concordat diff HEAD~1:agreements/lancashire_bcf.s75 agreements/lancashire_bcf.s75
  concordat diff --format md main:bcf.s75 bcf.s75 > variation.md

OLD and NEW are files, or REV:path read with `git show` in the current
folder. A change of layout or comments only is \"no change in meaning\".

Exit codes:
  0  no change in meaning
  1  the meaning changed
  2  the versions could not be compared: one cannot be read, or has
     errors (they are reported), or bad arguments")]
    Diff {
        /// The old version: a file, or REV:path.
        old: String,
        /// The new version: a file, or REV:path.
        new: String,
        /// `human`, `md` (Markdown: a pull request comment, or the schedule
        /// of a deed of variation) or `json`.
        #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
        format: DiffFormat,
    },
}

/// How returns are read, for `assess` and `summary --returns`.
#[derive(clap::Args)]
struct ReturnsArgs {
    /// The sheet of each workbook (`.xlsx`) that holds the return; by
    /// default the first.
    #[arg(long, value_name = "NAME")]
    sheet: Option<String>,
    /// What a return read from standard input (`--returns -`) is: `csv`,
    /// `yaml` or `xlsx`; by default told from its first bytes.
    #[arg(long, value_enum, value_name = "KIND")]
    returns_format: Option<ReturnsFormat>,
    /// A CSV file of the figures the agreement writes `as notified`
    /// (columns pool, partner, year, amount and, optionally, note),
    /// applied before the returns are assessed.
    #[arg(long, value_name = "FILE")]
    allocations: Option<PathBuf>,
}

impl ReturnsArgs {
    fn options(self) -> concordat::assess::ReadOptions {
        concordat::assess::ReadOptions {
            sheet: self.sheet,
            stdin_kind: self.returns_format.map(|kind| match kind {
                ReturnsFormat::Csv => concordat::assess::ReturnKind::Csv,
                ReturnsFormat::Yaml => concordat::assess::ReturnKind::Yaml,
                ReturnsFormat::Xlsx => concordat::assess::ReturnKind::Xlsx,
            }),
            allocations: self.allocations,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum ReturnsFormat {
    Csv,
    Yaml,
    Xlsx,
}

/// The kinds of `concordat new`.
#[derive(Clone, Copy, ValueEnum)]
enum NewKind {
    /// A Better Care Fund agreement: council and ICB, the pool, grants and
    /// the national metrics.
    Bcf,
    /// One partner commissions functions for another, with a pool.
    LeadCommissioning,
    /// One partner provides health and council services together.
    IntegratedProvision,
    /// A pooled public health budget.
    PublicHealth,
}

fn parse_year(text: &str) -> Result<concordat::period::FinancialYear, String> {
    concordat::period::FinancialYear::parse(text)
        .map_err(|_| "write a financial year, `2025/26`".to_owned())
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormat {
    Human,
    Md,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum TestFormat {
    Human,
    Plain,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum SummaryFormat {
    Md,
    Html,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    Underperformance,
    MissingReturns,
}

fn parse_period(text: &str) -> Result<concordat::period::Period, String> {
    concordat::period::Period::parse(text).map_err(|_| {
        "write a financial year, `2018/19`, a quarter, `2018/19 Q2`, or a month, `2018/19 M7`"
            .to_owned()
    })
}

fn parse_date(text: &str) -> Result<concordat::period::Date, String> {
    concordat::period::Date::parse(text)
        .map_err(|_| "write a date on the calendar, year-month-day: `2018-11-15`".to_owned())
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    Human,
    Plain,
    Json,
    Sarif,
    Github,
    Junit,
    Short,
}

#[derive(Clone, Copy, ValueEnum)]
enum GraphOutput {
    Dot,
    Mermaid,
    Svg,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColourArg {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, ValueEnum)]
enum ModelFormat {
    Json,
    Yaml,
}

impl From<OutputFormat> for Format {
    fn from(format: OutputFormat) -> Format {
        match format {
            OutputFormat::Human => Format::Human,
            OutputFormat::Plain => Format::Plain,
            OutputFormat::Json => Format::Json,
            OutputFormat::Sarif => Format::Sarif,
            OutputFormat::Github => Format::Github,
            OutputFormat::Junit => Format::Junit,
            OutputFormat::Short => Format::Short,
        }
    }
}

impl ShellArgs {
    /// Whether to colour a stream that is (or not) a terminal.
    fn colour_on(&self, terminal: bool) -> bool {
        let choice = match self.color {
            ColourArg::Auto => shell::ColourChoice::Auto,
            ColourArg::Always => shell::ColourChoice::Always,
            ColourArg::Never => shell::ColourChoice::Never,
        };
        shell::wants_colour(choice, terminal, |name| std::env::var_os(name))
    }

    /// Whether to colour the output: the standard output, or `-o FILE`
    /// (not a terminal).
    fn colour(&self) -> bool {
        self.colour_on(self.output.is_none() && std::io::stdout().is_terminal())
    }

    /// Options for a report of problems shown on the standard error.
    fn stderr_options(&self) -> RenderOptions {
        RenderOptions {
            colour: self.colour_on(std::io::stderr().is_terminal()),
            ..RenderOptions::default()
        }
    }

    /// Shows a report of problems on the standard error (with `--quiet`,
    /// only if it fails the run) and gives its outcome.
    fn report(&self, report: &CheckReport) -> Outcome {
        let outcome = report.outcome();
        let quiet = self.quiet && outcome == Outcome::Clean;
        if !report.diagnostics.is_empty() && !quiet {
            eprint!("{}", report.render(self.stderr_options()));
        }
        outcome
    }

    /// Writes `text` to `-o FILE` or the standard output; ends with
    /// `outcome`, or 2 when the output cannot be written.
    fn finish(&self, text: &str, outcome: Outcome) -> ExitCode {
        match shell::emit(text, self.output.as_deref()) {
            Ok(()) => ExitCode::from(outcome.code()),
            Err(Some(diagnostic)) => self.fail(*diagnostic),
            Err(None) => ExitCode::from(Outcome::Failure.code()),
        }
    }

    /// Shows one diagnostic about the tool's own work and ends with 2.
    fn fail(&self, diagnostic: Diagnostic) -> ExitCode {
        let report = CheckReport::from(diagnostic);
        eprint!("{}", report.render(self.stderr_options()));
        ExitCode::from(Outcome::Failure.code())
    }
}

/// `summary FOLDER -o OUT`: a paper per agreement and an index, written
/// into `OUT`; ends with the exit code of `check` over the folder.
fn summary_folder(
    args: &ShellArgs,
    folder: &Path,
    format: summary::Format,
    returns: bool,
) -> ExitCode {
    use concordat::diagnostics::Code;
    if returns {
        return args.fail(
            Diagnostic::about_path(
                Code::NotOneAgreement,
                folder,
                "is a folder; returns are assessed against one agreement",
            )
            .help("give the agreement file itself with `--returns`"),
        );
    }
    let Some(out) = args.output.as_deref() else {
        return args.fail(
            Diagnostic::about_path(
                Code::CannotWrite,
                folder,
                "is a folder: its papers and index need a folder to be written to",
            )
            .help("give the output folder with `-o FOLDER` (it is created if missing)"),
        );
    };
    match summary::index::write_papers(folder, out, format) {
        Ok(papers) => {
            let outcome = args.report(&papers.report);
            if !args.quiet {
                eprintln!(
                    "{} papers and {} written to {}",
                    papers.papers.len(),
                    papers.index.0,
                    out.display()
                );
            }
            ExitCode::from(outcome.code())
        }
        Err(report) => ExitCode::from(args.report(&report).code()),
    }
}

/// With `--format github` and `GITHUB_STEP_SUMMARY` set, appends the
/// Markdown job summary to that file; a summary that cannot be appended
/// ends the run with 2.
fn step_summary(format: Format, outcome: Outcome, markdown: impl FnOnce() -> String) -> Outcome {
    if format != Format::Github {
        return outcome;
    }
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        return outcome;
    };
    match concordat::files::append::append(&PathBuf::from(path), &markdown()) {
        Ok(()) => outcome,
        Err(diagnostic) => {
            eprint!(
                "{}",
                CheckReport::from(*diagnostic).render(RenderOptions::default())
            );
            Outcome::Failure
        }
    }
}

/// Ends a run whose concordat.toml has a problem: the problem reported in
/// the format asked for, nothing checked.
fn config_failed(report: &CheckReport, format: Option<Format>) -> ExitCode {
    let options = RenderOptions {
        format: format.unwrap_or_default(),
        ..RenderOptions::default()
    };
    print!("{}", report.render(options));
    ExitCode::from(report.outcome().code())
}

fn main() -> ExitCode {
    let command = Cli::command().version(shell::version());
    let cli = match Cli::from_arg_matches(&command.get_matches()) {
        Ok(cli) => cli,
        Err(error) => error.exit(),
    };
    let code = run(cli);
    concordat::files::stdin::finish();
    code
}

fn run(cli: Cli) -> ExitCode {
    let args = cli.shell;
    match cli.command {
        Command::Check {
            paths,
            format,
            deny_warnings,
            config,
        } => {
            let format = format.map(Format::from);
            let settings = match Settings::load(&paths, config.as_deref()) {
                Ok(settings) => settings,
                Err(report) => return config_failed(&report, format),
            };
            let report = settings.check(&paths, CheckOptions::default());
            let format = settings.format(format, config::Command::Check);
            let deny_warnings = deny_warnings || settings.deny_warnings();
            let outcome = report.outcome_with(deny_warnings);
            let text = report.render(RenderOptions {
                format,
                colour: args.colour(),
                deny_warnings,
            });
            let quiet = args.quiet && args.output.is_none();
            let text = match (quiet, outcome) {
                (false, _) => text,
                (true, Outcome::Clean) => String::new(),
                (true, _) => shell::without_summary(&text, report.files.len(), &report.diagnostics),
            };
            let outcome = step_summary(format, outcome, || report.job_summary());
            let code = args.finish(&text, outcome);
            if format == Format::Short && !(quiet && outcome == Outcome::Clean) {
                // Standard output stays one line a problem, for grep; the
                // count goes to standard error once they are written.
                eprintln!(
                    "{}",
                    concordat::diagnostics::summary_line(report.files.len(), &report.diagnostics)
                );
            }
            code
        }
        Command::Assess {
            agreement,
            returns,
            read,
            as_of,
            on,
            format,
            config,
            fail_on,
        } => {
            let format = format.map(Format::from);
            let settings = match Settings::load(std::slice::from_ref(&agreement), config.as_deref())
            {
                Ok(settings) => settings,
                Err(report) => return config_failed(&report, format),
            };
            let format = settings.format(format, config::Command::Assess);
            let options = concordat::assess::AssessOptions {
                as_of,
                on,
                periods: format == Format::Json,
            };
            let streamed = concordat::assess::stream::assess_paths_streamed(
                &agreement,
                &returns,
                options,
                &read.options(),
            );
            let report = &streamed.report;
            let fail_on = concordat::assess::FailOn {
                underperformance: fail_on.contains(&FailOn::Underperformance),
                missing_returns: fail_on.contains(&FailOn::MissingReturns),
            };
            let outcome = report.outcome(fail_on);
            let render = RenderOptions {
                format,
                colour: args.colour(),
                deny_warnings: false,
            };
            let outcome = step_summary(format, outcome, || report.job_summary());
            if args.quiet && args.output.is_none() && outcome == Outcome::Clean {
                return ExitCode::from(outcome.code());
            }
            // Written as it goes, never held whole.
            match concordat::assess::stream::emit(&streamed, render, args.output.as_deref()) {
                Ok(()) => ExitCode::from(outcome.code()),
                Err(Some(diagnostic)) => args.fail(*diagnostic),
                Err(None) => ExitCode::from(Outcome::Failure.code()),
            }
        }
        Command::Test { paths, format } => {
            let report = concordat::scenario::run_paths(&paths);
            let format = match format {
                TestFormat::Human => Format::Human,
                TestFormat::Plain => Format::Plain,
                TestFormat::Json => Format::Json,
            };
            let text = concordat::scenario::render::render_report(
                &report,
                RenderOptions {
                    format,
                    colour: args.colour(),
                    deny_warnings: false,
                },
            );
            let outcome = report.outcome();
            if args.quiet && args.output.is_none() && outcome == Outcome::Clean {
                return ExitCode::from(outcome.code());
            }
            args.finish(&text, outcome)
        }
        Command::Explain { code: None } => args.finish(&concordat::list_codes(), Outcome::Clean),
        Command::Explain { code: Some(code) } => match concordat::explain(&code) {
            Some(text) => args.finish(&text, Outcome::Clean),
            None => {
                eprintln!(
                    "error: `{code}` is not a concordat code; `concordat explain` lists them all"
                );
                ExitCode::from(Outcome::Failure.code())
            }
        },
        Command::Graph { path, format } => {
            let format = match format {
                GraphOutput::Dot => concordat::GraphFormat::Dot,
                GraphOutput::Mermaid => concordat::GraphFormat::Mermaid,
                GraphOutput::Svg => concordat::GraphFormat::Svg,
            };
            match concordat::graph_of(&path, format) {
                Ok((picture, report)) => {
                    let outcome = args.report(&report);
                    args.finish(&picture, outcome)
                }
                Err(report) => ExitCode::from(args.report(&report).code()),
            }
        }
        Command::Model { path, format } => {
            match concordat::model_of(&path, matches!(format, ModelFormat::Yaml)) {
                Ok(text) => args.finish(&text, Outcome::Clean),
                Err(report) => ExitCode::from(args.report(&report).code()),
            }
        }
        Command::Summary {
            path,
            format,
            returns,
            read,
            as_of,
            on,
        } => {
            let format = match format {
                SummaryFormat::Md => summary::Format::Markdown,
                SummaryFormat::Html => summary::Format::Html,
            };
            if path.is_dir() {
                return summary_folder(&args, &path, format, !returns.is_empty());
            }
            let summary = if returns.is_empty() {
                summary::summary_of(&path, format)
            } else {
                let when = concordat::assess::AssessOptions {
                    as_of,
                    on,
                    periods: true,
                };
                summary::summary_with_returns_read(&path, &returns, when, read.options(), format)
            };
            match summary {
                Ok(text) => args.finish(&text, Outcome::Clean),
                Err(report) => ExitCode::from(args.report(&report).code()),
            }
        }
        Command::New {
            kind,
            id,
            title,
            from,
            years,
        } => {
            use concordat::templates::{new_agreement, Kind, NewOptions};
            let kind = match kind {
                NewKind::Bcf => Kind::Bcf,
                NewKind::LeadCommissioning => Kind::LeadCommissioning,
                NewKind::IntegratedProvision => Kind::IntegratedProvision,
                NewKind::PublicHealth => Kind::PublicHealth,
            };
            let options = NewOptions {
                id,
                title,
                from,
                years,
            };
            match new_agreement(kind, &options) {
                Ok(text) => args.finish(&text, Outcome::Clean),
                Err(diagnostic) => args.fail(*diagnostic),
            }
        }
        Command::Fmt { paths, check, diff } => {
            let mode = match (check, diff) {
                (_, true) => concordat::format::Mode::Diff,
                (true, false) => concordat::format::Mode::Check,
                (false, false) => concordat::format::Mode::Write,
            };
            let run = concordat::format::format_paths(&paths, mode);
            let outcome = run.outcome(mode);
            args.report(&run.report);
            args.finish(&run.output, outcome)
        }
        Command::Diff { old, new, format } => match concordat::diff::diff(&old, &new) {
            Ok(diff) => {
                let text = match format {
                    DiffFormat::Human => concordat::diff::human(&diff),
                    DiffFormat::Md => concordat::diff::markdown(&diff),
                    DiffFormat::Json => concordat::diff::json(&diff),
                };
                if args.quiet && args.output.is_none() && diff.unchanged() {
                    return ExitCode::from(Outcome::Clean.code());
                }
                args.finish(&text, diff.outcome())
            }
            Err(reports) => {
                for report in &reports {
                    eprint!("{}", report.render(args.stderr_options()));
                }
                ExitCode::from(Outcome::Failure.code())
            }
        },
        Command::Completions { shell: kind } => {
            let mut command = Cli::command().version(shell::version());
            args.finish(&shell::completions(&mut command, kind), Outcome::Clean)
        }
        Command::Lsp => match concordat::lsp::run_stdio() {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::from(Outcome::Failure.code())
            }
        },
        Command::Man => {
            let command = Cli::command().version(shell::version());
            args.finish(&shell::man_page(command), Outcome::Clean)
        }
    }
}
