//! What a build noticed that the reader of the deck should know, as a value:
//! a severity, the place (the same `annual.yaml:42:7`, `月度KPI!C14`,
//! `data.xlsx › 日报` an [`Error`](crate::error::Error) names), the slide it
//! is about, the message and hints.
//!
//! Printed as `warning: PLACE: message` (a slide's as `warning: slide 5
//! (PLACE): message`), then indented `hint: ...` lines as errors have.

use std::fmt;

/// How much a warning matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// Something deckgen assumed that the reader may want to make explicit;
    /// the deck is right as built.
    Notice,
    /// The deck is built but shows less, or other, than the spec asked for.
    Warning,
}

impl Severity {
    /// The word a printed line starts with.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Notice => "notice",
            Severity::Warning => "warning",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Warning {
    pub severity: Severity,
    /// The slide it is about (its number in the spec), when it is about one.
    pub slide: Option<usize>,
    /// Where: `annual.yaml:42:7`, `月度KPI!C14`, `data.xlsx › 日报`.
    pub at: Option<String>,
    pub message: String,
    pub hints: Vec<String>,
}

impl Warning {
    /// A warning that names no place.
    pub fn new(message: impl Into<String>) -> Warning {
        Warning { severity: Severity::Warning, slide: None, at: None, message: message.into(), hints: vec![] }
    }

    /// A notice that names no place.
    pub fn notice(message: impl Into<String>) -> Warning {
        Warning { severity: Severity::Notice, ..Warning::new(message) }
    }

    /// Sets the place (an empty one is no place).
    pub fn at(mut self, at: impl Into<String>) -> Warning {
        let at = at.into();
        self.at = (!at.is_empty()).then_some(at);
        self
    }

    /// Sets the slide it is about.
    pub fn slide(mut self, n: usize) -> Warning {
        self.slide = Some(n);
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Warning {
        self.hints.push(hint.into());
        self
    }

    /// The same warning from several pages of one spec slide, said once:
    /// `… (on 250 slides)`.
    pub fn times(mut self, n: usize) -> Warning {
        if n > 1 {
            self.message = format!("{} (on {n} slides)", self.message);
        }
        self
    }
}

/// Each warning once, in the order first given, with how often it came
/// (`(on 250 slides)`): a long table continued over 250 slides warns once.
pub fn once_each(warnings: Vec<Warning>) -> Vec<Warning> {
    let mut seen: Vec<(Warning, usize)> = Vec::new();
    let mut index: std::collections::HashMap<Warning, usize> = std::collections::HashMap::new();
    for w in warnings {
        match index.get(&w) {
            Some(&i) => seen[i].1 += 1,
            None => {
                index.insert(w.clone(), seen.len());
                seen.push((w, 1));
            }
        }
    }
    seen.into_iter().map(|(w, n)| w.times(n)).collect()
}

/// The line without its severity: `slide 5 (a.yaml:8:5): message`,
/// `a.yaml:8:5: message`, `slide 5: message` or `message`, then hints.
impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.slide, &self.at) {
            (Some(n), Some(at)) => write!(f, "slide {n} ({at}): ")?,
            (Some(n), None) => write!(f, "slide {n}: ")?,
            (None, Some(at)) => write!(f, "{at}: ")?,
            (None, None) => {}
        }
        f.write_str(&self.message)?;
        for h in &self.hints {
            write!(f, "\n  hint: {h}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_with_place_slide_and_hints() {
        assert_eq!(Warning::new("m").to_string(), "m");
        assert_eq!(Warning::new("m").at("a.yaml:3:5").to_string(), "a.yaml:3:5: m");
        assert_eq!(Warning::new("m").at("a.yaml:3:5").slide(2).to_string(), "slide 2 (a.yaml:3:5): m");
        assert_eq!(Warning::new("m").slide(2).to_string(), "slide 2: m");
        assert_eq!(Warning::new("m").at("").to_string(), "m");
        assert_eq!(Warning::notice("m").hint("h").to_string(), "m\n  hint: h");
        assert_eq!(Warning::notice("m").severity.label(), "notice");
    }

    #[test]
    fn the_same_warning_is_said_once_with_its_count() {
        let a = Warning::new("too tall").at("t.yaml:4:5").slide(1);
        let b = Warning::new("too tall").at("t.yaml:9:5").slide(2);
        let out = once_each(vec![a.clone(), b.clone(), a.clone(), a]);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].to_string(), "slide 1 (t.yaml:4:5): too tall (on 3 slides)");
        assert_eq!(out[1], b);
        // Same text, other severity: not the same warning.
        let n = Warning { severity: Severity::Notice, ..b.clone() };
        assert_eq!(once_each(vec![b, n]).len(), 2);
    }
}
