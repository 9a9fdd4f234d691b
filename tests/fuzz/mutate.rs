//! The mutators of the fuzz tests: a fixed-seed generator, byte- and
//! character-level mutations, YAML-structure mutations, and the tokens of
//! each input format.

/// A fixed-seed xorshift generator.
#[derive(Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64, case: u64) -> Rng {
        let mut r = Rng(seed ^ case.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        for _ in 0..4 {
            r.next();
        }
        r
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// Numbers that break things.
pub const NUMBERS: &[&str] = &[
    "0",
    "-1",
    "1e308",
    "-1e308",
    "1e-320",
    "NaN",
    "inf",
    "4294967295",
    "4294967296",
    "18446744073709551616",
    "99999999999999999999",
    "2147483648",
    "1048577",
    "16385",
    "0.0000001",
    "-0",
    "00000001",
    "１２",
];

/// Changes `input` 1 to 6 times; `dict` holds tokens of its format.
pub fn mutate(rng: &mut Rng, input: &[u8], dict: &[&str], corpus: &[Vec<u8>], max: usize) -> Vec<u8> {
    let mut v = input.to_vec();
    for _ in 0..1 + rng.below(6) {
        let len = v.len();
        let at = rng.below(len + 1);
        match rng.below(10) {
            0 if len > 0 => v[at.min(len - 1)] ^= 1 << rng.below(8),
            1 if len > 0 => {
                const B: &[u8] = b"\x00\xff<>\"'&\n{}[]:,-*!|_%\\/ \t\r";
                v[at.min(len - 1)] = B[rng.below(B.len())];
            }
            2 | 3 => {
                let t = dict[rng.below(dict.len())].as_bytes();
                v.splice(at..at, t.iter().copied());
            }
            4 if len > 0 => {
                let n = 1 + rng.below(64.min(len - at.min(len - 1)));
                let from = at.min(len - 1);
                v.drain(from..(from + n).min(len));
            }
            5 if len > 0 => {
                let from = rng.below(len);
                let n = 1 + rng.below(256.min(len - from));
                let chunk: Vec<u8> = v[from..from + n].to_vec();
                let to = rng.below(v.len() + 1);
                v.splice(to..to, chunk);
            }
            6 if len > 0 => {
                // A range repeated many times.
                let from = rng.below(len);
                let n = 1 + rng.below(32.min(len - from));
                let chunk: Vec<u8> = v[from..from + n].to_vec();
                let times = 1 + rng.below(2000);
                let rep: Vec<u8> = chunk.iter().copied().cycle().take(chunk.len() * times).collect();
                v.splice(from..from, rep);
            }
            7 => {
                // A number replaced by an extreme one.
                let digits: Vec<usize> = (0..len).filter(|&i| v[i].is_ascii_digit()).collect();
                if !digits.is_empty() {
                    let s = digits[rng.below(digits.len())];
                    let mut e = s;
                    while e < len && (v[e].is_ascii_digit() || v[e] == b'.') {
                        e += 1;
                    }
                    let n = NUMBERS[rng.below(NUMBERS.len())].as_bytes();
                    v.splice(s..e, n.iter().copied());
                }
            }
            8 if !corpus.is_empty() => {
                // Splice in a piece of another input.
                let other = &corpus[rng.below(corpus.len())];
                if !other.is_empty() {
                    let from = rng.below(other.len());
                    let n = 1 + rng.below(512.min(other.len() - from));
                    v.splice(at..at, other[from..from + n].iter().copied());
                }
            }
            _ if len > 0 => v.truncate(at.max(1)),
            _ => {}
        }
        v.truncate(max);
    }
    v
}

/// Like [`mutate`], on characters instead of bytes: the text stays valid
/// UTF-8, so the mutations reach the parsers rather than the decoders.
pub fn mutate_text(rng: &mut Rng, input: &[u8], dict: &[&str], corpus: &[Vec<u8>], max: usize) -> Vec<u8> {
    let mut v: Vec<char> = String::from_utf8_lossy(input).chars().collect();
    for _ in 0..1 + rng.below(4) {
        let len = v.len();
        let at = rng.below(len + 1);
        match rng.below(7) {
            0 | 1 => {
                let t: Vec<char> = dict[rng.below(dict.len())].chars().collect();
                v.splice(at..at, t);
            }
            2 if len > 0 => {
                let from = at.min(len - 1);
                let n = 1 + rng.below(8.min(len - from));
                v.drain(from..from + n);
            }
            3 if len > 0 => {
                let from = rng.below(len);
                let n = 1 + rng.below(64.min(len - from));
                let chunk: Vec<char> = v[from..from + n].to_vec();
                let times = if rng.chance(10) { 1 + rng.below(500) } else { 1 };
                let rep: Vec<char> = chunk.iter().copied().cycle().take(chunk.len() * times).collect();
                let to = rng.below(v.len() + 1);
                v.splice(to..to, rep);
            }
            4 if len > 0 => {
                let t: Vec<char> = dict[rng.below(dict.len())].chars().collect();
                let from = at.min(len - 1);
                v.splice(from..(from + 1 + rng.below(4)).min(len), t);
            }
            5 if !corpus.is_empty() => {
                let other: Vec<char> = String::from_utf8_lossy(&corpus[rng.below(corpus.len())]).chars().collect();
                if !other.is_empty() {
                    let from = rng.below(other.len());
                    let n = 1 + rng.below(64.min(other.len() - from));
                    v.splice(at..at, other[from..from + n].iter().copied());
                }
            }
            _ => {
                let n = NUMBERS[rng.below(NUMBERS.len())].chars();
                v.splice(at..at, n);
            }
        }
        v.truncate(max);
    }
    v.into_iter().collect::<String>().into_bytes()
}

/// Keys and scalars of the shipped specs, to put in other places.
pub struct YamlPool {
    pub keys: Vec<serde_yaml::Value>,
    pub scalars: Vec<serde_yaml::Value>,
    pub nodes: Vec<serde_yaml::Value>,
}

pub fn yaml_pool(corpus: &[Vec<u8>]) -> YamlPool {
    fn walk(v: &serde_yaml::Value, pool: &mut YamlPool) {
        match v {
            serde_yaml::Value::Mapping(m) => {
                for (k, x) in m {
                    pool.keys.push(k.clone());
                    if pool.nodes.len() < 5000 {
                        pool.nodes.push(x.clone());
                    }
                    walk(x, pool);
                }
            }
            serde_yaml::Value::Sequence(s) => s.iter().for_each(|x| walk(x, pool)),
            other => pool.scalars.push(other.clone()),
        }
    }
    let mut pool = YamlPool { keys: vec![], scalars: vec![], nodes: vec![] };
    for c in corpus {
        if let Ok(v) = serde_yaml::from_slice::<serde_yaml::Value>(c) {
            walk(&v, &mut pool);
        }
    }
    for n in NUMBERS {
        pool.scalars.push(serde_yaml::Value::String(n.to_string()));
    }
    for t in YAML_TOKENS {
        pool.scalars.push(serde_yaml::Value::String(t.to_string()));
    }
    pool.scalars.push(serde_yaml::Value::String("很".repeat(5000)));
    pool.scalars.push(serde_yaml::Value::Number(serde_yaml::Number::from(f64::MAX)));
    pool.scalars.push(serde_yaml::Value::Number(serde_yaml::Number::from(-1i64)));
    pool.scalars.push(serde_yaml::Value::Null);
    pool
}

/// Changes a spec's values, keys and lists, keeping it YAML: most such
/// specs load, so the mutations reach the build.
pub fn mutate_yaml(rng: &mut Rng, v: &mut serde_yaml::Value, pool: &YamlPool, depth: usize) {
    use serde_yaml::Value;
    let pick = |rng: &mut Rng, v: &Vec<Value>| v[rng.below(v.len())].clone();
    match v {
        Value::Mapping(m) => {
            if rng.chance(4) && !m.is_empty() {
                let k = m.keys().nth(rng.below(m.len())).cloned();
                if let Some(k) = k {
                    m.remove(&k);
                }
            }
            if rng.chance(3) {
                let k = pick(rng, &pool.keys);
                let x = if rng.chance(50) { pick(rng, &pool.scalars) } else { pick(rng, &pool.nodes) };
                m.insert(k, x);
            }
            for (_, x) in m.iter_mut() {
                mutate_yaml(rng, x, pool, depth + 1);
            }
        }
        Value::Sequence(s) => {
            if rng.chance(4) && !s.is_empty() {
                s.remove(rng.below(s.len()));
            }
            if rng.chance(3) && !s.is_empty() && depth > 1 {
                let x = s[rng.below(s.len())].clone();
                let most = if rng.chance(10) { 300 } else { 3 };
                for _ in 0..1 + rng.below(most) {
                    s.push(x.clone());
                }
            }
            if rng.chance(2) {
                s.clear();
            }
            for x in s.iter_mut() {
                mutate_yaml(rng, x, pool, depth + 1);
            }
        }
        _ => {
            if rng.chance(6) {
                *v = if rng.chance(80) { pick(rng, &pool.scalars) } else { pick(rng, &pool.nodes) };
            }
        }
    }
}

pub const YAML_TOKENS: &[&str] = &[
    ": ",
    "- ",
    "{",
    "}",
    "[",
    "]",
    ",",
    "&a ",
    "*a",
    "! ",
    "!!binary ",
    "|\n",
    ">\n",
    "\n",
    "  ",
    "\t",
    "'",
    "\"",
    "{{",
    "}}",
    "{{ period.label }}",
    "{{x.y.z}}",
    "~",
    "null",
    "layout: chart\n",
    "chart: {type: scatter}",
    "type: pie",
    "type: waterfall",
    "values: []",
    "categories: []",
    "series: [{name: a, values: [1]}]",
    "x: [1, 2, 3]",
    "rows_per_slide: 1",
    "rows_per_slide: 0",
    "when: false",
    "repeat: 日数据.日期",
    "by: month",
    "top: 0",
    "top: -1",
    "sort: desc",
    "target: 1e308",
    "digits: 255",
    "hole: 100",
    "gap_width: 4294967295",
    "period: 9999",
    "period: last-week",
    "period: 2026-W53",
    "period: 0000-01",
    "format: \"0.0%\"",
    "image: assets/logo.png",
    "image: /dev/zero",
    "sources: {x: /dev/null}",
    "output: \"{{nope}}.pptx\"",
    "text: [[[[[a]]]]]",
    "header_row: 0",
    "header_row: 99999999",
    "empty: error",
    "where: 1/0",
    "expr: 1/0",
    "\u{feff}",
    "\u{0}",
    "😀",
];

pub const EXPR_TOKENS: &[&str] = &[
    "(",
    ")",
    "((((",
    "))))",
    "+",
    "-",
    "*",
    "/",
    "|",
    ".",
    ",",
    "==",
    "!=",
    "<=",
    ">",
    "&&",
    "||",
    "and",
    "or",
    "not",
    "\"",
    "'",
    "“",
    "”",
    "「",
    "」",
    "`",
    "\\",
    "万",
    "亿",
    "%",
    "1e308",
    "0",
    "-0",
    ".value",
    ".prev",
    ".change",
    ".growth",
    ".rank",
    ".team",
    ".best",
    ".best_label",
    ".period",
    ".label",
    "| pct",
    "| pp",
    "| wan(1)",
    "| int",
    "| signed",
    "| date('YYYY')",
    "| default('—')",
    "| round(300)",
    "| num(4294967295)",
    "if(",
    "top(",
    "min(",
    "max(",
    "abs(",
    "period",
    "period.label",
    "period.next.start",
    "missed_targets",
    "店铺销售额",
    "询单转化率",
    "首响",
    "客服姓名",
    "日数据",
    "x",
    "y",
    "¥",
    "，",
    "（",
    "）",
    "。",
    "|",
    "{{",
    "}}",
];

/// Edits that keep an expression an expression.
pub const EXPR_EDITS: &[&str] = &[
    " + 1",
    " - 1e308",
    " * 0",
    " / 0",
    " / 0.0000001",
    " == 0",
    " > 1e308",
    " and 0",
    " or 1",
    ".value",
    ".prev",
    ".change",
    ".growth",
    ".last_year",
    ".yoy_growth",
    ".vs_prev",
    ".achievement",
    ".gap",
    ".met",
    ".status",
    ".best",
    ".worst",
    ".best_label",
    ".rank",
    ".rank_text",
    ".share",
    ".team",
    ".vs_team",
    " | pct",
    " | pp",
    " | wan",
    " | wan(9)",
    " | yi",
    " | money",
    " | int",
    " | num(20)",
    " | sec",
    " | signed",
    " | abs",
    " | round(-3)",
    " | trend",
    " | arrow",
    " | color",
    " | default('—')",
    " | date('YYYY年M月D日')",
    " | date",
    " | pct(255)",
    " | round(4294967296)",
    " | wan(-1)",
    ".x.y.z",
    " | nope",
];

pub const XML_TOKENS: &[&str] = &[
    "<",
    ">",
    "/>",
    "</",
    "\"",
    "'",
    "&amp;",
    "&#0;",
    "&#x10FFFF;",
    "&#99999999;",
    "&lt",
    "<![CDATA[",
    "]]>",
    "<!--",
    "-->",
    "<?xml ?>",
    "_x000D_",
    "_x0000_",
    "_xFFFF_",
    "_x",
    " r=\"A1\"",
    " r=\"XFD1048576\"",
    " r=\"A4000000000\"",
    " r=\"ZZZZ1\"",
    " r=\"\"",
    " r='B2'",
    " t=\"s\"",
    " t=\"str\"",
    " t=\"b\"",
    " t=\"e\"",
    " t=\"d\"",
    " t=\"inlineStr\"",
    " s=\"0\"",
    " s=\"99999\"",
    "<c>",
    "</c>",
    "<v>",
    "</v>",
    "<v>4294967295</v>",
    "<v>-1</v>",
    "<v>1e308</v>",
    "<row>",
    "</row>",
    "<row r=\"1048576\">",
    "<row r=\"0\">",
    "<is><t>",
    "</t></is>",
    "<rPh>",
    "</rPh>",
    "<f>",
    "</f>",
    "<mergeCell ref=\"A1:XFD1048576\"/>",
    "<si><t>",
    "</t></si>",
    "<t xml:space=\"preserve\">",
    "<numFmt numFmtId=\"164\" formatCode=\"yyyy\"/>",
    "<xf numFmtId=\"14\"/>",
    "<workbookPr date1904=\"1\"/>",
    "Target=\"../../../x\"",
    "Target=\"/xl/worksheets/sheet1.xml\"",
    "Id=\"rId1\"",
    "<sheet name=\"a\" r:id=\"rId9\"/>",
];

pub const CSV_TOKENS: &[&str] = &[
    ",",
    ";",
    "\t",
    "\"",
    "\"\"",
    "\n",
    "\r\n",
    "\r",
    "\u{feff}",
    "日期",
    "月份",
    "2026-11-03",
    "2026年11月",
    "11月",
    "13月",
    "2026-02-30",
    "1,234.5",
    "38.2%",
    "1.2万",
    "3亿",
    "(12)",
    "¥1,234",
    "—",
    "N/A",
    "#DIV/0!",
    "1e308",
    "-",
    "999999999999999999999",
    "\u{0}",
    "\u{ff}",
    "合计",
    "小计",
    "注：",
];
