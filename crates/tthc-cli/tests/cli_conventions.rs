//! What a shell user expects of any command: `--version`, `--help` on every
//! command with an example, value errors that list the accepted values,
//! completions and a manual page, a quiet end when the reader closes the
//! pipe, no panic on arguments that are not UTF-8, and the terminal-only
//! extras (caret under catalogue errors, progress bar) kept off pipes.
#![allow(clippy::panic)] // a test that cannot run the binary must fail loudly

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

use common::Run;

const BIN: &str = env!("CARGO_BIN_EXE_tthc");

/// Runs tthc with `args` and `env` (a `None` value removes the variable).
/// `TTHC_TERMINAL` and `NO_COLOR` are removed unless `env` sets them, so that
/// the caller's environment cannot change the layout.
fn run_env<S: AsRef<OsStr>>(args: &[S], env: &[(&str, Option<&str>)]) -> Run {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .env_remove("TTHC_TERMINAL")
        .env_remove("NO_COLOR");
    for (k, v) in env {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    common::run(&mut cmd)
}

fn run(args: &[&str]) -> Run {
    run_env(args, &[])
}

/// The path of a file or tree under tests/fixtures.
fn fixture(name: &str) -> String {
    format!("{}/../../tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// A fresh directory for one test's files.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tthc-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    dir
}

/// The commands listed under "Commands:" in `tthc PATH --help`, less `help`.
fn subcommands(path: &[String]) -> Vec<String> {
    let mut args = path.to_vec();
    args.push("--help".into());
    let r = run_env(&args, &[]);
    r.out
        .lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(String::from)
        .collect()
}

/// Every command path (`["procedures", "show"]`, …), found by walking the
/// help itself, so that a new command is covered without editing this test.
fn every_command() -> Vec<Vec<String>> {
    let mut all = Vec::new();
    let mut todo = vec![Vec::new()];
    while let Some(path) = todo.pop() {
        for name in subcommands(&path) {
            let mut p = path.clone();
            p.push(name);
            todo.push(p.clone());
            all.push(p);
        }
    }
    all.sort();
    all
}

#[test]
fn version_names_the_program_and_its_version() {
    for flag in ["--version", "-V"] {
        let r = run(&[flag]);
        assert_eq!(r.code, 0, "{}", r.err);
        assert_eq!(r.out.trim(), format!("tthc {}", env!("CARGO_PKG_VERSION")));
    }
}

#[test]
fn every_command_has_help_with_an_example() {
    let all = every_command();
    // The walk found the commands we know of (and whatever is added later).
    for known in ["validate", "metrics", "completions", "man"] {
        assert!(all.iter().any(|p| p == &[known]), "{known} not in {all:?}");
    }
    assert!(all
        .iter()
        .any(|p| p == &["procedures".to_string(), "show".to_string()]));
    for path in std::iter::once(Vec::new()).chain(all) {
        let usage = format!("Usage: tthc {}", path.join(" "));
        let mut args = path.clone();
        args.push("--help".into());
        let long = run_env(&args, &[]);
        assert_eq!(long.code, 0, "{args:?}: {}", long.err);
        assert!(
            long.out.contains(usage.trim_end()),
            "{args:?}:\n{}",
            long.out
        );
        assert!(
            long.out.contains("\nExamples:\n  tthc"),
            "{args:?}:\n{}",
            long.out
        );
        assert!(long.err.is_empty(), "{args:?}: {}", long.err);
        // `tthc help PATH` is the same page.
        let mut help = vec!["help".to_string()];
        help.extend(path.iter().cloned());
        let r = run_env(&help, &[]);
        assert_eq!((r.code, &r.out), (0, &long.out), "{help:?}");
    }
    // No command at all: the help, on standard error, as a usage error.
    let r = run(&[]);
    assert_eq!(r.code, 2);
    assert!(
        r.err.contains("Usage: tthc [OPTIONS] <COMMAND>"),
        "{}",
        r.err
    );
}

#[test]
fn value_errors_list_the_accepted_values() {
    let cases: [(&[&str], &str); 6] = [
        (
            &["calendar", "2026", "--format", "xml"],
            "[possible values: table, csv, json]",
        ),
        (
            &["metrics", "x.csv", "--period", "week"],
            "[possible values: month, quarter, year]",
        ),
        (
            &["metrics", "x.csv", "--input", "xml"],
            "[possible values: csv, jsonl]",
        ),
        (
            &[
                "deadline",
                "--time",
                "3",
                "--unit",
                "weeks",
                "--received",
                "2026-01-05T08:00:00",
            ],
            "[possible values: working-days, calendar-days, working-hours, months]",
        ),
        (
            &[
                "deadline",
                "--procedure",
                "1.000894",
                "--channel",
                "fax",
                "--received",
                "2026-01-05T08:00:00",
            ],
            "[possible values: national-portal, provincial-portal, in-person, postal]",
        ),
        (&["completions", "tcsh"], "bash"),
    ];
    for (args, accepted) in cases {
        let r = run(args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.out);
        assert!(r.err.contains("invalid value"), "{args:?}: {}", r.err);
        assert!(r.err.contains(accepted), "{args:?}: {}", r.err);
        assert!(r.out.is_empty(), "{args:?}: {}", r.out);
    }
    let r = run(&["completions", "tcsh"]);
    assert!(r.err.contains("zsh") && r.err.contains("fish"), "{}", r.err);
    // A value of the wrong shape names what was expected.
    let r = run(&["workdays", "add", "2026-13-01", "1"]);
    assert_eq!(r.code, 2);
    assert!(r.err.contains("expected YYYY-MM-DD"), "{}", r.err);
}

/// Runs `tthc ARGS | head -1` in bash and returns tthc's exit status, its
/// standard error, and the line head printed.
fn through_head(args: &[&str], dir: &Path) -> (i32, String, String) {
    let err_path = dir.join("stderr");
    let out = Command::new("bash")
        .arg("-c")
        .arg(r#"bin=$1; err=$2; shift 2; "$bin" "$@" 2>"$err" | head -1; exit "${PIPESTATUS[0]}""#)
        .arg("bash")
        .arg(BIN)
        .arg(&err_path)
        .args(args)
        .env_remove("TTHC_TERMINAL")
        .output()
        .unwrap_or_else(|e| panic!("cannot run bash: {e}"));
    let err = std::fs::read_to_string(&err_path).unwrap_or_else(|e| panic!("{e}"));
    (
        out.status.code().unwrap_or(-1),
        err,
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn a_closed_pipe_ends_quietly_with_the_status_of_the_work() {
    let dir = scratch("pipe");
    let records = dir.join("made-up-records.csv");
    let records = records.display().to_string();
    let r = run(&["synth", "2000", "--seed", "3", "-o", &records]);
    assert_eq!(r.code, 0, "{}{}", r.out, r.err);
    let as_of = "--as-of=2026-12-31T12:00:00";
    let mut cases: Vec<Vec<&str>> = ["table", "csv", "json", "html"]
        .iter()
        .map(|f| vec!["metrics", &records, "--format", f, as_of])
        .collect();
    cases.push(vec!["synth", "2000"]);
    cases.push(vec!["conformance", "export", "../../tests/conformance"]);
    for args in cases {
        // The whole output is larger than what a pipe holds (64 KiB) plus
        // what head reads before it exits (8 KiB), so tthc is still writing
        // when head has gone.
        let whole = run(&args);
        assert_eq!(whole.code, 0, "{args:?}: {}", whole.err);
        assert!(
            whole.out.len() > 74 << 10,
            "{args:?}: {} bytes",
            whole.out.len()
        );
        let (code, err, first) = through_head(&args, &dir);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert_eq!(err, "", "{args:?}");
        assert_eq!(first.lines().next(), whole.out.lines().next(), "{args:?}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[test]
fn arguments_that_are_not_utf8_get_an_error_or_work_as_paths() {
    use std::ffi::OsString;
    use std::os::unix::ffi::{OsStrExt, OsStringExt};

    let bad = OsString::from_vec(b"kh\xf4ng".to_vec());
    for args in [
        vec![
            OsString::from("procedures"),
            OsString::from("search"),
            bad.clone(),
        ],
        vec![bad.clone()],
        vec![OsString::from("--catalog"), bad.clone()],
    ] {
        let r = run_env(&args, &[]);
        assert_eq!(r.code, 2, "{args:?}: {}", r.err);
        assert!(r.err.starts_with("error: "), "{args:?}: {}", r.err);
        assert!(!r.err.contains("panicked"), "{args:?}: {}", r.err);
    }
    let r = run_env(
        &[OsString::from("procedures"), OsString::from("search"), bad],
        &[],
    );
    assert!(r.err.contains("invalid UTF-8"), "{}", r.err);

    // A file name need not be UTF-8: it is a path, and it is read.
    let dir = scratch("non-utf8");
    let case = dir.join(OsStr::from_bytes(b"h\xf4-s\xf4.json"));
    std::fs::write(
        &case,
        r#"{"procedure": "1.000894", "channel": "in-person", "submitted_at": "2025-08-01T09:00:00"}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let r = run_env(
        &[
            OsStr::new("evaluate"),
            case.as_os_str(),
            OsStr::new("--json"),
        ],
        &[],
    );
    assert_eq!(r.code, 0, "{}{}", r.out, r.err);
    let v: serde_json::Value = serde_json::from_str(&r.out).unwrap_or_default();
    assert_eq!(
        v["procedure"]["name"], "Thủ tục đăng ký kết hôn",
        "{}",
        r.out
    );
    // A missing directory with such a name is reported, with the name shown.
    let r = run_env(
        &[
            OsStr::new("validate"),
            dir.join(OsStr::from_bytes(b"x\xff")).as_os_str(),
        ],
        &[],
    );
    assert_eq!(r.code, 1, "{}", r.err);
    assert!(r.out.contains("does not exist"), "{}", r.out);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn validate_shows_the_source_line_and_a_caret_at_a_terminal() {
    let broken = fixture("sample-broken-catalog");
    let plain = run(&["validate", &broken]);
    // At a terminal, without colour: the line, and a caret under column 10.
    let tty = run_env(
        &["validate", &broken],
        &[("TTHC_TERMINAL", Some("1")), ("NO_COLOR", Some("1"))],
    );
    assert_eq!(tty.code, 1);
    let at = tty
        .out
        .find("error[E0103]: `amount` in fee is a string, expected an integer\n")
        .unwrap_or_else(|| panic!("{}", tty.out));
    let block: Vec<&str> = tty.out[at..].lines().take(7).collect();
    assert_eq!(
        block[1],
        format!("  --> {broken}/procedures/mistakes.toml:29:10")
    );
    assert_eq!(block[3], "29 | amount = \"20000\"");
    assert_eq!(block[4], "   |          ^");
    assert_eq!(block[6], "   = help: write `amount` as an integer");
    assert!(!tty.out.contains('\x1b'), "NO_COLOR: no escape codes");
    // Every problem is shown, with the same summary as in plain mode.
    assert_eq!(tty.out.matches("\nerror[E").count() + 1, 16, "{}", tty.out);
    assert_eq!(tty.out.lines().last(), plain.out.lines().last());

    // Colour unless NO_COLOR is set (and not empty).
    for no_color in [None, Some("")] {
        let coloured = run_env(
            &["validate", &broken],
            &[("TTHC_TERMINAL", Some("1")), ("NO_COLOR", no_color)],
        );
        assert!(coloured.out.contains("\x1b["), "{no_color:?}");
    }

    // Not a terminal: the plain lines scripts parse, unchanged.
    let forced_plain = run_env(&["validate", &broken], &[("TTHC_TERMINAL", Some("0"))]);
    assert_eq!(forced_plain.out, plain.out);
    assert!(plain.out.contains(&format!(
        "{broken}/procedures/mistakes.toml:29:10: error[E0103]: `amount` in fee is a string, expected an integer\n  help: write `amount` as an integer\n"
    )));
    assert!(!plain.out.contains(" | "), "{}", plain.out);
    // JSON is JSON wherever it goes.
    let json = run(&["validate", &broken, "--json"]);
    let json_tty = run_env(
        &["validate", &broken, "--json"],
        &[("TTHC_TERMINAL", Some("1"))],
    );
    assert_eq!(json.out, json_tty.out);
}

#[test]
fn progress_goes_to_a_terminal_only_and_quiet_turns_it_off() {
    let file = fixture("sample-metrics-basic.csv");
    let args = [
        "metrics",
        &file,
        "--format",
        "csv",
        "--as-of=2025-03-31T12:00:00",
    ];
    let tty = [("TTHC_TERMINAL", Some("1"))];
    let shown = run_env(&args, &tty);
    assert_eq!(shown.code, 0, "{}", shown.err);
    assert!(shown.err.contains("100 %"), "{}", shown.err);
    assert!(shown.err.contains("MB/s"), "{}", shown.err);
    for quiet in ["--quiet", "-q"] {
        let mut q = args.to_vec();
        q.push(quiet);
        let r = run_env(&q, &tty);
        assert!(!r.err.contains("MB/s"), "{quiet}: {}", r.err);
        assert_eq!(r.out, shown.out, "progress never touches the report");
        // The malformed-row summary is not progress: --quiet keeps it.
        assert!(r.err.contains("1 malformed"), "{}", r.err);
    }
    let piped = run(&args);
    assert!(!piped.err.contains("MB/s"), "{}", piped.err);
    assert_eq!(piped.out, shown.out);
}

/// The path of `name` on PATH. CI installs every shell the tests use
/// (scripts/test.sh); elsewhere a missing shell is reported and skipped.
fn shell(name: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(name))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{name} is not installed (scripts/test.sh installs it)"
        );
        eprintln!("{name} is not installed: its completion check is skipped");
    }
    found
}

/// Runs `shell -c script`, returns standard output; fails on a non-zero exit.
fn shell_run(shell: &Path, args: &[&str]) -> String {
    let out = Command::new(shell)
        .args(args)
        .env("HOME", std::env::temp_dir())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", shell.display()));
    assert!(
        out.status.success(),
        "{} {args:?}: {}",
        shell.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// What `script`'s completion function offers when the cursor ends `words`
/// (the last word, possibly empty, is the one being completed), as bash
/// calls it for readline.
fn bash_complete(bash: &Path, script: &str, words: &[&str]) -> Vec<String> {
    let call = r#"source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1));
        _tthc "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}";
        printf '%s\n' "${COMPREPLY[@]}""#;
    let mut args = vec!["-c", call, "bash", script];
    args.extend_from_slice(words);
    shell_run(bash, &args).lines().map(String::from).collect()
}

#[test]
fn completions_for_bash_zsh_and_fish_complete_commands_and_values() {
    let dir = scratch("completions");
    let mut scripts = Vec::new();
    for sh in ["bash", "zsh", "fish"] {
        let r = run(&["completions", sh]);
        assert_eq!(r.code, 0, "{sh}: {}", r.err);
        let path = dir.join(format!("tthc.{sh}"));
        std::fs::write(&path, &r.out).unwrap_or_else(|e| panic!("{e}"));
        scripts.push((sh, path, r.out));
    }
    for (sh, path, text) in &scripts {
        let path = path.display().to_string();
        match *sh {
            "bash" => {
                assert!(text.contains("complete -F _tthc"), "{text}");
                // bash is always there: complete for real, as readline would.
                let Some(bash) = shell("bash") else { continue };
                assert_eq!(bash_complete(&bash, &path, &["tthc", "met"]), ["metrics"]);
                let values = bash_complete(&bash, &path, &["tthc", "metrics", "x.csv", "--by", ""]);
                let mut values: Vec<&str> = values.iter().map(String::as_str).collect();
                values.sort_unstable();
                assert_eq!(values, ["agency", "procedure", "province", "sector"]);
            }
            "zsh" => {
                assert!(text.starts_with("#compdef tthc"), "{text}");
                assert!(
                    text.contains("(province agency sector procedure)"),
                    "{text}"
                );
                if let Some(zsh) = shell("zsh") {
                    shell_run(&zsh, &["-n", &path]);
                }
            }
            _ => {
                assert!(text.contains("complete -c tthc"), "{text}");
                if let Some(fish) = shell("fish") {
                    shell_run(&fish, &["--no-execute", &path]);
                    let script = format!(
                        "source {path}; complete -C'tthc met'; complete -C'tthc metrics x.csv --period '"
                    );
                    let out = shell_run(&fish, &["--no-config", "-c", &script]);
                    let first: Vec<&str> = out
                        .lines()
                        .map(|l| l.split('\t').next().unwrap_or(l))
                        .collect();
                    assert_eq!(first, ["metrics", "month", "quarter", "year"], "{out}");
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_manual_is_generated_from_the_same_definition() {
    let r = run(&["man"]);
    assert_eq!(r.code, 0, "{}", r.err);
    let page = r.out;
    assert!(page.contains(".TH tthc 1"), "{page}");
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH OPTIONS", ".SH SUBCOMMANDS"] {
        assert!(page.contains(section), "{section}");
    }
    assert!(page.is_ascii(), "non-ASCII text is escaped for any roff");
    assert!(page.contains(r"th\[u1EE7] t\[u1EE5]c"), "thủ tục, escaped");
    assert!(page.contains(&format!("v{}", env!("CARGO_PKG_VERSION"))));
    // One page per command with --dir, each naming the pages it refers to.
    let dir = scratch("man");
    let r = run(&["man", "--dir", &dir.display().to_string()]);
    assert_eq!(r.code, 0, "{}", r.err);
    let mut pages = vec![dir.join("tthc.1")];
    for path in every_command() {
        let name = format!("tthc-{}", path.join("-"));
        if let [top] = path.as_slice() {
            assert!(page.contains(&format!(r"tthc\-{top}(1)")), "{top}");
        }
        pages.push(dir.join(format!("{name}.1")));
    }
    for p in &pages {
        let text = std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        assert!(
            text.starts_with(".ie") || text.starts_with(".TH"),
            "{}",
            p.display()
        );
    }
    let metrics = std::fs::read_to_string(dir.join("tthc-metrics.1")).unwrap_or_default();
    assert!(metrics.contains(r"\-\-quiet"), "{metrics}");
    assert!(
        metrics.contains("tthc synth 1000000 | tthc metrics"),
        "{metrics}"
    );
    // groff formats every page without a warning, when it is installed.
    if let Some(groff) = shell("groff") {
        for p in &pages {
            let out = Command::new(&groff)
                .args(["-man", "-Tutf8", "-ww", "-z"])
                .arg(p)
                .output()
                .unwrap_or_else(|e| panic!("{e}"));
            assert!(out.status.success(), "{}", p.display());
            assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{}", p.display());
        }
        // Plain text (-P-cbu: no bold, underline or escape codes), words
        // rejoined across the justified spacing.
        let text = Command::new(&groff)
            .args(["-man", "-Tutf8", "-P-cbu"])
            .arg(&pages[0])
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        let text = String::from_utf8_lossy(&text.stdout);
        let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(words.contains("(thủ tục hành chính)"), "{text}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
