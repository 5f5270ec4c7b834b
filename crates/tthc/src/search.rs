//! Diacritic-insensitive Vietnamese search.
