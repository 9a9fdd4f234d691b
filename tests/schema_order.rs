//! Every element of every part of the shipped decks has its children in the
//! order the ECMA-376 schemas require, checked against tests/schema-order.txt
//! (derived once from the schemas by tools/child-order.py), without ../shared.
//! The embedded workbooks' parts are checked too.

mod common;
use common::*;
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;
use std::collections::{BTreeMap, HashMap};

/// One type an element name may have: its children's ranks, or text only.
#[derive(Debug)]
enum Model {
    Children { ranks: HashMap<String, u32>, any: bool },
    Text,
    Unchecked,
}

struct Table {
    prefixes: HashMap<String, String>,
    models: HashMap<String, Vec<Model>>,
}

fn table() -> Table {
    let text = std::fs::read_to_string(root().join("tests/schema-order.txt")).unwrap();
    let mut prefixes = HashMap::new();
    let mut models: HashMap<String, Vec<Model>> = HashMap::new();
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let f: Vec<&str> = line.split(' ').collect();
        if f[0] == "ns" {
            prefixes.insert(f[2].to_string(), f[1].to_string());
            continue;
        }
        let model = match f[2] {
            "text" => Model::Text,
            "unchecked" => Model::Unchecked,
            kind => Model::Children {
                any: kind == "any",
                ranks: f[3..]
                    .iter()
                    .map(|kv| {
                        let (k, v) = kv.rsplit_once('=').unwrap();
                        (k.to_string(), v.parse().unwrap())
                    })
                    .collect(),
            },
        };
        models.entry(f[0].to_string()).or_default().push(model);
    }
    Table { prefixes, models }
}

/// An open element: its name, and for each of its possible types the rank of
/// the last child seen (`None`: the type no longer fits).
struct Open {
    name: String,
    last: Vec<Option<u32>>,
    skip: bool,
}

/// Checks one XML part; returns the problems found (empty: in order).
fn check_part(t: &Table, part: &str, xml: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let mut r = NsReader::from_str(xml);
    let mut stack: Vec<Open> = Vec::new();
    loop {
        let (ns, ev) = match r.read_resolved_event() {
            Ok(x) => x,
            Err(e) => {
                problems.push(format!("{part}: does not parse: {e}"));
                break;
            }
        };
        let (start, empty) = match &ev {
            Event::Start(e) => (Some(e.clone()), false),
            Event::Empty(e) => (Some(e.clone()), true),
            Event::End(_) => {
                stack.pop();
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let Some(e) = start else { continue };
        let local = e.local_name().as_ref().to_string();
        let name = match ns {
            ResolveResult::Bound(n) => {
                let uri = n.as_ref().to_string();
                match t.prefixes.get(&uri) {
                    Some(p) => format!("{p}:{local}"),
                    None => format!("{{{uri}}}:{local}"),
                }
            }
            _ => format!(":{local}"),
        };
        let path = stack.iter().map(|o| o.name.as_str()).chain([name.as_str()]).collect::<Vec<_>>().join("/");
        let mut skip = stack.last().is_some_and(|p| p.skip);
        if !skip {
            // The parent's types that still fit with this child after the ones before.
            if let Some(parent) = stack.last_mut() {
                let models = &t.models[&parent.name];
                let mut fits = false;
                let mut foreign = false;
                for (k, m) in models.iter().enumerate() {
                    let Some(last) = parent.last[k] else { continue };
                    match m {
                        Model::Children { ranks, any } => match ranks.get(&name) {
                            Some(&rk) if rk >= last => {
                                parent.last[k] = Some(rk);
                                fits = true;
                            }
                            None if *any => {
                                foreign = true;
                                fits = true;
                            }
                            _ => parent.last[k] = None,
                        },
                        Model::Unchecked => fits = true,
                        Model::Text => parent.last[k] = None,
                    }
                }
                if !fits {
                    let allowed: Vec<String> = models
                        .iter()
                        .filter_map(|m| match m {
                            Model::Children { ranks, .. } => {
                                let mut v: Vec<(&String, &u32)> = ranks.iter().collect();
                                v.sort_by_key(|(k, r)| (**r, (*k).clone()));
                                Some(v.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>().join(" "))
                            }
                            _ => None,
                        })
                        .collect();
                    problems.push(format!(
                        "{part}: <{}> out of schema order (or not allowed) under <{}>; the schema's order: {}",
                        path,
                        parent.name,
                        allowed.join(" | ")
                    ));
                    // Report each parent once.
                    for l in parent.last.iter_mut() {
                        *l = Some(0);
                    }
                }
                skip = foreign;
            }
        }
        if !skip && !t.models.contains_key(&name) {
            problems.push(format!(
                "{part}: <{}> is not in tests/schema-order.txt: rerun tools/child-order.py (see its header)",
                path
            ));
            skip = true;
        }
        let n = t.models.get(&name).map_or(0, Vec::len);
        let unchecked = t.models.get(&name).is_some_and(|m| m.iter().any(|m| matches!(m, Model::Unchecked)));
        if !empty {
            stack.push(Open { name, last: vec![Some(0); n], skip: skip || unchecked });
        }
    }
    problems
}

/// Every XML part of a package, and of the packages inside it.
fn check_package(t: &Table, shown: &str, p: &Package, problems: &mut Vec<String>, parts: &mut usize) {
    for (name, bytes) in &p.parts {
        let at = format!("{shown}!{name}");
        if name.ends_with(".xml") || name.ends_with(".rels") {
            problems.extend(check_part(t, &at, &String::from_utf8_lossy(bytes)));
            *parts += 1;
        } else if name.ends_with(".xlsx") {
            check_package(t, &at, &Package::from_bytes(bytes), problems, parts);
        }
    }
}

#[test]
fn every_part_of_the_shipped_decks_is_in_schema_order() {
    let t = table();
    let dir = tempfile::tempdir().unwrap();
    let decks: BTreeMap<&str, Vec<&str>> = [
        ("annual", vec![]),
        ("monthly", vec![]),
        ("weekly", vec![]),
        ("review", vec!["--set", "agent=吴静怡"]),
        ("charts", vec![]),
        ("layouts", vec![]),
        ("weekly-fill", vec![]),
    ]
    .into_iter()
    .collect();
    // Every spec in decks/ is here.
    let mut shipped: Vec<String> = std::fs::read_dir(root().join("decks"))
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".yaml").map(str::to_string))
        .collect();
    shipped.sort();
    assert_eq!(shipped, decks.keys().map(|s| s.to_string()).collect::<Vec<_>>());
    let mut problems = Vec::new();
    let mut parts = 0;
    for (name, extra) in &decks {
        let out = dir.path().join(format!("{name}.pptx"));
        build(&root().join(format!("decks/{name}.yaml")), &out, extra);
        check_package(&t, name, &Package::open(&out), &mut problems, &mut parts);
    }
    assert!(parts > 500, "only {parts} parts checked");
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems[..problems.len().min(40)].join("\n"));
}

