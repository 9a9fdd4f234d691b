//! Reading a spec file: YAML → `Spec`, with errors that name the file, line
//! and column and suggest the key that was probably meant.

use super::{Locator, Spec};
use crate::error::{Error, Result, did_you_mean};
use std::path::Path;

/// Reads and parses the spec at `path`.
pub fn load(path: &Path) -> Result<(Spec, Locator)> {
    // A regular file, and not endless: `deckgen build /dev/zero` is an error.
    let text = crate::input::read(path, MAX_SPEC_BYTES).map_err(|e| {
        let err = Error::usage(e.describe("the deck spec"));
        match e {
            crate::input::ReadError::NotFound => {
                err.at(path.display().to_string()).nearby(path, &[".yaml", ".yml"], "specs")
            }
            _ => err.at(path.display().to_string()),
        }
    })?;
    let text = String::from_utf8(text).map_err(|e| {
        Error::usage(format!("the spec is not UTF-8 text (byte {})", e.utf8_error().valid_up_to()))
            .at(path.display().to_string())
            .hint("save the file as UTF-8 (in Notepad: 另存为 → 编码 UTF-8)")
    })?;
    load_str(&path.display().to_string(), &text)
}

/// Largest spec read (the shipped annual spec is 40 KB).
pub const MAX_SPEC_BYTES: u64 = 8 << 20;

/// Parses spec text; `file` is the name used in messages.
pub fn load_str(file: &str, text: &str) -> Result<(Spec, Locator)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Two independent passes over the text: positions (for messages) and values.
    let (loc, spec) = rayon::join(|| Locator::new(file, text), || serde_yaml::from_str::<Spec>(text));
    match spec {
        Ok(spec) => {
            super::fill::check(&spec, &loc)?;
            Ok((spec, loc))
        }
        Err(e) => Err(yaml_error(file, &e, &loc, text)),
    }
}

/// Where to point when serde_yaml gives no position: for an expansion
/// that grew too large, the first alias (`*name`); otherwise where
/// yaml-rust2 stops, or the first line.
fn fallback_place(text: &str, repetition: bool) -> (usize, usize) {
    let mut parser = yaml_rust2::parser::Parser::new_from_str(text);
    loop {
        match parser.next_token() {
            Ok((yaml_rust2::Event::Alias(_), mark)) if repetition => return (mark.line(), mark.col() + 1),
            Ok((yaml_rust2::Event::StreamEnd, _)) => return (1, 1),
            Ok(_) => {}
            Err(e) => return (e.marker().line(), e.marker().col() + 1),
        }
    }
}

