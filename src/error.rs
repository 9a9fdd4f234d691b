//! The crate's one error type. Every message says what was wrong, where
//! (`annual.yaml:42:7`, `月度KPI!C14`) and, when we can tell, a hint.
//!
//! Printed like typst: `error: ...` then indented `hint: ...` lines.

use std::fmt;

/// What kind of failure: decides the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The command line or the deck spec is wrong (exit code 2).
    Usage,
    /// The spec is valid but something it names is wrong or missing: data,
    /// images, layouts, files (exit code 1).
    Build,
}

#[derive(Debug, Clone)]
pub struct Error {
    pub kind: Kind,
    pub message: String,
    /// What was being done, outermost first: `slide 5`, `metric `首响``.
    /// (A boxed slice: an `Error` stays small enough to return by value.)
    pub context: Box<[String]>,
    /// Where: `annual.yaml:42:7`, `月度KPI!C14`, a file path.
    pub at: Option<String>,
    pub hints: Vec<String>,
    /// Further errors reported together with this one (`deckgen check`).
    pub more: Vec<Error>,
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub fn usage(message: impl Into<String>) -> Error {
        Error {
            kind: Kind::Usage,
            message: message.into(),
            context: Box::default(),
            at: None,
            hints: vec![],
            more: vec![],
        }
    }

    pub fn build(message: impl Into<String>) -> Error {
        Error {
            kind: Kind::Build,
            message: message.into(),
            context: Box::default(),
            at: None,
            hints: vec![],
            more: vec![],
        }
    }

    /// Sets the location, unless one is already set (the innermost place wins).
    pub fn at(mut self, at: impl Into<String>) -> Error {
        if self.at.is_none() {
            let at = at.into();
            if !at.is_empty() {
                self.at = Some(at);
            }
        }
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Error {
        self.hints.push(hint.into());
        self
    }

    /// Adds a "did you mean" hint when one of `known` is close to `got`.
    pub fn suggest<'a>(self, got: &str, known: impl IntoIterator<Item = &'a str>) -> Error {
        match did_you_mean(got, known) {
            Some(s) => self.hint(format!("did you mean `{s}`?")),
            None => self,
        }
    }

    /// Prefixes the message with context, e.g. `slide 5` (once: the same
    /// context given twice is said once).
    pub fn context(mut self, ctx: impl fmt::Display) -> Error {
        let ctx = ctx.to_string();
        if !self.context.contains(&ctx) && !self.message.starts_with(&format!("{ctx}:")) {
            let mut v = std::mem::take(&mut self.context).into_vec();
            v.insert(0, ctx);
            self.context = v.into_boxed_slice();
        }
        self
    }

    /// The message with its context: `slide 5: metric `首响`: …`.
    pub fn full_message(&self) -> String {
        let mut s = String::new();
        for c in &self.context {
            s.push_str(c);
            s.push_str(": ");
        }
        s.push_str(&self.message);
        s
    }

    /// Where in the spec, as (line, column), for ordering messages as the spec reads.
    fn spec_position(&self) -> Option<(usize, usize)> {
        let at = self.at.as_deref()?;
        let mut it = at.rsplitn(3, ':');
        let col = it.next()?.parse().ok()?;
        let line = it.next()?.parse().ok()?;
        it.next().filter(|f| f.ends_with(".yaml") || f.ends_with(".yml"))?;
        Some((line, col))
    }

    /// Joins several errors into one (the first leads, the rest follow).
    pub fn many(errors: Vec<Error>) -> Option<Error> {
        // The same problem found from several places (a broken metric used on
        // three slides) is reported once, where it was found first.
        let mut seen = std::collections::HashSet::new();
        let mut errors: Vec<Error> = errors
            .into_iter()
            .flat_map(|e| {
                let more = e.more.clone();
                let ctx = e.context.clone();
                let mut all = vec![Error { more: vec![], ..e }];
                all.extend(more.into_iter().map(|mut m| {
                    for c in ctx.iter().rev() {
                        m = m.context(c);
                    }
                    m
                }));
                all
            })
            .filter(|e| seen.insert((e.message.clone(), e.at.clone())))
            .collect();
        if errors.is_empty() {
            return None;
        }
        // In the order the spec reads (problems in the data keep their place after).
        errors.sort_by_key(|e| e.spec_position().unwrap_or((usize::MAX, usize::MAX)));

        let mut first = errors.remove(0);
        if errors.iter().any(|e| e.kind == Kind::Usage) {
            first.kind = Kind::Usage;
        }
        first.more.extend(errors);
        Some(first)
    }

    /// This error alone, without the ones reported with it.
    pub fn single(&self) -> Error {
        Error {
            kind: self.kind,
            message: self.message.clone(),
            context: self.context.clone(),
            at: self.at.clone(),
            hints: self.hints.clone(),
            more: vec![],
        }
    }

    /// Every error in this one, flattened.
    pub fn all(&self) -> Vec<&Error> {
        let mut v = vec![self];
        for m in &self.more {
            v.extend(m.all());
        }
        v
    }

    /// Exit code for the binary: 2 for usage and spec errors, 1 for build failures.
    pub fn exit_code(&self) -> i32 {
        match self.kind {
            Kind::Usage => 2,
            Kind::Build => 1,
        }
    }

