//! Working calendar of state agencies (placeholder until the calendar issue lands).

use crate::diagnostics::Diagnostics;
use crate::catalog::legal::References;
use crate::source::SourceFile;

/// Calendars for the nation and for each province overlay.
#[derive(Debug, Default, Clone)]
pub struct CalendarSet {}

impl CalendarSet {
    /// Reads `calendar/*.toml` of the national tree and of each province overlay.
    pub fn load(
        _national: &[&SourceFile],
        _overlays: &[(String, Vec<&SourceFile>)],
        _diags: &mut Diagnostics,
        _refs: &mut References,
    ) -> CalendarSet {
        CalendarSet {}
    }
}
