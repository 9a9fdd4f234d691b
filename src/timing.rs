//! `DECKGEN_TIMING=1` prints where a build spends its time, on stderr, for
//! profiling. Off by default; one switch for every step that reports.

use std::sync::OnceLock;
use std::time::Instant;

/// Whether the timings are printed (read once per process).
pub fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("DECKGEN_TIMING").is_some())
}

/// Prints how long `what` has taken since `since`, indented by `depth`
/// (0: steps of the command, 1: inside a step, 2: inside that).
pub fn lap(depth: usize, what: impl std::fmt::Display, since: Instant) {
    if enabled() {
        let ms = since.elapsed().as_secs_f64() * 1000.0;
        match depth {
            0 => eprintln!("{ms:>8.2} ms  {what}"),
            d => eprintln!("{:w$}{what}: {ms:.2} ms", "", w = 8 + 2 * d),
        }
    }
}
