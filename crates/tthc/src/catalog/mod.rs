//! The procedure catalogue.
pub mod legal;
pub mod validity;

/// A loaded catalogue.
#[derive(Debug, Clone, Default)]
pub struct Catalog {}
