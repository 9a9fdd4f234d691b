//! Where a deck goes, and writing it there without losing anyone's files.
//!
//! - [`check`]: the target is a new path or an existing deck — never an
//!   input of the build (the spec, a workbook, a picture, a layout), never
//!   a device, FIFO or folder, never another kind of file, never a
//!   read-only deck.
//! - [`write`]: the deck appears whole or not at all. On Linux it is
//!   written to an unnamed file (`O_TMPFILE`) that is linked into place
//!   when complete: a killed build leaves nothing behind. Elsewhere, or
//!   where the file system cannot, a hidden `.deckgen-PID-….part` file is
//!   renamed into place; one left by a killed process is removed by the
//!   next build into the folder.
//! - [`to_stdout`]: `-o -`, for pipelines.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// A file the build reads, and what it is (for the message).
pub type Input = (PathBuf, &'static str);

/// `-o -`: the deck goes to standard output.
pub fn is_stdout(out: Option<&Path>) -> bool {
    out.is_some_and(|o| o.as_os_str() == "-")
}

/// Whether `a` and `b` name the same file (hard links and symbolic links
/// included).
fn same_file(a: &std::fs::Metadata, b: &Path) -> bool {
    let Ok(m) = std::fs::metadata(b) else { return false };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        a.dev() == m.dev() && a.ino() == m.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = (a, m);
        false
    }
}

/// Checks that a deck may be written to `path`.
pub fn check(path: &Path, inputs: &[Input]) -> Result<()> {
    check_kind(path, inputs, "pptx", "deck")
}

/// Checks that a picture (`--png`, `--png-charts`) may be written to `path`:
/// as for a deck, never over an input, a device or a file of another kind.
pub fn check_picture(path: &Path, inputs: &[Input]) -> Result<()> {
    check_kind(path, inputs, "png", "picture")
}

/// Checks that a file of extension `ext` (a `kind`) may be written to `path`.
fn check_kind(path: &Path, inputs: &[Input], ext: &str, kind: &str) -> Result<()> {
    let shown = path.display().to_string();
    let meta = match crate::input::check_regular(path) {
        Ok(Some(m)) => m,
        Ok(None) => return Ok(()),
        Err(crate::input::ReadError::NotAFile(is)) => {
            return Err(Error::usage(format!("`{shown}` is {is}, not a file: deckgen does not write a {kind} there"))
                .hint("give a path ending in .pptx (-o 周报.pptx), or `-o -` to write the deck to standard output"));
        }
        Err(e) => return Err(Error::build(e.describe(&format!("the output `{shown}`")))),
    };
    #[cfg(not(unix))]
    let canonical = std::fs::canonicalize(path).ok();
    for (input, what) in inputs {
        #[cfg(not(unix))]
        let same = canonical.is_some() && std::fs::canonicalize(input).ok() == canonical;
        #[cfg(unix)]
        let same = same_file(&meta, input);
        if same {
            return Err(Error::usage(format!(
                "`{shown}` is {what} of this build: writing the {kind} there would destroy it"
            ))
            .hint("give the deck a name of its own, e.g. -o 周报.pptx"));
        }
    }
    let same_kind = path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case(ext));
    if !same_kind {
        let what = if kind == "deck" { "a deck" } else { "a picture" };
        return Err(Error::usage(format!("`{shown}` exists and is not {what} (.{ext}): deckgen does not replace it"))
            .hint("give a name ending in .pptx, or delete the file first if it should go"));
    }
    if meta.permissions().readonly() {
        return Err(Error::build(format!("`{shown}` is read-only: deckgen does not replace it"))
            .hint("make it writable (chmod u+w; Windows: 属性 → 取消“只读”), or write the deck elsewhere with -o"));
    }
    Ok(())
}

/// Writes the deck to standard output.
pub fn to_stdout(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|_| out.flush())
        .map_err(|e| Error::build(format!("cannot write the deck to standard output ({e})")))
}

/// Refuses `-o -` when standard output is a terminal (a deck is binary).
pub fn check_stdout() -> Result<()> {
    use std::io::IsTerminal;
    if std::io::stdout().is_terminal() {
        return Err(Error::usage("`-o -` writes the deck to standard output, which is a terminal here")
            .hint("redirect it: deckgen build SPEC -o - > deck.pptx, or pipe it to another program"));
    }
    Ok(())
}

/// Prefix of the hidden temporary files (`.deckgen-PID-….part`).
const PREFIX: &str = ".deckgen-";
const SUFFIX: &str = ".part";

