//! Where each value of a YAML document is: a map from a path such as
//! `slides[3].chart.type` to its line and column, so that errors found after
//! deserializing can still name `annual.yaml:42:7`.

use std::collections::HashMap;
use yaml_rust2::parser::{Event, Parser};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

/// Positions of the values (and of the keys) in one YAML file.
#[derive(Debug, Default, Clone)]
pub struct Locator {
    /// The file name to print (`decks/annual.yaml`).
    pub file: String,
    values: HashMap<String, Pos>,
    keys: HashMap<String, Pos>,
    /// The text of each scalar value, by path (to find a value that serde
    /// names only by its text, such as a wrong choice).
    scalars: HashMap<String, String>,
    /// The text itself, to tell which names the spec uses.
    text: String,
    /// The paths asked for that are not in the document (their nearest
    /// ancestor was named instead): a test builds every shipped deck and
    /// finds none, so a typo in a hand-built path does not go unnoticed.
    misses: std::sync::Arc<std::sync::Mutex<std::collections::BTreeSet<String>>>,
}

enum Frame {
    Map { path: String, key: Option<String>, seen_key: bool },
    Seq { path: String, index: usize },
}

fn child(parent: &str, key: &str) -> String {
    if parent.is_empty() { key.to_string() } else { format!("{parent}.{key}") }
}

impl Locator {
    /// Whether the spec mentions `name` as a name of its own (not as a
    /// field after a dot, not inside a longer name).
    pub fn mentions(&self, name: &str) -> bool {
        let ident = |c: char| c.is_alphanumeric() || c == '_';
        self.text.match_indices(name).any(|(i, _)| {
            let before = self.text[..i].chars().next_back();
            let after = self.text[i + name.len()..].chars().next();
            !before.is_some_and(|c| ident(c) || c == '.') && !after.is_some_and(ident)
        })
    }

    /// Indexes `text`. A document that does not parse gives an empty index
    /// (serde_yaml reports the syntax error itself, with its position).
    pub fn new(file: &str, text: &str) -> Locator {
        let mut loc = Locator { file: file.to_string(), text: text.to_string(), ..Default::default() };
        let mut parser = Parser::new_from_str(text);
        let mut stack: Vec<Frame> = Vec::new();
        while let Ok((ev, mark)) = parser.next_token() {
            let pos = Pos { line: mark.line(), col: mark.col() + 1 };
            // The path of the value this event starts, if it is a value.
            let mut value_path: Option<String> = None;
            let mut is_key = false;
            match stack.last_mut() {
                Some(Frame::Map { path, key, .. }) => match key.take() {
                    None => is_key = true,
                    Some(k) => value_path = Some(child(path, &k)),
                },
                Some(Frame::Seq { path, index }) => {
                    value_path = Some(format!("{path}[{index}]"));
                    *index += 1;
                }
                None => value_path = Some(String::new()),
            }
            match ev {
                Event::StreamEnd => break,
                Event::Scalar(s, ..) => {
                    if is_key {
                        if let Some(Frame::Map { path, key, seen_key }) = stack.last_mut() {
                            // A block mapping's start marker sits after its first
                            // key; the first key is where a person sees it begin.
                            if !*seen_key {
                                *seen_key = true;
                                loc.values.insert(path.clone(), pos);
                            }
                            loc.keys.insert(child(path, &s), pos);
                            *key = Some(s);
                        }
                    } else if let Some(p) = value_path {
                        loc.values.insert(p.clone(), pos);
                        loc.scalars.insert(p, s);
                    }
                }
                Event::MappingStart(..) => {
                    let p = value_path.unwrap_or_default();
                    loc.values.insert(p.clone(), pos);
                    stack.push(Frame::Map { path: p, key: None, seen_key: false });
                }
                Event::SequenceStart(..) => {
                    let p = value_path.unwrap_or_default();
                    loc.values.insert(p.clone(), pos);
                    stack.push(Frame::Seq { path: p, index: 0 });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    stack.pop();
                }
                Event::Alias(_) => {
                    if let Some(p) = value_path {
                        loc.values.insert(p, pos);
                    }
                }
                _ => {}
            }
        }
        loc
    }

    /// `file:line:col` of the value at `path`, or of its nearest ancestor.
    pub fn at(&self, path: &str) -> String {
        if !self.values.contains_key(path)
            && let Ok(mut m) = self.misses.lock()
        {
            m.insert(path.to_string());
        }
        let mut p = path.to_string();
        loop {
            if let Some(pos) = self.values.get(&p) {
                return format!("{}:{}:{}", self.file, pos.line, pos.col);
            }
            match p.rfind(['.', '[']) {
                Some(i) => p.truncate(i),
                None => return self.file.clone(),
            }
        }
    }

    /// `file:line:col` of the key at `path` (falls back to the value).
    pub fn key_at(&self, path: &str) -> String {
        match self.keys.get(path) {
            Some(pos) => format!("{}:{}:{}", self.file, pos.line, pos.col),
            None => self.at(path),
        }
    }

    /// The paths asked for with [`Locator::at`] that the document does not
    /// have (a parent's place was given instead).
    pub fn misses(&self) -> Vec<String> {
        self.misses.lock().map(|m| m.iter().cloned().collect()).unwrap_or_default()
    }

    /// The line of the key at `path` (to keep the order a person wrote).
    pub fn key_line(&self, path: &str) -> Option<usize> {
        self.keys.get(path).map(|p| p.line)
    }

    /// The path of the scalar value `text` at or under `under`, the first
    /// one from line `from` on (else the first one in the file).
    pub fn find_value(&self, under: &str, text: &str, from: usize) -> Option<&str> {
        let mut found: Vec<(Pos, &str)> = self
            .scalars
            .iter()
            .filter(|(p, s)| {
                s.trim() == text
                    && (under.is_empty()
                        || p.strip_prefix(under).is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '['])))
            })
            .filter_map(|(p, _)| Some((*self.values.get(p)?, p.as_str())))
            .collect();
        found.sort_by_key(|(pos, _)| (pos.line, pos.col));
        found.iter().find(|(pos, _)| pos.line >= from).or(found.first()).map(|(_, p)| *p)
    }

    /// Every key path under `prefix` (used to name unknown keys precisely).
    pub fn keys_under<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.keys.keys().map(String::as_str).filter(move |k| {
            k.strip_prefix(prefix).is_some_and(|rest| rest.starts_with('.') && !rest[1..].contains(['.', '[']))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_positions() {
        let y = "deck:\n  title: 年度总结\nslides:\n  - layout: cover\n    title: x\n  - layout: chart\n    chart:\n      series: [1, 2]\n";
        let l = Locator::new("a.yaml", y);
        assert_eq!(l.at("deck.title"), "a.yaml:2:10");
        assert_eq!(l.at("slides[1].layout"), "a.yaml:6:13");
        assert_eq!(l.key_at("slides[1].chart"), "a.yaml:7:5");
        assert_eq!(l.at("slides[1].chart.series[1]"), "a.yaml:8:19");
        assert_eq!(l.at("slides[1].chart.nothing"), "a.yaml:8:7");
        // The one place not in the document is remembered.
        assert_eq!(l.misses(), ["slides[1].chart.nothing"]);
    }
}