/// The check fails on a child out of order, in a hand-edited part.
#[test]
fn a_swapped_child_is_caught() {
    let t = table();
    let ok = r#"<p:sld xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/><p:sp><p:nvSpPr><p:cNvPr id="2" name="T"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="zh-CN"><a:solidFill><a:schemeClr val="tx1"/></a:solidFill><a:latin typeface="+mn-lt"/><a:ea typeface="+mn-ea"/></a:rPr><a:t>标题</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>"#;
    assert_eq!(check_part(&t, "ok", ok), Vec::<String>::new());
    // p:spPr before p:nvSpPr
    let swapped = ok.replace(
        r#"<p:nvSpPr><p:cNvPr id="2" name="T"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr/>"#,
        r#"<p:spPr/><p:nvSpPr><p:cNvPr id="2" name="T"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>"#,
    );
    assert_ne!(swapped, ok);
    let p = check_part(&t, "swapped", &swapped);
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(p[0].contains("p:sld/p:cSld/p:spTree/p:sp/p:nvSpPr> out of schema order"), "{p:?}");
    // a:ea before a:latin inside a run's properties
    let swapped = ok.replace(
        r#"<a:latin typeface="+mn-lt"/><a:ea typeface="+mn-ea"/>"#,
        r#"<a:ea typeface="+mn-ea"/><a:latin typeface="+mn-lt"/>"#,
    );
    let p = check_part(&t, "swapped", &swapped);
    assert!(p.len() == 1 && p[0].contains("a:rPr/a:latin> out of schema order"), "{p:?}");
    // a fill after the fonts
    let swapped = ok.replace(
        r#"<a:solidFill><a:schemeClr val="tx1"/></a:solidFill><a:latin typeface="+mn-lt"/>"#,
        r#"<a:latin typeface="+mn-lt"/><a:solidFill><a:schemeClr val="tx1"/></a:solidFill>"#,
    );
    assert_eq!(check_part(&t, "swapped", &swapped).len(), 1);
    // an element the table does not know
    let unknown = ok.replace("<a:lstStyle/>", "<a:lstStyle/><a:bogus/>");
    assert!(!check_part(&t, "unknown", &unknown).is_empty());
}

/// A real chart part with two series children swapped is caught too.
#[test]
fn a_swapped_child_in_a_built_chart_is_caught() {
    let t = table();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("weekly.pptx");
    build(&root().join("decks/weekly.yaml"), &out, &[]);
    let p = Package::open(&out);
    let (name, xml) = p
        .parts
        .iter()
        .find(|(n, _)| n.starts_with("ppt/charts/chart"))
        .map(|(n, b)| (n.clone(), String::from_utf8_lossy(b).into_owned()))
        .expect("the weekly deck has a chart");
    assert_eq!(check_part(&t, &name, &xml), Vec::<String>::new());
    let idx = xml.find("<c:idx val=\"0\"/><c:order val=\"0\"/>").expect("a first series");
    let mut swapped = xml.clone();
    swapped.replace_range(
        idx..idx + "<c:idx val=\"0\"/><c:order val=\"0\"/>".len(),
        "<c:order val=\"0\"/><c:idx val=\"0\"/>",
    );
    let problems = check_part(&t, &name, &swapped);
    assert!(problems.iter().any(|p| p.contains("c:ser/c:idx> out of schema order")), "{problems:?}");
}
