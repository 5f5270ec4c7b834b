//! A small command-line parser: positional arguments and `--flag [value]`.
//!
//! The CLI has a handful of subcommands with a few flags each; a parser this
//! size keeps the binary's dependencies to the engine alone.

use std::collections::BTreeMap;

/// Parsed arguments of one subcommand.
#[derive(Debug, Default)]
pub struct Args {
    pub positional: Vec<String>,
    flags: BTreeMap<String, Option<String>>,
}

/// A usage error, printed with the subcommand's usage line; exit code 2.
#[derive(Debug)]
pub struct UsageError(pub String);

impl Args {
    /// Splits `raw` into positionals and flags. `switches` are flags that take
    /// no value; every other `--flag` takes the next argument as its value.
    pub fn parse(raw: &[String], valued: &[&str], switches: &[&str]) -> Result<Args, UsageError> {
        let mut args = Args::default();
        let mut it = raw.iter();
        while let Some(a) = it.next() {
            if let Some(name) = a.strip_prefix("--") {
                let (name, inline) = match name.split_once('=') {
                    Some((n, v)) => (n, Some(v.to_string())),
                    None => (name, None),
                };
                if switches.contains(&name) {
                    args.flags.insert(name.to_string(), None);
                } else if valued.contains(&name) {
                    let v = match inline {
                        Some(v) => v,
                        None => it
                            .next()
                            .cloned()
                            .ok_or_else(|| UsageError(format!("--{name} needs a value")))?,
                    };
                    args.flags.insert(name.to_string(), Some(v));
                } else {
                    return Err(UsageError(format!("unknown option --{name}")));
                }
            } else if a == "-o" {
                let v = it
                    .next()
                    .cloned()
                    .ok_or_else(|| UsageError("-o needs a value".into()))?;
                args.flags.insert("output".into(), Some(v));
            } else {
                args.positional.push(a.clone());
            }
        }
        Ok(args)
    }

    pub fn has(&self, flag: &str) -> bool {
        self.flags.contains_key(flag)
    }

    pub fn value(&self, flag: &str) -> Option<&str> {
        self.flags.get(flag).and_then(|v| v.as_deref())
    }

    /// The positional argument at `i`, or a usage error naming it.
    pub fn pos(&self, i: usize, name: &str) -> Result<&str, UsageError> {
        self.positional
            .get(i)
            .map(String::as_str)
            .ok_or_else(|| UsageError(format!("missing {name}")))
    }
}