/// Turns a serde_yaml error into ours: location, plain message, suggestion.
fn yaml_error(file: &str, e: &serde_yaml::Error, loc: &Locator, text: &str) -> Error {
    let raw = e.to_string();
    // serde_yaml appends " at line L column C"; we print the location our way.
    let msg = match raw.find(" at line ") {
        Some(i) => raw[..i].to_string(),
        None => raw.clone(),
    };
    let repetition = raw.contains("repetition limit exceeded");
    let at = match e.location() {
        Some(l) => format!("{file}:{}:{}", l.line(), l.column()),
        None => {
            let (line, col) = fallback_place(text, repetition);
            format!("{file}:{line}:{col}")
        }
    };
    // `slides[3]: unknown field `titel`, expected one of `layout`, ...`
    let (path, detail) = match msg.split_once(": ") {
        Some((p, d)) if !p.contains(' ') && !p.is_empty() => (p.to_string(), d.to_string()),
        _ => (String::new(), msg.clone()),
    };
    let quoted: Vec<&str> = detail.split('`').skip(1).step_by(2).collect();
    let mut err;
    if detail.starts_with("unknown variant") {
        // A choice field with a value outside its set: name the field and
        // point at the value (serde names only the map that holds it).
        let got = quoted.first().copied().unwrap_or("");
        let expected: Vec<&str> = quoted.iter().skip(1).copied().collect();
        let from = e.location().map_or(0, |l| l.line());
        let (field, place) = match loc.find_value(&path, got, from) {
            Some(p) => (p.to_string(), loc.at(p)),
            None => (path.clone(), at),
        };
        let field = if field.is_empty() { String::new() } else { format!(" in `{field}`") };
        err = Error::usage(format!("unknown value `{got}`{field}")).at(place);
        if let Some(s) = did_you_mean(got, expected.iter().copied()) {
            err = err.hint(format!("did you mean `{s}`?"));
        }
        if !expected.is_empty() {
            err = err.hint(format!("expected one of: {}", expected.join(", ")));
        }
    } else if detail.starts_with("unknown field") {
        let got = quoted.first().copied().unwrap_or("");
        let expected: Vec<&str> = quoted.iter().skip(1).copied().collect();
        let place = if path.is_empty() { String::new() } else { format!(" in `{path}`") };
        err = Error::usage(format!("unknown key `{got}`{place}"));
        // Point at the key itself when we can find it.
        let key_path = if path.is_empty() { got.to_string() } else { format!("{path}.{got}") };
        let key_at = loc.key_at(&key_path);
        err = err.at(if key_at.contains(':') { key_at } else { at });
        if let Some(s) = did_you_mean(got, expected.iter().copied()) {
            err = err.hint(format!("did you mean `{s}`?"));
        } else if got.starts_with(|c: char| c.is_ascii_digit()) {
            err = err.hint("inside `{ … }` a comma ends the value: quote text with commas, e.g. value: \"5,412万元\"");
        }
        if !expected.is_empty() {
            err = err.hint(format!("expected one of: {}", expected.join(", ")));
        }
    } else if detail.starts_with("missing field") {
        let field = quoted.first().copied().unwrap_or("");
        let place = if path.is_empty() { "the spec".to_string() } else { format!("`{path}`") };
        err = Error::usage(format!("{place} needs `{field}:`")).at(if path.is_empty() { at } else { loc.at(&path) });
        if path.is_empty() {
            err = err.hint(
                "a spec has `deck:` (title, author, theme…) and `slides:`; `deckgen init annual` writes an example",
            );
        }
    } else if path.is_empty() {
        err = Error::usage(format!("invalid YAML: {detail}")).at(at);
        if repetition {
            err = err.hint(
                "the spec repeats anchors (`*name`) inside anchors so often that it would grow to millions of \
                 values: write the lists out, or repeat less",
            );
        } else if detail.contains("did not find expected ',' or '}'")
            || detail.contains("did not find expected ',' or ']'")
        {
            err = err.hint(
                "a `[ … ]` or `{ … }` is not closed, or a value inside one holds `[`, `]`, `{` or `,`: close it, \
                 quote the value, or write `表.列` instead of `表[列]`",
            );
        } else if detail.contains("mapping values are not allowed") || detail.contains("did not find expected") {
            err = err.hint(
                "check the indentation, and quote text that contains `: ` or starts with `{`, `[`, `*`, `&` or `!`",
            );
        }
    } else {
        err = Error::usage(format!("`{path}`: {detail}")).at(at);
    }
    err
}

/// The JSON Schema of the spec, for editor autocompletion.
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(Spec);
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(y: &str) -> String {
        load_str("t.yaml", y).unwrap_err().to_string()
    }

    #[test]
    fn unknown_key_is_named_with_position_and_suggestion() {
        let e = err("deck:\n  title: x\nslides:\n  - layout: cover\n    titel: hi\n");
        assert!(e.contains("unknown key `titel` in `slides[0]`"), "{e}");
        assert!(e.contains("t.yaml:5:5"), "{e}");
        assert!(e.contains("did you mean `title`?"), "{e}");
    }

    #[test]
    fn comma_in_flow_map_gets_a_hint() {
        let e = err("deck:\n  title: x\nslides:\n  - layout: kpis\n    kpis: [{label: a, value: 5,412万元}]\n");
        assert!(e.contains("unknown key `412万元`"), "{e}");
        assert!(e.contains("quote text with commas"), "{e}");
    }

    #[test]
    fn syntax_error_has_position() {
        let e = err("deck:\n  title: x\n slides: [\n");
        assert!(e.starts_with("error: invalid YAML"), "{e}");
        assert!(e.contains("t.yaml:"), "{e}");
    }

    #[test]
    fn an_alias_bomb_has_a_line() {
        let mut y = String::from("deck:\n  title: x\nslides:\n");
        let mut prev: Option<char> = None;
        for n in 'a'..='i' {
            let items = match prev {
                None => vec!["x".to_string(); 9].join(","),
                Some(p) => vec![format!("*{p}"); 9].join(","),
            };
            y.push_str(&format!("  - layout: bullets\n    title: x\n    text: &{n} [{items}]\n"));
            prev = Some(n);
        }
        let e = err(&y);
        assert!(e.contains("repetition limit exceeded (t.yaml:9:"), "{e}");
        assert!(e.contains("repeats anchors"), "{e}");
    }

    #[test]
    fn missing_field() {
        let e = err("deck:\n  title: x\nslides:\n  - title: a\n");
        assert!(e.contains("`slides[0]` needs `layout:`"), "{e}");
        assert!(e.contains("t.yaml:4:5"), "{e}");
    }

    #[test]
    fn schema_is_json() {
        let s = schema_json();
        assert!(s.contains("\"slides\""));
        assert!(s.contains("additionalProperties"));
    }
}