    fn fmt_one(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", cut_quoted(&self.full_message()))?;
        if let Some(at) = &self.at {
            write!(f, " ({at})")?;
        }
        for h in &self.hints {
            write!(f, "\n  hint: {h}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let all = self.all();
        for (i, e) in all.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            e.fmt_one(f)?;
        }
        if all.len() > 1 {
            write!(f, "\n{} problems", all.len())?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::build(e.to_string())
    }
}

impl Error {
    /// Adds hints naming the files of kind `exts` next to `path` (the one the
    /// user probably meant first): `workbooks there: a.xlsx, b.csv`.
    pub fn nearby(self, path: &std::path::Path, exts: &[&str], what: &str) -> Error {
        let Some(dir) = path.parent() else { return self };
        let dir = if dir.as_os_str().is_empty() { std::path::Path::new(".") } else { dir };
        let Ok(rd) = std::fs::read_dir(dir) else { return self };
        let mut found: Vec<String> = rd
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| {
                let l = n.to_lowercase();
                exts.iter().any(|x| l.ends_with(x))
            })
            .collect();
        if found.is_empty() {
            return self;
        }
        found.sort();
        let file = path.file_name().and_then(|f| f.to_str()).unwrap_or("");
        self.suggest(file, found.iter().map(String::as_str)).hint(format!("{what} there: {}", found.join(", ")))
    }
}

/// `s` shortened to `max` characters for a message, with `…` and the
/// number of characters left out when it is longer: a 5,000-character
/// cell is not echoed in full.
pub fn cut(s: &str, max: usize) -> String {
    let n = s.chars().count();
    if n <= max {
        return s.to_string();
    }
    let head: String = s.chars().take(max.saturating_sub(1)).collect();
    format!("{head}…（共{n}字）")
}

/// A message with every quoted run (in `…`, "…" or “…”) longer than
/// [`MAX_QUOTED`] characters cut: whatever site built it, a message never
/// echoes a whole 5,000-character cell or a 309-digit number.
fn cut_quoted(msg: &str) -> std::borrow::Cow<'_, str> {
    if msg.chars().count() <= MAX_QUOTED {
        return std::borrow::Cow::Borrowed(msg);
    }
    let mut out = String::with_capacity(msg.len().min(4096));
    let mut rest = msg;
    while let Some(i) = rest.find(['`', '"', '“']) {
        let open = rest[i..].chars().next().unwrap_or('"');
        let close = if open == '“' { '”' } else { open };
        let body_start = i + open.len_utf8();
        out.push_str(&rest[..body_start]);
        let Some(j) = rest[body_start..].find(close) else {
            rest = &rest[body_start..];
            break;
        };
        out.push_str(&cut(&rest[body_start..body_start + j], MAX_QUOTED));
        out.push(close);
        rest = &rest[body_start + j + close.len_utf8()..];
    }
    out.push_str(&cut(rest, 4 * MAX_QUOTED));
    std::borrow::Cow::Owned(out)
}

/// Longest quoted value a message shows in full.
const MAX_QUOTED: usize = 200;

/// Levenshtein distance over characters (works for 中文 names too).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The closest of `known` to `got`, when it is close enough to be a typo.
pub fn did_you_mean<'a>(got: &str, known: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let n = got.chars().count();
    let limit = match n {
        0..=2 => 1,
        3..=5 => 2,
        _ => 3,
    };
    let lower = got.to_lowercase();
    known
        .into_iter()
        .filter(|k| *k != got)
        .map(|k| (edit_distance(&lower, &k.to_lowercase()), k))
        .filter(|(d, k)| *d <= limit || (n >= 2 && (k.contains(got) || got.contains(*k))))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(did_you_mean("chrat", ["chart", "table", "cover"]), Some("chart".into()));
        assert_eq!(did_you_mean("询单转化", ["询单转化率", "首响"]), Some("询单转化率".into()));
        assert_eq!(did_you_mean("zzzzzz", ["chart", "table"]), None);
    }

    #[test]
    fn long_values_are_cut() {
        assert_eq!(cut("短", 80), "短");
        let long = "很".repeat(5000);
        let c = cut(&long, 80);
        assert_eq!(c.chars().count(), 79 + "…（共5000字）".chars().count());
        assert!(c.ends_with("…（共5000字）"));
    }

    #[test]
    fn messages_never_echo_a_whole_long_value() {
        let v = "9".repeat(309);
        let e = Error::build(format!("`x` needs a number, found \"{v}\" in `{}`", "长".repeat(1000)));
        let s = e.to_string();
        assert!(s.chars().count() < 600, "{s}");
        assert!(s.contains("…（共309字）\" in `") && s.contains("…（共1000字）`"), "{s}");
    }

    #[test]
    fn display_has_location_and_hints() {
        let e = Error::usage("unknown layout `chrat`").at("a.yaml:3:11").suggest("chrat", ["chart"]);
        assert_eq!(e.to_string(), "error: unknown layout `chrat` (a.yaml:3:11)\n  hint: did you mean `chart`?");
        assert_eq!(e.exit_code(), 2);
    }
}
