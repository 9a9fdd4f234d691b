//! Deterministic zip output: fixed timestamps, entries in the order given.
//! What is deflated is the caller's choice (see [`super::Package::write_zip`]);
//! parts under [`SMALL`] bytes are always stored: each deflated entry costs a
//! fresh compressor, which for a 300-byte relationships part takes longer
//! than the few hundred bytes it would save.

use std::io::{Seek, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

pub struct ZipOut<W: Write + Seek> {
    zip: ZipWriter<W>,
    deflated: SimpleFileOptions,
    stored: SimpleFileOptions,
}

/// Deflate level for XML parts (see the performance section of README.md).
pub const DEFLATE_LEVEL: i64 = 1;

/// Parts smaller than this are stored.
pub const SMALL: usize = 1024;

impl<W: Write + Seek> ZipOut<W> {
    pub fn new(out: W) -> Self {
        let base = SimpleFileOptions::default().last_modified_time(DateTime::default()).unix_permissions(0o644);
        ZipOut {
            zip: ZipWriter::new(out),
            deflated: base.compression_method(CompressionMethod::Deflated).compression_level(Some(DEFLATE_LEVEL)),
            stored: base.compression_method(CompressionMethod::Stored),
        }
    }

    pub fn add(&mut self, name: &str, data: &[u8], compress: bool) -> std::io::Result<()> {
        let opts = if compress && data.len() >= SMALL { self.deflated } else { self.stored };
        self.zip.start_file(name, opts).map_err(std::io::Error::other)?;
        self.zip.write_all(data)
    }

    pub fn finish(self) -> std::io::Result<W> {
        self.zip.finish().map_err(std::io::Error::other)
    }
}
