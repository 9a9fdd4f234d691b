//! The pictures: the long chat image (`--png`), one picture per chart
//! (`--png-charts`) and the cover thumbnail in every deck. The binary writes
//! them; the tests decode them with the `image` crate, compare the text
//! drawn with glyphs rasterized here straight from the bundled font file,
//! and compare the figures with the slides of the deck written beside them.

mod common;
use ab_glyph::{Font, FontRef, PxScale, ScaleFont};
use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

fn weekly_spec() -> PathBuf {
    root().join("decks/weekly.yaml")
}

/// Runs the binary with extra environment.
fn run(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_deckgen"));
    c.args(args).current_dir(dir).env("DECKGEN_TODAY", "2026-11-23").env_remove("SOURCE_DATE_EPOCH");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("the deckgen binary runs")
}

fn rgb(png: &[u8]) -> image::RgbImage {
    image::load_from_memory(png).expect("a picture that decodes").to_rgb8()
}

/// The weekly deck for W47 and its picture, built by the binary.
fn weekly(dir: &Path) -> (Package, Vec<u8>) {
    let out = dir.join("weekly.pptx");
    build(&weekly_spec(), &out, &["--period", "2026-W47", "--png"]);
    let png = std::fs::read(dir.join("weekly.png")).expect("the picture is written beside the deck");
    (Package::open(&out), png)
}

/// The same picture drawn through the library, with the regions it drew.
fn weekly_regions() -> deckgen::raster::summary::Drawn {
    let opts = deckgen::resolve::Options { vars: vec![], period: Some("2026-W47".into()) };
    let p = deckgen::pipeline::prepare(&weekly_spec(), &opts, None).unwrap();
    let b = deckgen::pipeline::build(&p, &opts).unwrap();
    let theme = p.layouts.theme(&b.deck.theme).unwrap();
    let chosen = deckgen::raster::summary::pick(&b.deck, |i| p.spec.slides[i - 1].png);
    deckgen::raster::summary::draw(&b.deck, theme, &chosen, "weekly.pptx").unwrap()
}

fn close(a: image::Rgb<u8>, b: (u8, u8, u8), tol: i32) -> bool {
    (a[0] as i32 - b.0 as i32).abs() <= tol
        && (a[1] as i32 - b.1 as i32).abs() <= tol
        && (a[2] as i32 - b.2 as i32).abs() <= tol
}

/// The theme colour `name` as the deck's theme part states it.
fn theme_color(p: &Package, name: &str) -> (u8, u8, u8) {
    let theme = p.text("ppt/theme/theme1.xml");
    let start = theme.find(&format!("<a:{name}>")).unwrap_or_else(|| panic!("{name} in the theme"));
    let hex = &theme[start..][theme[start..].find("val=\"").unwrap() + 5..][..6];
    let v = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap();
    (v(0), v(2), v(4))
}

/// Ink of a text line rasterized here from the font file: (width, height, coverage ≥ 50 %).
fn reference_ink(text: &str, px: f32, bold: bool) -> (usize, usize, Vec<bool>) {
    let file = if bold { "NotoSansCJKsc-Bold-subset.otf" } else { "NotoSansCJKsc-Regular-subset.otf" };
    let data = std::fs::read(root().join("assets/fonts").join(file)).unwrap();
    let font = FontRef::try_from_slice(&data).unwrap();
    let scale = PxScale::from(px * font.height_unscaled() / font.units_per_em().unwrap());
    let sf = font.as_scaled(scale);
    let (w, h) = ((px * text.chars().count() as f32 * 1.2) as usize + 8, (px * 1.6) as usize);
    let mut cov = vec![0f32; w * h];
    let mut x = 2.0f32;
    for c in text.chars() {
        let id = font.glyph_id(c);
        assert_ne!(id.0, 0, "{c} is in the bundled font");
        let g = id.with_scale_and_position(scale, ab_glyph::point(x.round(), (px * 1.2).round()));
        if let Some(o) = font.outline_glyph(g) {
            let b = o.px_bounds();
            o.draw(|gx, gy, v| {
                let (xx, yy) = (b.min.x as i64 + gx as i64, b.min.y as i64 + gy as i64);
                if xx >= 0 && yy >= 0 && (xx as usize) < w && (yy as usize) < h {
                    cov[yy as usize * w + xx as usize] += v;
                }
            });
        }
        x += sf.h_advance(id);
    }
    crop(w, h, cov.iter().map(|v| *v >= 0.5).collect())
}

