//! `deckgen init`: a spec and a blank workbook to fill in.

use crate::error::{Error, Result};
use std::path::Path;

pub fn run(kind: &str, _dir: &Path, _force: bool) -> Result<()> {
    Err(Error::usage(format!("`deckgen init {kind}` is not available yet")))
}
