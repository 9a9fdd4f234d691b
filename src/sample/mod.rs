//! The sample data of the shipped decks: a fictional Tmall shop's customer
//! service over two years, generated deterministically so that it can be
//! regenerated (`deckgen sample-data DIR`).

pub mod book;
pub mod books;
pub mod images;
pub mod notes;
pub mod plan;
pub mod shop;
pub mod sim;
pub mod vocab;
pub mod workflow;

use crate::error::{Error, Result};
use std::path::Path;

/// The files [`write`] makes in `dir` and `dir/../assets`.
fn files(dir: &Path) -> Vec<std::path::PathBuf> {
    let assets = dir.parent().unwrap_or(Path::new(".")).join("assets");
    let books = ["annual.xlsx", "review.xlsx", "monthly.xlsx", "weekly.xlsx"].map(|n| dir.join(n));
    books.into_iter().chain(["logo.png", "team.png"].map(|n| assets.join(n))).collect()
}

/// Writes the sample data into `dir`: the four workbooks, and the pictures
/// into `dir/../assets`. `shop` picks the sample (1: the shipped one, 2: a
/// smaller shop with a weak year whose workbook ends in mid-August);
/// `agents` sizes the team (48 and 14 by default). Existing files are kept
/// unless `force` (they may be someone's own figures).
pub fn write(dir: &Path, agents: Option<usize>, shop: u32, force: bool) -> Result<()> {
    let profile = match shop {
        1 => sim::Profile::first_shop(agents.unwrap_or(48)),
        2 => {
            let mut p = sim::Profile::second_shop();
            p.agents = agents.unwrap_or(p.agents);
            p
        }
        other => {
            return Err(Error::usage(format!("there is no sample shop {other}")).hint("--shop 1 or --shop 2"));
        }
    };
    let existing: Vec<String> = files(dir).iter().filter(|p| p.exists()).map(|p| p.display().to_string()).collect();
    if !force && !existing.is_empty() {
        return Err(Error::usage(format!(
            "{} already exist{}: deckgen does not overwrite them",
            existing.join(", "),
            if existing.len() == 1 { "s" } else { "" }
        ))
        .hint("give another folder (deckgen sample-data DIR), or add --force to overwrite"));
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::build(format!("cannot create {} ({e})", dir.display())))?;
    let shop = books::Shop::of(profile);
    for (name, bytes) in [
        ("annual.xlsx", books::annual(&shop).to_bytes()?),
        ("review.xlsx", books::review(&shop).to_bytes()?),
        ("monthly.xlsx", books::monthly(&shop).to_bytes()?),
        ("weekly.xlsx", books::weekly(&shop).to_bytes()?),
    ] {
        crate::pipeline::write_atomic(&dir.join(name), &bytes)?;
    }
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