/// The tight box around the ink.
fn crop(w: usize, h: usize, ink: Vec<bool>) -> (usize, usize, Vec<bool>) {
    let (mut x0, mut y0, mut x1, mut y1) = (w, h, 0, 0);
    for y in 0..h {
        for x in 0..w {
            if ink[y * w + x] {
                x0 = x0.min(x);
                y0 = y0.min(y);
                x1 = x1.max(x + 1);
                y1 = y1.max(y + 1);
            }
        }
    }
    assert!(x1 > x0 && y1 > y0, "no ink at all");
    let (cw, ch) = (x1 - x0, y1 - y0);
    let mut out = vec![false; cw * ch];
    for y in 0..ch {
        for x in 0..cw {
            out[y * cw + x] = ink[(y + y0) * w + x + x0];
        }
    }
    (cw, ch, out)
}

/// The ink of a region of the picture: pixels nearer the text colour `fg` than the background `bg`.
fn picture_ink(
    img: &image::RgbImage,
    r: &deckgen::raster::canvas::Rect,
    bg: (u8, u8, u8),
    fg: (u8, u8, u8),
) -> (usize, usize, Vec<bool>) {
    let full: i32 = (0..3).map(|k| ([fg.0, fg.1, fg.2][k] as i32 - [bg.0, bg.1, bg.2][k] as i32).abs()).sum();
    let (x0, y0) = (r.x.floor().max(0.0) as u32, r.y.floor().max(0.0) as u32);
    let (w, h) = (r.w.ceil() as usize + 2, r.h.ceil() as usize + 2);
    let mut ink = vec![false; w * h];
    for y in 0..h {
        for x in 0..w {
            let (px, py) = (x0 + x as u32, y0 + y as u32);
            if px < img.width() && py < img.height() {
                let p = img.get_pixel(px, py);
                let d: i32 = (0..3).map(|k| (p[k] as i32 - [bg.0, bg.1, bg.2][k] as i32).abs()).sum();
                ink[y * w + x] = 2 * d >= full;
            }
        }
    }
    crop(w, h, ink)
}

/// Overlap of two ink masks of (nearly) the same size, compared at the same scale.
fn overlap(a: &(usize, usize, Vec<bool>), b: &(usize, usize, Vec<bool>)) -> f64 {
    let (w, h) = (a.0.max(b.0), a.1.max(b.1));
    let at = |m: &(usize, usize, Vec<bool>), x: usize, y: usize| {
        let (sx, sy) = (x * m.0 / w, y * m.1 / h);
        m.2[sy * m.0 + sx]
    };
    let (mut both, mut any) = (0usize, 0usize);
    for y in 0..h {
        for x in 0..w {
            let (p, q) = (at(a, x, y), at(b, x, y));
            both += usize::from(p && q);
            any += usize::from(p || q);
        }
    }
    both as f64 / any.max(1) as f64
}

#[test]
fn the_weekly_picture_is_phone_wide_and_shows_the_decks_figures() {
    let dir = tempfile::tempdir().unwrap();
    let (deck, png) = weekly(dir.path());
    let img = rgb(&png);
    assert_eq!(img.width(), 1080);
    assert!(img.height() > 3000, "a long picture, got {} px", img.height());

    // The library draws the very same bytes, so its regions describe this file.
    let drawn = weekly_regions();
    assert!(drawn.png == png, "the picture drawn through the library differs from the file");

    // Every chart region has drawing in it, and the first series' colour.
    let accent1 = theme_color(&deck, "accent1");
    let charts: Vec<_> = drawn.regions.iter().filter(|r| r.kind == "chart").collect();
    assert_eq!(charts.len(), 5, "the default: slides 4, 5 and 6 with 1 + 2 + 2 charts");
    for r in &charts {
        let (x0, y0, w, h) = (r.rect.x as u32, r.rect.y as u32, r.rect.w as u32, r.rect.h as u32);
        let mut drawn_px = 0;
        let mut series_px = 0;
        for y in y0..y0 + h {
            for x in x0..x0 + w {
                let p = img.get_pixel(x, y);
                drawn_px += usize::from(!close(*p, (255, 255, 255), 3));
                series_px += usize::from(close(*p, accent1, 8));
            }
        }
        let share = drawn_px as f64 / (w * h) as f64;
        assert!(share > 0.03, "chart `{}`: only {:.1} % of its region is drawn", r.text, share * 100.0);
        assert!(series_px > 200, "chart `{}`: the first series' colour is missing", r.text);
    }

    // The KPI cards show the figures of the deck's KPI slide, every one.
    let kpi_slide = slide_text(&deck, "ppt/slides/slide2.xml");
    let values: Vec<_> = drawn.regions.iter().filter(|r| r.kind == "kpi-value").collect();
    assert_eq!(values.len(), 8);
    for v in &values {
        assert!(kpi_slide.contains(&v.text), "card value {} is not on the deck's KPI slide", v.text);
        assert!(v.px >= 48.0, "values read on a phone: {} px", v.px);
    }
    for r in drawn.regions.iter().filter(|r| r.kind == "conclusion") {
        let on_deck =
            (1..=9).any(|i| slide_text(&deck, &format!("ppt/slides/slide{i}.xml")).contains(&r.text.replace('\n', "")));
        assert!(on_deck, "conclusion `{}` is not in the deck", r.text);
    }
}

