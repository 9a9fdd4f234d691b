//! Building one deck per value of a column (every agent's 述职 deck).

use crate::error::{Error, Result};
use crate::resolve::Options;
use std::path::Path;

/// Builds every deck of a batch.
#[allow(clippy::too_many_arguments)]
pub fn run(
    _spec: &Path,
    _out: Option<&Path>,
    _opts: &Options,
    _layouts: Option<&Path>,
    _each: &str,
    _only: &[String],
    _jobs: Option<usize>,
    _quiet: bool,
) -> Result<()> {
    Err(Error::usage("batch builds are not available yet"))
}
