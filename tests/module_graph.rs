//! The module graph of src/ has no cycle.
//!
//! Builds the graph from the source text itself — every `crate::…`, `super::…`,
//! `self::…` path and every path through a child module or a name a `use` brought
//! in — with one node per file, and fails listing each cycle (the files and the
//! names that tie them). One tie is not counted: a file's use of the `mod.rs`
//! of a folder it stands in (`super::Thing` from `chart/ser.rs` to `chart/mod.rs`):
//! the parts of one module share its types, as Rust means them to. Every
//! other tie counts — between sibling files, and from a module's face down to
//! its parts and out to other modules.
//!
//! Run `cargo test --test module_graph -- --nocapture` to print the graph.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Cycles that may remain for now, as sorted pairs of files. None do: a
/// pair goes here only with the issue that will break it.
const ALLOWED: &[(&str, &str)] = &[];

/// One source file: its module path (`["chart", "ser"]`) and its text.
struct File {
    rel: String,
    module: Vec<String>,
    is_mod: bool,
    text: String,
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The text with comments, string and char literals blanked, and the test
/// module (everything from the first `#[cfg(test)]`) cut off.
fn code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]") {
        Some(i) => &text[..i],
        None => text,
    };
    let b: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == '/' && b.get(i + 1) == Some(&'/') {
            while i < b.len() && b[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && b.get(i + 1) == Some(&'*') {
            i += 2;
            while i + 1 < b.len() && !(b[i] == '*' && b[i + 1] == '/') {
                i += 1;
            }
            i += 2;
        } else if c == 'r'
            && (b.get(i + 1) == Some(&'"') || b.get(i + 1) == Some(&'#'))
            && (i == 0 || !is_ident(b[i - 1]))
        {
            // raw string r"…" / r#"…"#
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            'raw: while j < b.len() {
                if b[j] == '"' && (0..hashes).all(|k| b.get(j + 1 + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break 'raw;
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j;
        } else if c == '"' {
            i += 1;
            while i < b.len() && b[i] != '"' {
                if b[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' {
            // a char literal ('x', '\n', '\u{..}') or a lifetime ('a)
            let close = if b.get(i + 1) == Some(&'\\') {
                (i + 2..b.len().min(i + 12)).find(|&k| b[k] == '\'')
            } else if b.get(i + 2) == Some(&'\'') {
                Some(i + 2)
            } else {
                None
            };
            match close {
                Some(k) => {
                    out.push_str("' '");
                    i = k + 1;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Every path written in `code`: `a::b::{c, d::e}` gives `[a,b,c]`, `[a,b,d,e]`.
/// `use` trees are expanded; a path's first segment is kept as written.
fn paths(code: &str) -> Vec<Vec<String>> {
    let toks = tokens(code);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let starts =
            is_ident_tok(&toks[i]) && toks.get(i + 1).is_some_and(|t| t == "::") && (i == 0 || toks[i - 1] != "::");
        if starts {
            let (mut got, next) = tree(&toks, i);
            out.append(&mut got);
            i = next;
        } else {
            i += 1;
        }
    }
    out
}

fn is_ident_tok(t: &str) -> bool {
    t.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_')
}

fn tokens(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let cs: Vec<char> = code.chars().collect();
    let mut i = 0;
    while i < cs.len() {
        let c = cs[i];
        if is_ident(c) {
            let s = i;
            while i < cs.len() && is_ident(cs[i]) {
                i += 1;
            }
            out.push(cs[s..i].iter().collect());
        } else if c == ':' && cs.get(i + 1) == Some(&':') {
            out.push("::".into());
            i += 2;
        } else {
            if !c.is_whitespace() {
                out.push(c.to_string());
            }
            i += 1;
        }
    }
    out
}

/// Reads a path (with `{…}` groups) from `toks[i]`; returns the paths and the next index.
fn tree(toks: &[String], mut i: usize) -> (Vec<Vec<String>>, usize) {
    let mut prefix = Vec::new();
    loop {
        if i < toks.len() && is_ident_tok(&toks[i]) {
            prefix.push(toks[i].clone());
            i += 1;
            if toks.get(i).is_some_and(|t| t == "::") {
                i += 1;
                continue;
            }
            return (vec![prefix], i);
        } else if toks.get(i).is_some_and(|t| t == "{") {
            i += 1;
            let mut out = Vec::new();
            while i < toks.len() && toks[i] != "}" {
                if is_ident_tok(&toks[i]) {
                    let (got, next) = tree(toks, i);
                    for g in got {
                        let mut p = prefix.clone();
                        if g != ["self"] {
                            p.extend(g);
                        }
                        out.push(p);
                    }
                    i = next;
                    // `as alias`
                    if toks.get(i).is_some_and(|t| t == "as") {
                        i += 2;
                    }
                } else {
                    i += 1;
                }
            }
            return (out, i + 1);
        } else {
            // `*` or anything else ends the path
            return (vec![prefix], i);
        }
    }
}

/// Each tie between two files, with the names it takes.
type Edges = BTreeMap<(usize, usize), BTreeSet<String>>;

fn main_graph() -> (Vec<File>, Edges) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let src = root.join("src");
    let mut list = Vec::new();
    files(&src, &mut list);
    let mut all = Vec::new();
    for p in list {
        let rel_src = p.strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/");
        if rel_src == "main.rs" {
            continue; // the binary: a crate of its own, on top of the library
        }
        let mut module: Vec<String> = rel_src.trim_end_matches(".rs").split('/').map(String::from).collect();
        let is_mod = matches!(module.last().map(String::as_str), Some("mod") | Some("lib"));
        if is_mod {
            module.pop();
        }
        let text = std::fs::read_to_string(&p).unwrap();
        all.push(File { rel: format!("src/{rel_src}"), module, is_mod, text });
    }
    let by_module: BTreeMap<Vec<String>, usize> = all.iter().enumerate().map(|(i, f)| (f.module.clone(), i)).collect();
    let mut edges: BTreeMap<(usize, usize), BTreeSet<String>> = BTreeMap::new();
    for (i, f) in all.iter().enumerate() {
        let code = code(&f.text);
        // The module a path is read in: the file's own module.
        let here = f.module.clone();
        let parent: Vec<String> = here[..here.len().saturating_sub(1)].to_vec();
        let ps = paths(&code);
        // Names a `use` brought in: alias → absolute path.
        let mut names: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let absolute = |p: &[String], names: &BTreeMap<String, Vec<String>>| -> Option<Vec<String>> {
            let first = p.first()?.as_str();
            let mut rest = p[1..].to_vec();
            let mut base = match first {
                "crate" => Vec::new(),
                "self" => here.clone(),
                "super" => {
                    let mut b = parent.clone();
                    while rest.first().is_some_and(|s| s == "super") {
                        rest.remove(0);
                        b.pop();
                    }
                    b
                }
                _ => {
                    let mut child = here.clone();
                    child.push(first.to_string());
                    if by_module.contains_key(&child) && f.is_mod {
                        child
                    } else if let Some(abs) = names.get(first) {
                        abs.clone()
                    } else {
                        return None;
                    }
                }
            };
            base.append(&mut rest);
            Some(base)
        };
        // First the `use` lines (they name things for the paths after them).
        for p in &ps {
            if let (Some(abs), Some(last)) = (absolute(p, &names), p.last())
                && last != "self"
                && !abs.is_empty()
            {
                names.entry(last.clone()).or_insert(abs);
            }
        }
        for p in &ps {
            let Some(abs) = absolute(p, &names) else { continue };
            // the longest prefix that is a file
            let mut k = abs.len();
            let target = loop {
                if let Some(&t) = by_module.get(&abs[..k]) {
                    break Some(t);
                }
                if k == 0 {
                    break None;
                }
                k -= 1;
            };
            let Some(t) = target else { continue };
            if t == i || all[t].module.is_empty() {
                continue; // itself, or the crate root (lib.rs)
            }
            let m = &all[t].module;
            if all[t].is_mod && m.len() < here.len() && here.starts_with(m) {
                continue; // a part of a module using the face of a module it is part of
            }
            let name = abs[k..].join("::");
            edges.entry((i, t)).or_default().insert(if name.is_empty() { "(the module)".into() } else { name });
        }
    }
    (all, edges)
}

/// Strongly connected components of more than one file (Tarjan).
fn cycles(n: usize, edges: &Edges) -> Vec<Vec<usize>> {
    let mut adj = vec![Vec::new(); n];
    for &(a, b) in edges.keys() {
        adj[a].push(b);
    }
    struct T<'a> {
        adj: &'a [Vec<usize>],
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on: Vec<bool>,
        stack: Vec<usize>,
        next: usize,
        out: Vec<Vec<usize>>,
    }
    fn visit(t: &mut T, v: usize) {
        t.index[v] = Some(t.next);
        t.low[v] = t.next;
        t.next += 1;
        t.stack.push(v);
        t.on[v] = true;
        for k in 0..t.adj[v].len() {
            let w = t.adj[v][k];
            match t.index[w] {
                None => {
                    visit(t, w);
                    t.low[v] = t.low[v].min(t.low[w]);
                }
                Some(iw) if t.on[w] => t.low[v] = t.low[v].min(iw),
                _ => {}
            }
        }
        if Some(t.low[v]) == t.index[v] {
            let mut c = Vec::new();
            while let Some(w) = t.stack.pop() {
                t.on[w] = false;
                c.push(w);
                if w == v {
                    break;
                }
            }
            if c.len() > 1 {
                c.sort();
                t.out.push(c);
            }
        }
    }
    let mut t =
        T { adj: &adj, index: vec![None; n], low: vec![0; n], on: vec![false; n], stack: vec![], next: 0, out: vec![] };
    for v in 0..n {
        if t.index[v].is_none() {
            visit(&mut t, v);
        }
    }
    t.out
}

fn allowed(a: &str, b: &str) -> bool {
    ALLOWED.iter().any(|&(x, y)| (x == a && y == b) || (x == b && y == a))
}

#[test]
fn no_import_cycle_between_modules() {
    let (all, mut edges) = main_graph();
    // A cycle through an allowed pair: drop one direction of that pair.
    let allowed_edges: Vec<(usize, usize)> = edges
        .keys()
        .filter(|&&(a, b)| a < b && allowed(&all[a].rel, &all[b].rel) && edges.contains_key(&(b, a)))
        .copied()
        .collect();
    for e in &allowed_edges {
        edges.remove(e);
    }
    for (&(a, b), names) in &edges {
        println!("{} -> {}: {}", all[a].rel, all[b].rel, names.iter().cloned().collect::<Vec<_>>().join(", "));
    }
    let found = cycles(all.len(), &edges);
    let mut report = String::new();
    for c in &found {
        report.push_str(&format!("cycle of {} files:\n", c.len()));
        for &a in c {
            for &b in c {
                if let Some(names) = edges.get(&(a, b)) {
                    report.push_str(&format!(
                        "  {} -> {}: {}\n",
                        all[a].rel,
                        all[b].rel,
                        names.iter().cloned().collect::<Vec<_>>().join(", ")
                    ));
                }
            }
        }
    }
    assert!(found.is_empty(), "import cycles between modules of src/ (break each, or see ALLOWED):\n{report}");
}

/// The graph builder sees the ties it must see (a check of the checker).
#[test]
fn the_graph_sees_known_edges() {
    let (all, edges) = main_graph();
    let id = |rel: &str| all.iter().position(|f| f.rel == rel).unwrap_or_else(|| panic!("{rel} is not in src/"));
    let has = |a: &str, b: &str| edges.contains_key(&(id(a), id(b)));
    // `use crate::…` (pipeline builds with fill), `super::…` inside a folder,
    // and the sentence functions calling the generator, which reads the
    // sentence's `Env` (one way: the environment never reaches the functions).
    assert!(has("src/pipeline.rs", "src/fill/mod.rs"));
    assert!(has("src/chart/plot.rs", "src/chart/ser.rs"));
    assert!(has("src/resolve/eval/builtins.rs", "src/resolve/generate.rs"));
    assert!(has("src/resolve/generate.rs", "src/resolve/eval/env.rs"));
    assert!(!has("src/resolve/eval/env.rs", "src/resolve/eval/builtins.rs"));
    // and the cycle finder finds a cycle when there is one
    let mut e = BTreeMap::new();
    e.insert((0, 1), BTreeSet::new());
    e.insert((1, 2), BTreeSet::new());
    e.insert((2, 0), BTreeSet::new());
    e.insert((2, 3), BTreeSet::new());
    assert_eq!(cycles(4, &e), vec![vec![0, 1, 2]]);
}