#[test]
fn text_is_the_bundled_fonts_glyphs_not_boxes() {
    let dir = tempfile::tempdir().unwrap();
    let (deck, png) = weekly(dir.path());
    let img = rgb(&png);
    let drawn = weekly_regions();
    let title = drawn.regions.iter().find(|r| r.kind == "title").unwrap();
    assert_eq!(title.text, "客服部周报");
    let got = picture_ink(&img, &title.rect, theme_color(&deck, "accent1"), (255, 255, 255));
    let want = reference_ink(&title.text, title.px, true);
    let same = overlap(&got, &want);
    assert!(same > 0.97, "the title's ink matches the font's glyphs only {:.1} %", same * 100.0);
    // The measure tells one character apart: 周 and 月 differ, the rest is the same.
    let other = overlap(&got, &reference_ink("客服部月报", title.px, true));
    assert!(other < 0.95, "one different character still matches {:.1} %", other * 100.0);
    // The same measure tells boxes apart: five .notdef boxes do not match.
    let data = std::fs::read(root().join("assets/fonts/NotoSansCJKsc-Bold-subset.otf")).unwrap();
    let font = FontRef::try_from_slice(&data).unwrap();
    assert_eq!(font.glyph_id('\u{E000}').0, 0, "a private-use character has no glyph");
    let tofu = {
        let (w, h) = (5 * title.px as usize, title.px as usize);
        let mut ink = vec![false; w * h];
        for k in 0..5 {
            let x0 = k * title.px as usize + 4;
            let x1 = (k + 1) * title.px as usize - 4;
            for y in 2..h - 2 {
                for x in x0..x1 {
                    ink[y * w + x] = x < x0 + 5 || x >= x1 - 5 || y < 7 || y >= h - 7;
                }
            }
        }
        crop(w, h, ink)
    };
    assert!(overlap(&got, &tofu) < 0.4, "the title looks like boxes");

    // A heading in the body, on white, matches too.
    let heading = drawn.regions.iter().find(|r| r.kind == "heading").unwrap();
    let got = picture_ink(&img, &heading.rect, (255, 255, 255), theme_color(&deck, "dk2"));
    let same = overlap(&got, &reference_ink(&heading.text, heading.px, true));
    assert!(same > 0.97, "heading `{}` matches the font only {:.1} %", heading.text, same * 100.0);
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let (_, png_a) = weekly(a.path());
    let (_, png_b) = weekly(b.path());
    assert!(png_a == png_b, "two builds drew different pictures");
    let deck_a = std::fs::read(a.path().join("weekly.pptx")).unwrap();
    let deck_b = std::fs::read(b.path().join("weekly.pptx")).unwrap();
    assert!(deck_a == deck_b, "two builds wrote different decks (thumbnail included)");
}

#[test]
fn every_deck_has_a_cover_thumbnail_as_powerpoint_writes_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("w.pptx");
    build(&weekly_spec(), &out, &["--period", "2026-W47"]);
    let p = Package::open(&out);
    let rel = p.rels("").into_iter().find(|r| r.1 == "thumbnail").expect("a package relationship to the thumbnail");
    assert_eq!(rel.2, "docProps/thumbnail.jpeg");
    let types = p.text("[Content_Types].xml");
    let jpeg_default =
        elements(&types, "Default").into_iter().any(|a| a["Extension"] == "jpeg" && a["ContentType"] == "image/jpeg");
    let jpeg_override = elements(&types, "Override").into_iter().any(|a| a["PartName"] == "/docProps/thumbnail.jpeg");
    assert!(jpeg_default || jpeg_override, "the thumbnail has a content type");
    let bytes = &p.parts["docProps/thumbnail.jpeg"];
    assert_eq!(image::guess_format(bytes).unwrap(), image::ImageFormat::Jpeg);
    let img = rgb(bytes);
    assert_eq!((img.width(), img.height()), (256, 144), "256 px wide, as PowerPoint writes it, 16:9");
    // The cover's background is the theme's accent1 (layouts/cover.xml).
    let accent1 = theme_color(&p, "accent1");
    assert!(close(*img.get_pixel(4, 140), accent1, 12), "cover background, got {:?}", img.get_pixel(4, 140));
    // The title is drawn: white ink on the left half.
    let white = (0..128)
        .flat_map(|x| (40..100).map(move |y| (x, y)))
        .filter(|(x, y)| close(*img.get_pixel(*x, *y), (255, 255, 255), 40))
        .count();
    assert!(white > 60, "the cover title is visible in the thumbnail ({white} white pixels)");
}