/// Writes `bytes` to `path`: whole or not at all, and never a partial file
/// under the deck's name. `durable` also flushes the data to the disk
/// before the file takes its name (a batch skips that for each of its
/// hundreds of decks: a crash can only lose decks that one command
/// rebuilds).
pub fn write(path: &Path, bytes: &[u8], durable: bool) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir)
        .map_err(|e| Error::build(format!("cannot create the output folder ({e})")).at(dir.display().to_string()))?;
    remove_stale_parts(&dir);
    // A new file gets the usual rw-r--r--; a replaced one keeps its permissions.
    let mode = existing_mode(path);
    #[cfg(target_os = "linux")]
    if let Some(done) = linux::write_unnamed(&dir, path, bytes, durable, mode) {
        return done;
    }
    write_named(&dir, path, bytes, durable, mode)
}

#[cfg(unix)]
fn existing_mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).map(|m| m.permissions().mode() & 0o7777).unwrap_or(0o644)
}

#[cfg(not(unix))]
fn existing_mode(_: &Path) -> u32 {
    0o644
}

fn cannot_write(dir: &Path, e: std::io::Error) -> Error {
    Error::build(format!("cannot write in the output folder ({e})"))
        .at(dir.display().to_string())
        .hint("check that you may write in this folder, or give another with -o")
}

fn cannot_rename(path: &Path, e: std::io::Error) -> Error {
    Error::build(format!("cannot move the finished deck into place ({e})"))
        .at(path.display().to_string())
        .hint("if the deck is open in PowerPoint or WPS, close it and build again; the old file is unchanged")
}

