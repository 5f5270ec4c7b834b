//! Vietnamese lunar calendar (placeholder until the calendar issue lands).