#[test]
fn one_picture_per_chart() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("w.pptx");
    let pics = dir.path().join("charts");
    build(&weekly_spec(), &out, &["--period", "2026-W47", "--png-charts", pics.to_str().unwrap()]);
    let p = Package::open(&out);
    let charts = p.parts.keys().filter(|k| k.starts_with("ppt/charts/chart") && k.ends_with(".xml")).count();
    let mut files: Vec<String> =
        std::fs::read_dir(&pics).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    files.sort();
    assert_eq!(files.len(), charts, "{files:?}");
    assert!(files[0].starts_with("slide04-"), "named after the slide: {files:?}");
    for f in &files {
        let img = rgb(&std::fs::read(pics.join(f)).unwrap());
        let drawn = img.pixels().filter(|p| !close(**p, (255, 255, 255), 3)).count();
        assert!(drawn as f64 > 0.03 * (img.width() * img.height()) as f64, "{f} is nearly empty");
    }
}

/// The weekly spec with absolute paths, edited by `f`, written into `dir`.
fn weekly_variant(dir: &Path, f: impl Fn(String) -> String) -> PathBuf {
    let text = std::fs::read_to_string(weekly_spec()).unwrap();
    let decks = root().join("decks");
    let text = text
        .replace("shop: data/weekly.xlsx", &format!("shop: {}", decks.join("data/weekly.xlsx").display()))
        .replace("logo: assets/logo.png", &format!("logo: {}", decks.join("assets/logo.png").display()));
    let spec = dir.join("w.yaml");
    std::fs::write(&spec, f(text)).unwrap();
    spec
}

#[test]
fn the_spec_marks_the_slides_of_the_picture() {
    let dir = tempfile::tempdir().unwrap();
    // Only the after-sales slide (7), and the KPI slide left out.
    let spec = weekly_variant(dir.path(), |t| {
        t.replace("    title: 售后工单与退款\n", "    title: 售后工单与退款\n    png: true\n")
    });
    let o = run(dir.path(), &["build", spec.to_str().unwrap(), "-o", "w.pptx", "--period", "2026-W47", "--png"], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let opts = deckgen::resolve::Options { vars: vec![], period: Some("2026-W47".into()) };
    let p = deckgen::pipeline::prepare(&spec, &opts, None).unwrap();
    let b = deckgen::pipeline::build(&p, &opts).unwrap();
    let chosen = deckgen::raster::summary::pick(&b.deck, |i| p.spec.slides[i - 1].png);
    let drawn =
        deckgen::raster::summary::draw(&b.deck, p.layouts.theme(&b.deck.theme).unwrap(), &chosen, "w.pptx").unwrap();
    assert!(drawn.png == std::fs::read(dir.path().join("w.png")).unwrap());
    let headings: Vec<&str> = drawn.regions.iter().filter(|r| r.kind == "heading").map(|r| r.text.as_str()).collect();
    assert_eq!(headings, vec!["售后工单与退款", "更多结论"]);
    assert!(!drawn.regions.iter().any(|r| r.kind == "kpi-value"));
}

#[test]
fn characters_outside_the_font_are_warned_about_and_never_boxes() {
    let dir = tempfile::tempdir().unwrap();
    let spec = weekly_variant(dir.path(), |t| t.replace("  title: 客服部周报\n", "  title: 𠮷野客服部周报\n"));
    let o = run(dir.path(), &["check", spec.to_str().unwrap(), "--period", "2026-W47"], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("warning: deck.title: 「𠮷」(U+20BB7)") && err.contains("not in the bundled font"), "{err}");
    // With no system font at all, the build still writes the picture.
    let o = run(
        dir.path(),
        &["build", spec.to_str().unwrap(), "-o", "w.pptx", "--period", "2026-W47", "--png"],
        &[("DECKGEN_FONTS", "")],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let img = rgb(&std::fs::read(dir.path().join("w.png")).unwrap());
    assert_eq!(img.width(), 1080);
    // The shipped decks draw everything from the bundled font: check is quiet about it.
    let o = run(&root(), &["check", "decks/weekly.yaml", "--period", "2026-W47"], &[]);
    assert!(!stderr(&o).contains("bundled font"), "{}", stderr(&o));
}

#[test]
fn pictures_are_of_one_deck() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(
        &root(),
        &["build", "decks/review.yaml", "--each", "-o", &format!("{}/", dir.path().display()), "--png"],
        &[],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--png"), "{}", stderr(&o));
}

#[test]
fn a_deck_named_like_its_picture_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("w.png");
    let o = run(
        &root(),
        &["build", "decks/weekly.yaml", "--period", "2026-W47", "-o", out.to_str().unwrap(), "--png"],
        &[],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("name the deck .pptx"), "{}", stderr(&o));
    assert!(!out.exists(), "nothing is written");
}
