//! `tthc validate`'s diagnostics for a person at a terminal: the offending
//! source line with a caret under the column, in the layout of rustc's
//! errors (annotate-snippets, the crate rustc and cargo use).
//!
//! Scripts get the plain `file:line:col: error[CODE]: message` lines (the
//! `Display` of [`Diagnostic`]); this is only for terminals, see
//! [`crate::terminal`].

use std::collections::HashMap;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use tthc::diagnostics::{Diagnostic, Severity};

/// Every diagnostic with its source line, separated by blank lines;
/// `colour` adds ANSI styles.
pub fn render(diagnostics: &[Diagnostic], colour: bool) -> String {
    let renderer = if colour {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    // Each file is read once, however many problems it has.
    let mut sources: HashMap<&str, Option<String>> = HashMap::new();
    let mut out = Vec::with_capacity(diagnostics.len());
    for d in diagnostics {
        let source = d.location.as_ref().and_then(|loc| {
            sources
                .entry(loc.file.as_str())
                .or_insert_with(|| std::fs::read_to_string(&loc.file).ok())
                .as_deref()
        });
        out.push(renderer.render(&[group(d, source)]));
    }
    out.join("\n\n")
}

/// One diagnostic: title, the line with its caret when `source` has it (or
/// just `file:line:col`), and the help.
fn group<'a>(d: &'a Diagnostic, source: Option<&'a str>) -> Group<'a> {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
    };
    let title = level.primary_title(d.message.as_str()).id(d.code);
    let help = Level::HELP.message(d.help.as_str());
    let Some(loc) = &d.location else {
        return title.element(help);
    };
    let line_text = source.and_then(|s| s.lines().nth((loc.line as usize).saturating_sub(1)));
    let group = match line_text {
        Some(text) => {
            let text = text.strip_suffix('\r').unwrap_or(text);
            title.element(
                Snippet::source(text)
                    .line_start(loc.line as usize)
                    .path(loc.file.as_str())
                    .annotation(AnnotationKind::Primary.span(caret(text, loc.column))),
            )
        }
        None => title.element(
            Origin::path(loc.file.as_str())
                .line(loc.line as usize)
                .char_column(loc.column as usize),
        ),
    };
    group.element(help)
}

/// The byte range of the character at 1-based `column` (in characters), or
/// the empty range at the end of the line when the column is past it.
fn caret(line: &str, column: u32) -> std::ops::Range<usize> {
    let mut chars = line
        .char_indices()
        .skip((column as usize).saturating_sub(1));
    match chars.next() {
        Some((start, c)) => start..start + c.len_utf8(),
        None => line.len()..line.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tthc::diagnostics::SourceLocation;

    #[test]
    fn the_caret_counts_characters_not_bytes() {
        assert_eq!(caret("tên = \"Đăng\"", 7), 7..8);
        assert_eq!(caret("tên = \"Đăng\"", 8), 8..10, "Đ is two bytes");
        assert_eq!(caret("ab", 9), 2..2);
    }

    #[test]
    fn a_diagnostic_shows_its_line_and_a_caret_under_the_column() {
        let d = Diagnostic {
            code: "E0103",
            severity: Severity::Error,
            message: "`amount` in fee is a string, expected an integer".into(),
            help: "write `amount` as an integer".into(),
            location: Some(SourceLocation {
                file: "made-up.toml".into(),
                line: 29,
                column: 10,
            }),
        };
        let source = format!("{}amount = \"50000\"\n", "\n".repeat(28));
        let text = Renderer::plain().render(&[group(&d, Some(&source))]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines,
            [
                "error[E0103]: `amount` in fee is a string, expected an integer",
                "  --> made-up.toml:29:10",
                "   |",
                "29 | amount = \"50000\"",
                "   |          ^",
                "   |",
                "   = help: write `amount` as an integer",
            ],
            "{text}"
        );
        // Without the source (a file since removed): the location alone.
        let text = Renderer::plain().render(&[group(&d, None)]);
        assert!(text.contains("--> made-up.toml:29:10"), "{text}");
        assert!(!text.contains('^'), "{text}");
    }
}
