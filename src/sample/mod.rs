//! The sample data of the shipped decks: a fictional Tmall shop's customer
//! service over two years, generated deterministically so that it can be
//! regenerated (`deckgen sample-data DIR`).

pub mod images;

use crate::error::{Error, Result};
use std::path::Path;

/// Writes the sample data into `dir`: workbooks, and the pictures into `dir/../assets`.
pub fn write(dir: &Path, _agents: Option<usize>) -> Result<()> {
    let assets = dir.parent().unwrap_or(Path::new(".")).join("assets");
    write_images(&assets)
}

/// Writes the sample pictures into `dir`.
pub fn write_images(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::build(format!("cannot create {} ({e})", dir.display())))?;
    for (name, bytes) in [("logo.png", images::logo()?), ("team.png", images::team()?)] {
        crate::pipeline::write_atomic(&dir.join(name), &bytes)?;
    }
    Ok(())
}
