//! Ctrl-C, SIGTERM and SIGHUP (a closed terminal, a cron job that is
//! killed): the temporary files of decks being written are removed before
//! the process exits, so an interrupted build leaves finished decks and
//! nothing else: no `.deckgen-*.part` files in the output folder.
//!
//! Every temporary file is registered while it is created (under the same
//! lock the handler takes), so the handler sees all of them; it keeps the
//! lock until the process has exited, so no new one appears meanwhile.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};

static IN_FLIGHT: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Exit code of an interrupted build (128 + SIGINT, as shells report it).
pub const EXIT_CODE: i32 = 130;

/// Installs the handler, once per process: before the first temporary file
/// is made (until then an interrupted build has nothing to clean up).
fn install() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = ctrlc::set_handler(handle);
    });
}

/// Removes the registered files and exits, keeping the lock to the end.
fn handle() {
    let files = IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner());
    for f in files.iter() {
        let _ = std::fs::remove_file(f);
    }
    eprintln!("interrupted: the decks already written are complete; unfinished ones were removed");
    std::process::exit(EXIT_CODE);
}

/// A temporary file known to the handler until it is dropped (after it has
/// been renamed into place or deleted).
pub struct InFlight(PathBuf);

/// Runs `create` (which makes a temporary file) and registers the path it
/// returns, both under the handler's lock.
pub fn create<T>(
    create: impl FnOnce() -> std::io::Result<T>,
    path: impl Fn(&T) -> &Path,
) -> std::io::Result<(T, InFlight)> {
    install();
    let mut files = IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner());
    let made = create()?;
    let p = path(&made).to_path_buf();
    files.push(p.clone());
    Ok((made, InFlight(p)))
}

impl Drop for InFlight {
    fn drop(&mut self) {
        let mut files = IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(i) = files.iter().position(|f| f == &self.0) {
            files.swap_remove(i);
        }
    }
}
