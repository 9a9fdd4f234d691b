//! Reading the files a build names — the spec, workbooks, pictures,
//! layouts — safely: only regular files (a FIFO would block forever, a
//! device such as `/dev/zero` never ends, a folder is not a file), and no
//! more than a stated number of bytes, so a wrong path costs an error, not
//! a hung or exhausted machine.

use std::io::Read;
use std::path::Path;

/// Why a file could not be read.
#[derive(Debug)]
pub enum ReadError {
    NotFound,
    /// A folder, FIFO, device or socket: what it is, in words.
    NotAFile(&'static str),
    /// Larger than the limit (bytes).
    TooLarge {
        limit: u64,
    },
    Io(std::io::Error),
}

impl ReadError {
    /// A sentence about `what` (e.g. "the workbook `data/x.xlsx`").
    pub fn describe(&self, what: &str) -> String {
        match self {
            ReadError::NotFound => format!("{what} does not exist"),
            ReadError::NotAFile(kind) => format!("{what} is {kind}, not a file"),
            ReadError::TooLarge { limit } => format!("{what} is larger than {}, more than deckgen reads", size(*limit)),
            ReadError::Io(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                format!("{what} cannot be read (permission denied)")
            }
            ReadError::Io(e) => format!("{what} cannot be read ({e})"),
        }
    }
}

/// `128 MB`, `16 KB`.
pub fn size(bytes: u64) -> String {
    if bytes >= 1 << 20 { format!("{} MB", bytes >> 20) } else { format!("{} KB", bytes.div_ceil(1024)) }
}

/// What a non-regular file is, in words.
fn kind(m: &std::fs::Metadata) -> &'static str {
    let t = m.file_type();
    if t.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}

/// Checks that `path` (symbolic links followed) is a regular file, without
/// opening it. `Ok(None)` when nothing is there.
pub fn check_regular(path: &Path) -> Result<Option<std::fs::Metadata>, ReadError> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => Ok(Some(m)),
        Ok(m) => Err(ReadError::NotAFile(kind(&m))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(ReadError::Io(e)),
    }
}

/// Reads the regular file at `path`, at most `limit` bytes.
pub fn read(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    // Opening a FIFO without a writer would block; non-blocking, it opens
    // at once and is then refused as not a file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NONBLOCK);
    }
    let f = opts.open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ReadError::NotFound,
        _ => ReadError::Io(e),
    })?;
    let m = f.metadata().map_err(ReadError::Io)?;
    if !m.is_file() {
        return Err(ReadError::NotAFile(kind(&m)));
    }
    if m.len() > limit {
        return Err(ReadError::TooLarge { limit });
    }
    let mut out = Vec::with_capacity(usize::try_from(m.len()).unwrap_or(0));
    // The file may grow while it is read: the limit holds all the same.
    f.take(limit + 1).read_to_end(&mut out).map_err(ReadError::Io)?;
    if out.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.txt");
        std::fs::write(&f, "12345").unwrap();
        assert_eq!(read(&f, 5).unwrap(), b"12345");
        assert!(matches!(read(&f, 4), Err(ReadError::TooLarge { limit: 4 })));
        assert!(matches!(read(dir.path(), 100), Err(ReadError::NotAFile("a folder"))));
        assert!(matches!(read(&dir.path().join("none"), 100), Err(ReadError::NotFound)));
        #[cfg(unix)]
        {
            // A symbolic link to a device is the device.
            let link = dir.path().join("zero.csv");
            std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
            assert!(matches!(read(&link, 100), Err(ReadError::NotAFile("a device"))));
            assert!(matches!(check_regular(&link), Err(ReadError::NotAFile("a device"))));
            let fifo = dir.path().join("pipe.xlsx");
            let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
            // SAFETY: a valid NUL-terminated path.
            assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
            assert!(matches!(read(&fifo, 100), Err(ReadError::NotAFile("a named pipe (FIFO)"))));
        }
        assert_eq!(ReadError::NotFound.describe("the workbook `x.xlsx`"), "the workbook `x.xlsx` does not exist");
    }
}
