//! Deterministic zip output: fixed timestamps, entries in the order given.
//! What is deflated is the caller's choice (see [`super::Package::write_zip`]);
//! entries under [`SMALL`] bytes are always stored: each deflated entry costs
//! a fresh compressor, which for a 300-byte relationships part takes longer
//! than the few hundred bytes it would save.
//!
//! A large package (a deck) is deflated in groups of consecutive entries on
//! all cores, each group into a zip of its own, and the groups are then
//! merged in order into one archive: the compressed bytes do not depend on
//! how many cores did the work, so the output is the same on every machine.

use std::borrow::Cow;
use std::io::{Cursor, Seek, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

/// Deflate level for XML parts (see the performance section of README.md).
pub const DEFLATE_LEVEL: i64 = 1;

/// Entries smaller than this are stored.
pub const SMALL: usize = 1024;

/// Bytes to deflate in one group; a package with less is written in one go.
const GROUP: usize = 256 * 1024;

/// One file of the archive.
pub struct Entry<'a> {
    pub name: Cow<'a, str>,
    pub data: Cow<'a, [u8]>,
    pub deflate: bool,
}

impl Entry<'_> {
    fn deflated(&self) -> bool {
        self.deflate && self.data.len() >= SMALL
    }
}

/// Writes `entries` as a zip archive to `out`.
pub fn write<W: Write + Seek>(out: W, entries: &[Entry]) -> std::io::Result<W> {
    use rayon::prelude::*;
    let groups = groups(entries);
    let mut zip = ZipWriter::new(out);
    if groups.len() < 2 {
        add_all(&mut zip, entries)?;
    } else {
        let parts: Vec<std::io::Result<Vec<u8>>> = groups
            .par_iter()
            .with_max_len(1)
            .map(|g| {
                let mut z = ZipWriter::new(Cursor::new(Vec::with_capacity(GROUP / 4)));
                add_all(&mut z, &entries[g.clone()])?;
                Ok(z.finish().map_err(std::io::Error::other)?.into_inner())
            })
            .collect();
        for part in parts {
            let archive = ZipArchive::new(Cursor::new(part?)).map_err(std::io::Error::other)?;
            zip.merge_archive(archive).map_err(std::io::Error::other)?;
        }
    }
    zip.finish().map_err(std::io::Error::other)
}

/// Consecutive runs of entries with about [`GROUP`] bytes to deflate each.
fn groups(entries: &[Entry]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let (mut start, mut size) = (0, 0);
    for (i, e) in entries.iter().enumerate() {
        if e.deflated() {
            size += e.data.len();
        }
        if size >= GROUP {
            out.push(start..i + 1);
            (start, size) = (i + 1, 0);
        }
    }
    if start < entries.len() {
        out.push(start..entries.len());
    }
    out
}

fn add_all<W: Write + Seek>(zip: &mut ZipWriter<W>, entries: &[Entry]) -> std::io::Result<()> {
    let base = SimpleFileOptions::default().last_modified_time(DateTime::default()).unix_permissions(0o644);
    let deflated = base.compression_method(CompressionMethod::Deflated).compression_level(Some(DEFLATE_LEVEL));
    let stored = base.compression_method(CompressionMethod::Stored);
    for e in entries {
        zip.start_file(e.name.as_ref(), if e.deflated() { deflated } else { stored }).map_err(std::io::Error::other)?;
        zip.write_all(&e.data)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str, size: usize) -> Entry<'static> {
        let data: Vec<u8> = (0..size).map(|i| b"<a>text</a>"[i % 11]).collect();
        Entry { name: Cow::Owned(name.into()), data: Cow::Owned(data), deflate: true }
    }

    /// Grouped and merged, the archive holds the same entries, in order, as
    /// one written in a single pass.
    #[test]
    fn groups_merge_in_order() {
        let entries: Vec<Entry> = (0..40).map(|i| entry(&format!("p/{i}.xml"), 30_000 + i * 997)).collect();
        assert!(groups(&entries).len() > 2);
        let merged = write(Cursor::new(Vec::new()), &entries).unwrap().into_inner();
        let mut single = ZipWriter::new(Cursor::new(Vec::new()));
        add_all(&mut single, &entries).unwrap();
        let single = single.finish().unwrap().into_inner();
        assert_eq!(merged, single);
        let mut z = ZipArchive::new(Cursor::new(merged)).unwrap();
        for (i, e) in entries.iter().enumerate() {
            let mut f = z.by_index(i).unwrap();
            assert_eq!(f.name().unwrap(), e.name);
            let mut back = Vec::new();
            std::io::Read::read_to_end(&mut f, &mut back).unwrap();
            assert_eq!(back, e.data.as_ref());
        }
    }
}
