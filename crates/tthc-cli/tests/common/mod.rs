//! Helpers shared by the CLI's integration tests.

use std::path::PathBuf;

/// The path of a file or tree under the repository's `tests/fixtures`.
pub fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name)
        .display()
        .to_string()
}