/// The portable way: a hidden named file in the same folder, renamed.
fn write_named(dir: &Path, path: &Path, bytes: &[u8], durable: bool, mode: u32) -> Result<()> {
    let prefix = format!("{PREFIX}{}-", std::process::id());
    // Registered so that an interrupted build removes it (see `interrupt`).
    let (mut tmp, _in_flight) = crate::interrupt::create(
        || tempfile::Builder::new().prefix(&prefix).suffix(SUFFIX).tempfile_in(dir),
        |t| t.path(),
    )
    .map_err(|e| cannot_write(dir, e))?;
    tmp.write_all(bytes)
        .and_then(|_| if durable { tmp.as_file().sync_all() } else { Ok(()) })
        .map_err(|e| Error::build(format!("cannot write the deck ({e})")).at(path.display().to_string()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = tmp.as_file().set_permissions(std::fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = mode;
    crate::interrupt::commit(path, || tmp.persist(path).map(|_| ()).map_err(|e| e.error))
        .map_err(|e| cannot_rename(path, e))
}

/// Removes `.deckgen-PID-….part` files whose process is gone (killed
/// before it could clean up), and old ones without a process id (written
/// by earlier versions). Once per folder and process: a batch of 1,000
/// decks reads its folder once, not 1,000 times.
fn remove_stale_parts(dir: &Path) {
    static DONE: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());
    {
        let mut done = DONE.lock().unwrap_or_else(|e| e.into_inner());
        if done.iter().any(|d| d == dir) {
            return;
        }
        done.push(dir.to_path_buf());
    }
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    let me = std::process::id();
    for e in rd.filter_map(|e| e.ok()) {
        let name = e.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(middle) = name.strip_prefix(PREFIX).and_then(|n| n.strip_suffix(SUFFIX)) else { continue };
        let pid = middle.split_once('-').and_then(|(p, _)| p.parse::<u32>().ok());
        let stale = match pid {
            Some(p) => p != me && !alive(p),
            None => e
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() > 3600),
        };
        if stale {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

#[cfg(unix)]
fn alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else { return false };
    // SAFETY: kill with signal 0 only checks that the process exists.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(not(unix))]
fn alive(_: u32) -> bool {
    true
}

#[cfg(target_os = "linux")]
mod linux {
    use super::*;
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::OpenOptionsExt;
    use std::os::unix::io::AsRawFd;

    fn c_path(p: &Path) -> std::io::Result<CString> {
        CString::new(p.as_os_str().as_bytes()).map_err(std::io::Error::other)
    }

    /// `linkat(2)` of an open unnamed file to `to`, through /proc.
    fn link(f: &std::fs::File, to: &Path) -> std::io::Result<()> {
        let from = c_path(Path::new(&format!("/proc/self/fd/{}", f.as_raw_fd())))?;
        let to = c_path(to)?;
        // SAFETY: two valid NUL-terminated paths.
        let r = unsafe {
            libc::linkat(libc::AT_FDCWD, from.as_ptr(), libc::AT_FDCWD, to.as_ptr(), libc::AT_SYMLINK_FOLLOW)
        };
        if r == 0 { Ok(()) } else { Err(std::io::Error::last_os_error()) }
    }

    /// Writes through an unnamed file linked into place. None when the
    /// system or file system cannot (the caller falls back to a named file).
    pub fn write_unnamed(dir: &Path, path: &Path, bytes: &[u8], durable: bool, mode: u32) -> Option<Result<()>> {
        let mut f = std::fs::OpenOptions::new().write(true).custom_flags(libc::O_TMPFILE).mode(mode).open(dir).ok()?;
        if let Err(e) = f.write_all(bytes).and_then(|_| if durable { f.sync_all() } else { Ok(()) }) {
            return Some(Err(Error::build(format!("cannot write the deck ({e})")).at(path.display().to_string())));
        }
        use std::os::unix::fs::PermissionsExt;
        let _ = f.set_permissions(std::fs::Permissions::from_mode(mode));
        let mut unsupported = false;
        let done = crate::interrupt::commit(path, || {
            match link(&f, path) {
                Ok(()) => return Ok(()),
                Err(e) if e.raw_os_error() == Some(libc::EEXIST) => {}
                Err(e) => {
                    // No /proc, or a file system without hard links.
                    unsupported = true;
                    return Err(e);
                }
            }
            // An existing deck is replaced by a rename, which needs a name:
            // a hidden one for the moment between the link and the rename.
            let n = std::sync::atomic::AtomicU32::new(0);
            loop {
                let tmp = dir.join(format!(
                    "{PREFIX}{}-{}{SUFFIX}",
                    std::process::id(),
                    n.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
                ));
                match link(&f, &tmp) {
                    Ok(()) => {
                        let r = std::fs::rename(&tmp, path);
                        if r.is_err() {
                            let _ = std::fs::remove_file(&tmp);
                        }
                        return r;
                    }
                    Err(e) if e.raw_os_error() == Some(libc::EEXIST) => continue,
                    Err(e) => return Err(e),
                }
            }
        });
        match done {
            Ok(()) => Some(Ok(())),
            Err(_) if unsupported => None,
            Err(e) => Some(Err(cannot_rename(path, e))),
        }
    }
}

/// Writes `bytes` to `path` through a temporary file and a rename, so a
/// failed or killed build never leaves a partial file and never touches an
/// existing one (see [`write`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write(path, bytes, true)
}

/// Like [`write_atomic`]; `durable` also flushes the file to the disk before
/// it takes the final name. A batch skips that for each of its hundreds of
/// decks (it took a fifth of a 1,000-deck batch): a crash can only lose
/// decks that one command rebuilds, and never leaves a partial file under
/// a deck's name.
pub fn write_file(path: &Path, bytes: &[u8], durable: bool) -> Result<()> {
    write(path, bytes, durable)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_folders_and_inputs_are_refused() {
        // Checks only: nothing is written.
        assert_eq!(check(Path::new("/dev/null"), &[]).unwrap_err().exit_code(), 2);
        let dir = tempfile::tempdir().unwrap();
        let e = check(dir.path(), &[]).unwrap_err();
        assert!(e.message.contains("is a folder"), "{e}");
        let spec = dir.path().join("a.yaml");
        std::fs::write(&spec, "x").unwrap();
        let e = check(&spec, &[(spec.clone(), "the deck spec")]).unwrap_err();
        assert!(e.message.contains("is the deck spec of this build"), "{e}");
        assert_eq!(e.exit_code(), 2);
        // Not an input, but not a deck either.
        assert!(check(&spec, &[]).unwrap_err().message.contains("is not a deck"));
        let deck = dir.path().join("a.pptx");
        assert!(check(&deck, &[]).is_ok());
        std::fs::write(&deck, "x").unwrap();
        assert!(check(&deck, &[]).is_ok());
    }

    #[test]
    fn written_whole_with_no_file_left_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let deck = dir.path().join("d.pptx");
        write(&deck, b"one", false).unwrap();
        write(&deck, b"two", true).unwrap();
        assert_eq!(std::fs::read(&deck).unwrap(), b"two");
        let names: Vec<String> =
            std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        assert_eq!(names, ["d.pptx"]);
    }

    /// The portable path (where O_TMPFILE is not available): a named
    /// .part file with the process id, renamed into place, none left.
    #[test]
    fn named_temporary_files_are_renamed_and_gone() {
        let dir = tempfile::tempdir().unwrap();
        let deck = dir.path().join("d.pptx");
        write_named(dir.path(), &deck, b"one", false, 0o644).unwrap();
        write_named(dir.path(), &deck, b"two", true, 0o600).unwrap();
        assert_eq!(std::fs::read(&deck).unwrap(), b"two");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&deck).unwrap().permissions().mode() & 0o777, 0o600);
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn parts_of_dead_processes_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        // No process has id 4,000,000,000 (Linux ids stop at 2^22).
        let dead = dir.path().join(".deckgen-4000000000-x1.part");
        let mine = dir.path().join(format!(".deckgen-{}-x2.part", std::process::id()));
        let other = dir.path().join("notes.part");
        for f in [&dead, &mine, &other] {
            std::fs::write(f, "x").unwrap();
        }
        write(&dir.path().join("d.pptx"), b"deck", false).unwrap();
        assert!(!dead.exists());
        assert!(mine.exists() && other.exists());
    }
}
