//! Every place a build of a shipped deck looks up in the spec is there
//! exactly: a typo in a hand-built path (`slides[3].chrat`) would silently
//! name a parent's line instead.

use deckgen::resolve::Options;

#[test]
fn every_place_a_shipped_deck_names_is_in_its_spec() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut specs: Vec<_> = std::fs::read_dir(root.join("decks"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    specs.sort();
    assert!(specs.len() >= 4, "{specs:?}");
    let mut missed = Vec::new();
    for spec in &specs {
        let opts = Options::default();
        let p = deckgen::pipeline::prepare(spec, &opts, None).unwrap();
        let built = deckgen::pipeline::build(&p, &opts);
        assert!(built.is_ok(), "{}: {}", spec.display(), built.err().map(|e| e.to_string()).unwrap_or_default());
        let _ = deckgen::check::check(&p, &opts);
        for m in p.loc.misses() {
            missed.push(format!("{}: {m}", spec.display()));
        }
    }
    assert!(missed.is_empty(), "places looked up that the spec does not have:\n{}", missed.join("\n"));
}
