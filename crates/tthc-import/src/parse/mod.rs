//! Parsers for the portal's field texts. Each takes the source's words and
//! returns what the catalogue stores, the words kept as read, and doubts.

pub(crate) mod channels;
pub(crate) mod fee;
pub(crate) mod legal;
#[macro_use]
pub(crate) mod text;
pub(crate) mod time;
