//! Every spec in tests/bad/ fails with exactly the message in its .err file
//! (first line `exit: N`), and writes no output.

mod common;
use common::*;

#[test]
fn bad_inputs_give_their_messages() {
    let dir = root().join("tests/bad");
    let out_dir = tempfile::tempdir().unwrap();
    let mut checked = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&dir).unwrap().filter_map(|e| e.ok()).map(|e| e.path()).collect();
    entries.sort();
    for spec in entries.into_iter().filter(|p| p.extension().is_some_and(|e| e == "yaml")) {
        let name = spec.file_stem().unwrap().to_str().unwrap().to_string();
        let expected = std::fs::read_to_string(dir.join(format!("{name}.err")))
            .unwrap_or_else(|_| panic!("{name}.err is missing"));
        let (code_line, message) = expected.split_once('\n').unwrap();
        let code: i32 = code_line.trim_start_matches("exit: ").parse().unwrap();
        let out = out_dir.path().join(format!("{name}.pptx"));
        let o = deckgen(&dir, &["build", &format!("{name}.yaml"), "-o", out.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(code), "{name}: exit code\n{}", stderr(&o));
        assert_eq!(stderr(&o), message, "{name}: message");
        assert!(!out.exists(), "{name}: no output on failure");
        checked += 1;
    }
    assert!(checked >= 12, "only {checked} bad inputs found");
}
