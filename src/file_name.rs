//! A deck's file name: the spec's `output:` template (`{{agent}}-{{year}}年终述职.pptx`)
//! filled in and made safe on every file system, and where the deck goes
//! (`-o`, the template, or next to the spec).

use crate::error::{Error, Result};
use crate::prepared::Prepared;
use crate::resolve::{self, Options};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Longest file name written, in bytes (file systems allow 255).
const MAX_NAME_BYTES: usize = 200;

/// Makes a file name safe on Windows and macOS: no `\ / : * ? " < > |`,
/// no control characters, no leading dot (a hidden file), no trailing dots
/// or spaces, no reserved names, at most 200 bytes — cut before its
/// extension, which stays.
pub fn safe_file_name(name: &str) -> String {
    let mut s: String =
        name.chars()
            .map(|c| {
                if matches!(c, '\\' | '/' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control() {
                    '_'
                } else {
                    c
                }
            })
            .collect();
    while s.ends_with(['.', ' ']) {
        s.pop();
    }
    let s2 = s.trim_start().to_string();
    s = if s2.is_empty() { "deck".into() } else { s2 };
    // `.` and `..` as names, or `.张三`: not hidden files, and not the folder.
    let dots = s.len() - s.trim_start_matches('.').len();
    if dots > 0 {
        s = format!("{}{}", "_".repeat(dots), &s[dots..]);
    }
    let stem = s.split('.').next().unwrap_or("").to_ascii_uppercase();
    let reserved = [
        "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1",
        "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    ];
    if reserved.contains(&stem.as_str()) {
        s = format!("_{s}");
    }
    // Keep names within common file system limits, the extension kept.
    if s.len() > MAX_NAME_BYTES {
        let ext = s.rfind('.').filter(|&i| s.len() - i <= 8).map(|i| s[i..].to_string()).unwrap_or_default();
        let mut stem = s[..s.len() - ext.len()].to_string();
        while stem.len() + ext.len() + '…'.len_utf8() > MAX_NAME_BYTES {
            stem.pop();
        }
        s = format!("{stem}…{ext}");
    }
    s
}

/// Where a deck goes: `-o`, else the spec's `output:` (templated), else next to the spec.
pub fn output_path(
    p: &Prepared,
    opts: &Options,
    cli_out: Option<&Path>,
    name_template: Option<&str>,
) -> Result<PathBuf> {
    let from_batch = name_template.is_some();
    let template = name_template.map(str::to_string).or_else(|| p.spec.deck.output.clone());
    let named = |dir: &Path| -> Result<Option<PathBuf>> {
        let Some(t) = &template else { return Ok(None) };
        let vars = resolve::vars_of(&p.spec, opts);
        let period = resolve::period_of(&p.spec, &p.loc, &p.data, opts)?;
        let key = if from_batch && p.spec.batch.as_ref().is_some_and(|b| b.output.is_some()) {
            "batch.output"
        } else {
            "deck.output"
        };
        let text = file_name(t, &vars, &period).map_err(|e| e.at(p.loc.at(key)))?;
        let mut name = safe_file_name(&text);
        if !name.to_lowercase().ends_with(".pptx") {
            name.push_str(".pptx");
            name = safe_file_name(&name);
        }
        Ok(Some(dir.join(name)))
    };
    match cli_out {
        Some(o) if o.is_dir() || o.to_string_lossy().ends_with(['/', '\\']) => Ok(match named(o)? {
            Some(p) => p,
            None => o.join(format!("{}.pptx", p.spec_path.file_stem().and_then(|s| s.to_str()).unwrap_or("deck"))),
        }),
        Some(o) => Ok(o.to_path_buf()),
        None => Ok(match named(&p.base)? {
            Some(x) => x,
            None => p.spec_path.with_extension("pptx"),
        }),
    }
}

/// The names a file name template may use besides the variables.
const NAME_FIELDS: [&str; 5] = ["period", "period.label", "year", "month", "week"];

/// The value of one `{{name}}` of a file name template.
fn name_field(key: &str, vars: &BTreeMap<String, String>, period: &crate::data::period::Period) -> Option<String> {
    Some(match key {
        "period" => period.key(),
        "period.label" => period.label(),
        "year" => period.start.y.to_string(),
        "month" => format!("{:02}", period.start.m),
        "week" => format!("W{:02}", period.start.iso_week().1),
        k => vars.get(k)?.clone(),
    })
}

/// Splits a template into literal text (false) and `{{name}}` values (true).
fn name_parts(
    t: &str,
    vars: &BTreeMap<String, String>,
    period: &crate::data::period::Period,
) -> (Vec<(bool, String)>, Vec<String>) {
    let mut out = Vec::new();
    let mut unknown = Vec::new();
    let mut rest = t;
    while let Some(i) = rest.find("{{") {
        out.push((false, rest[..i].to_string()));
        let after = &rest[i + 2..];
        let Some(j) = after.find("}}") else {
            out.push((false, rest[i..].to_string()));
            return (out, unknown);
        };
        let key = after[..j].trim();
        match name_field(key, vars, period) {
            Some(v) => out.push((true, v)),
            None => {
                unknown.push(key.to_string());
                out.push((true, String::new()));
            }
        }
        rest = &after[j + 2..];
    }
    out.push((false, rest.to_string()));
    (out, unknown)
}

/// Fills `{{name}}`, `{{period}}`, `{{year}}`, `{{month}}`, `{{week}}` in a
/// text; an unknown name gives nothing (for `scope:` values).
pub fn expand_name(t: &str, vars: &BTreeMap<String, String>, period: &crate::data::period::Period) -> String {
    name_parts(t, vars, period).0.into_iter().map(|(_, s)| s).collect()
}

/// A file name from its template: unknown names are errors (as in slide
/// text), and when the name is too long the values are shortened, not the
/// template's own text (`…-2026年终述职` keeps its suffix).
pub fn file_name(t: &str, vars: &BTreeMap<String, String>, period: &crate::data::period::Period) -> Result<String> {
    let (mut parts, unknown) = name_parts(t, vars, period);
    if let Some(u) = unknown.first() {
        let known: Vec<&str> = NAME_FIELDS.iter().copied().chain(vars.keys().map(String::as_str)).collect();
        return Err(Error::usage(format!("unknown name `{u}` in the file name `{}`", crate::error::cut(t, 80)))
            .suggest(u, known.iter().copied())
            .hint(format!(
                "file names can use {}",
                known.iter().map(|k| format!("{{{{{k}}}}}")).collect::<Vec<_>>().join(", ")
            )));
    }
    // Room for `.pptx` and the `…` of a shortened value.
    let budget = MAX_NAME_BYTES - 8;
    loop {
        let total: usize = parts.iter().map(|(_, s)| s.len()).sum();
        if total <= budget {
            break;
        }
        // Shorten the longest value by what is over, down to a few characters.
        let Some((_, longest)) =
            parts.iter_mut().filter(|(v, s)| *v && s.chars().count() > 4).max_by_key(|(_, s)| s.len())
        else {
            break;
        };
        let mut cut = longest.trim_end_matches('…').to_string();
        let keep = cut.len().saturating_sub(total - budget).max(1);
        while cut.len() > keep && cut.chars().count() > 4 {
            cut.pop();
        }
        *longest = format!("{cut}…");
        if parts.iter().map(|(_, s)| s.len()).sum::<usize>() >= total {
            break;
        }
    }
    Ok(parts.into_iter().map(|(_, s)| s).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_names() {
        assert_eq!(safe_file_name("张三/李四:2026?.pptx"), "张三_李四_2026_.pptx");
        assert_eq!(safe_file_name("CON.pptx"), "_CON.pptx");
        assert_eq!(safe_file_name("报告. "), "报告");
        assert_eq!(safe_file_name(""), "deck");
    }

    #[test]
    fn names_never_hidden_and_cut_before_the_extension() {
        assert_eq!(safe_file_name(".-2026年终述职.pptx"), "_-2026年终述职.pptx");
        assert_eq!(safe_file_name("..-2026年终述职.pptx"), "__-2026年终述职.pptx");
        assert_eq!(safe_file_name("."), "deck");
        let long = format!("{}.pptx", "张".repeat(300));
        let s = safe_file_name(&long);
        assert!(s.len() <= MAX_NAME_BYTES && s.ends_with("….pptx"), "{s}");
    }

    #[test]
    fn long_values_are_shortened_not_the_template() {
        let mut v = BTreeMap::new();
        v.insert("agent".to_string(), "张".repeat(300));
        let p = crate::data::period::Period::year(2026);
        let name = file_name("{{agent}}-{{year}}年终述职", &v, &p).unwrap();
        assert!(name.ends_with("…-2026年终述职"), "{name}");
        assert!(name.len() <= MAX_NAME_BYTES - 8, "{}", name.len());
        let e = file_name("{{nope}}.pptx", &v, &p).unwrap_err();
        assert!(e.message.contains("unknown name `nope`"), "{e}");
        assert_eq!(e.exit_code(), 2);
    }

    #[test]
    fn names_from_templates() {
        let mut v = BTreeMap::new();
        v.insert("agent".to_string(), "客服07".to_string());
        let p = crate::data::period::Period::week(2026, 47);
        assert_eq!(expand_name("客服部周报-{{period}}.pptx", &v, &p), "客服部周报-2026-W47.pptx");
        assert_eq!(expand_name("{{agent}}-{{year}}年终述职", &v, &p), "客服07-2026年终述职");
    }
}
