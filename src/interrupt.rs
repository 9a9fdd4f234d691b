//! Ctrl-C, SIGTERM and SIGHUP (a closed terminal, a cron job that is
//! killed): the process ends with exit code 130, leaves finished decks and
//! nothing else, and says which decks were written.
//!
//! - The handler is installed first thing in `main`, so a signal at any
//!   moment of a build reaches it (before, the default action killed the
//!   process with the signal).
//! - On Unix the signal is recorded the moment it arrives (an atomic set
//!   in the signal handler) and handled on a thread woken through a pipe.
//!   [`exit`], the last thing `main` does, looks at that record too: a
//!   signal that arrives just after the deck was written still ends with
//!   130, and the message says the deck is complete.
//! - A deck takes its name under [`commit`], which holds the lock the
//!   handler takes: the handler sees either the old deck untouched or the
//!   new one in place and reported, never a rename half done.
//! - Named temporary files (where the system cannot write an unnamed one)
//!   are registered while they are created, under the same lock, and
//!   removed by the handler.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Exit code of an interrupted build (128 + SIGINT, as shells report it).
pub const EXIT_CODE: i32 = 130;

struct State {
    /// Temporary files being written, removed when the build is interrupted.
    in_flight: Vec<PathBuf>,
    /// Decks in place, and the last of them.
    written: usize,
    last: Option<PathBuf>,
}

static STATE: Mutex<State> = Mutex::new(State { in_flight: Vec::new(), written: 0, last: None });

fn state() -> std::sync::MutexGuard<'static, State> {
    STATE.lock().unwrap_or_else(|e| e.into_inner())
}

/// Installs the handler of SIGINT, SIGTERM and SIGHUP, once per process.
pub fn install() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(sys::install);
}

/// Removes the temporary files, says what was written, and exits with 130.
/// Keeps the lock to the end, so nothing is renamed meanwhile.
fn handle() -> ! {
    let st = state();
    for f in &st.in_flight {
        let _ = std::fs::remove_file(f);
    }
    report(&st);
    std::process::exit(EXIT_CODE);
}

fn report(st: &State) {
    match (&st.last, st.written) {
        (None, _) => eprintln!(
            "interrupted: no deck was written (a deck already there is unchanged); unfinished files were removed"
        ),
        (Some(p), 1) => eprintln!("interrupted after {} was written: it is complete", p.display()),
        (Some(p), n) => eprintln!(
            "interrupted: {n} decks were written and are complete (the last: {}); unfinished ones were removed",
            p.display()
        ),
    }
}

/// Ends the process with `code`, or with 130 if a signal arrived while it
/// was running (even after its work was done).
pub fn exit(code: u8) -> ! {
    let st = state();
    if sys::signalled() {
        report(&st);
        std::process::exit(EXIT_CODE);
    }
    drop(st);
    std::process::exit(i32::from(code));
}

/// Runs `rename` (which puts a finished deck at `path`) under the handler's
/// lock, and records the deck as written when it succeeds.
pub fn commit<T>(path: &Path, rename: impl FnOnce() -> std::io::Result<T>) -> std::io::Result<T> {
    install();
    let mut st = state();
    let r = rename()?;
    st.written += 1;
    st.last = Some(path.to_path_buf());
    Ok(r)
}

/// A temporary file known to the handler until it is dropped (after it has
/// been renamed into place or deleted).
pub struct InFlight(PathBuf);

/// Runs `create` (which makes a named temporary file) and registers the
/// path it returns, both under the handler's lock.
pub fn create<T>(
    create: impl FnOnce() -> std::io::Result<T>,
    path: impl Fn(&T) -> &Path,
) -> std::io::Result<(T, InFlight)> {
    install();
    let mut st = state();
    let made = create()?;
    let p = path(&made).to_path_buf();
    st.in_flight.push(p.clone());
    Ok((made, InFlight(p)))
}

impl Drop for InFlight {
    fn drop(&mut self) {
        let mut st = state();
        if let Some(i) = st.in_flight.iter().position(|f| f == &self.0) {
            st.in_flight.swap_remove(i);
        }
    }
}

#[cfg(unix)]
mod sys {
    use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};

    static SIGNALLED: AtomicBool = AtomicBool::new(false);
    static PIPE_WRITE: AtomicI32 = AtomicI32::new(-1);

    /// The signal handler: only async-signal-safe work (an atomic store
    /// and a write(2)).
    extern "C" fn on_signal(_: libc::c_int) {
        SIGNALLED.store(true, Ordering::SeqCst);
        let fd = PIPE_WRITE.load(Ordering::SeqCst);
        if fd >= 0 {
            let b = 1u8;
            // SAFETY: writing one byte from a valid buffer to a pipe we own.
            unsafe { libc::write(fd, (&b as *const u8).cast(), 1) };
        }
    }

    pub fn signalled() -> bool {
        SIGNALLED.load(Ordering::SeqCst)
    }

    pub fn install() {
        let mut fds = [0 as libc::c_int; 2];
        // SAFETY: pipe(2) fills the two descriptors of a valid array.
        if unsafe { libc::pipe(fds.as_mut_ptr()) } != 0 {
            return;
        }
        for fd in fds {
            // SAFETY: fcntl on descriptors we just made.
            unsafe { libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC) };
        }
        PIPE_WRITE.store(fds[1], Ordering::SeqCst);
        let read_fd = fds[0];
        let spawned = std::thread::Builder::new().name("signals".into()).spawn(move || {
            loop {
                let mut b = 0u8;
                // SAFETY: reading one byte into a valid buffer from our pipe.
                let n = unsafe { libc::read(read_fd, (&mut b as *mut u8).cast(), 1) };
                if n == 1 {
                    super::handle();
                }
                if n < 0 && std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
                    continue;
                }
                return;
            }
        });
        if spawned.is_err() {
            return;
        }
        for sig in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
            // SAFETY: a zeroed sigaction with a valid handler and an empty mask.
            unsafe {
                let mut sa: libc::sigaction = std::mem::zeroed();
                sa.sa_sigaction = on_signal as *const () as libc::sighandler_t;
                sa.sa_flags = libc::SA_RESTART;
                libc::sigemptyset(&mut sa.sa_mask);
                libc::sigaction(sig, &sa, std::ptr::null_mut());
            }
        }
    }
}

#[cfg(not(unix))]
mod sys {
    use std::sync::atomic::{AtomicBool, Ordering};

    static SIGNALLED: AtomicBool = AtomicBool::new(false);

    pub fn signalled() -> bool {
        SIGNALLED.load(Ordering::SeqCst)
    }

    pub fn install() {
        let _ = ctrlc::set_handler(|| {
            SIGNALLED.store(true, Ordering::SeqCst);
            super::handle();
        });
    }
}
