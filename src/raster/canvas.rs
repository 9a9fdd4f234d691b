//! A picture being drawn: an RGB buffer that plotters draws shapes into
//! (through its bitmap backend) and the typesetter draws text into, and
//! its PNG or JPEG encoding.

use crate::error::{Error, Result};
use plotters::coord::Shift;
use plotters::prelude::*;

/// A colour by value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    pub const WHITE: Rgb = Rgb(255, 255, 255);

    /// `RRGGBB` (with or without `#`).
    pub fn hex(s: &str) -> Option<Rgb> {
        let s = s.trim().trim_start_matches('#');
        if s.len() != 6 || !s.is_ascii() {
            return None;
        }
        let p = |i: usize| u8::from_str_radix(&s[i..i + 2], 16).ok();
        Some(Rgb(p(0)?, p(2)?, p(4)?))
    }

    /// `self` moved towards `other` by `t` (0: self, 1: other).
    pub fn mix(self, other: Rgb, t: f32) -> Rgb {
        let m = |a: u8, b: u8| (f32::from(a) + (f32::from(b) - f32::from(a)) * t).round().clamp(0.0, 255.0) as u8;
        Rgb(m(self.0, other.0), m(self.1, other.1), m(self.2, other.2))
    }

    /// DrawingML's `lumMod`/`lumOff`: the HSL lightness times `m` plus `o`.
    pub fn lum(self, m: f32, o: f32) -> Rgb {
        let (h, s, l) = self.hsl();
        Rgb::from_hsl(h, s, (l * m + o).clamp(0.0, 1.0))
    }

    fn hsl(self) -> (f32, f32, f32) {
        let (r, g, b) = (f32::from(self.0) / 255.0, f32::from(self.1) / 255.0, f32::from(self.2) / 255.0);
        let (max, min) = (r.max(g).max(b), r.min(g).min(b));
        let l = (max + min) / 2.0;
        if max == min {
            return (0.0, 0.0, l);
        }
        let d = max - min;
        let s = if l > 0.5 { d / (2.0 - max - min) } else { d / (max + min) };
        let h = if max == r {
            (g - b) / d + if g < b { 6.0 } else { 0.0 }
        } else if max == g {
            (b - r) / d + 2.0
        } else {
            (r - g) / d + 4.0
        };
        (h / 6.0, s, l)
    }

    fn from_hsl(h: f32, s: f32, l: f32) -> Rgb {
        if s == 0.0 {
            let v = (l * 255.0).round() as u8;
            return Rgb(v, v, v);
        }
        let q = if l < 0.5 { l * (1.0 + s) } else { l + s - l * s };
        let p = 2.0 * l - q;
        let f = |mut t: f32| {
            if t < 0.0 {
                t += 1.0;
            }
            if t > 1.0 {
                t -= 1.0;
            }
            let v = if t < 1.0 / 6.0 {
                p + (q - p) * 6.0 * t
            } else if t < 0.5 {
                q
            } else if t < 2.0 / 3.0 {
                p + (q - p) * (2.0 / 3.0 - t) * 6.0
            } else {
                p
            };
            (v * 255.0).round().clamp(0.0, 255.0) as u8
        };
        Rgb(f(h + 1.0 / 3.0), f(h), f(h - 1.0 / 3.0))
    }

    pub fn plotters(self) -> RGBColor {
        RGBColor(self.0, self.1, self.2)
    }
}

/// A rectangle in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl Rect {
    pub fn new(x: f32, y: f32, w: f32, h: f32) -> Rect {
        Rect { x, y, w, h }
    }

    pub fn right(&self) -> f32 {
        self.x + self.w
    }

    pub fn bottom(&self) -> f32 {
        self.y + self.h
    }
}

pub struct Canvas {
    pub w: u32,
    pub h: u32,
    /// RGB, row by row.
    pub buf: Vec<u8>,
    /// Painting stays inside: x0, y0, x1, y1 (exclusive).
    clip: Option<(i32, i32, i32, i32)>,
}

/// A drawing error of plotters (only out-of-memory-like failures of the bitmap backend).
pub fn draw_err<E: std::fmt::Display>(e: E) -> Error {
    Error::build(format!("cannot draw the picture ({e})"))
}

impl Canvas {
    pub fn new(w: u32, h: u32, bg: Rgb) -> Canvas {
        let buf = [bg.0, bg.1, bg.2].repeat(w as usize * h as usize);
        Canvas { w, h, buf, clip: None }
    }

    /// Keeps the painting of [`blend`](Self::blend) and the fills inside `r` (`None`: everywhere).
    pub fn clip(&mut self, r: Option<Rect>) {
        self.clip =
            r.map(|r| (r.x.floor() as i32, r.y.floor() as i32, r.right().ceil() as i32, r.bottom().ceil() as i32));
    }

    /// Paints (`x`, `y`) with `c` at opacity `a` (0–1).
    pub fn blend(&mut self, x: i32, y: i32, c: Rgb, a: f32) {
        if x < 0 || y < 0 || x as u32 >= self.w || y as u32 >= self.h || a <= 0.0 {
            return;
        }
        if let Some((x0, y0, x1, y1)) = self.clip
            && (x < x0 || y < y0 || x >= x1 || y >= y1)
        {
            return;
        }
        let i = (y as usize * self.w as usize + x as usize) * 3;
        if a >= 1.0 {
            self.buf[i..i + 3].copy_from_slice(&[c.0, c.1, c.2]);
            return;
        }
        // Integer blending: a in 1/256ths.
        let a = (a * 256.0) as i32;
        for (k, v) in [c.0, c.1, c.2].into_iter().enumerate() {
            let old = i32::from(self.buf[i + k]);
            self.buf[i + k] = (old + (((i32::from(v) - old) * a + 128) >> 8)) as u8;
        }
    }

    pub fn pixel(&self, x: u32, y: u32) -> Rgb {
        let i = (y as usize * self.w as usize + x as usize) * 3;
        Rgb(self.buf[i], self.buf[i + 1], self.buf[i + 2])
    }

    /// Fills a rectangle; fractional edges are blended.
    pub fn fill(&mut self, r: Rect, c: Rgb) {
        self.fill_alpha(r, c, 1.0);
    }

    pub fn fill_alpha(&mut self, r: Rect, c: Rgb, alpha: f32) {
        let (x0, y0) = (r.x.max(0.0), r.y.max(0.0));
        let (x1, y1) = (r.right().min(self.w as f32), r.bottom().min(self.h as f32));
        if x1 <= x0 || y1 <= y0 {
            return;
        }
        for y in y0.floor() as i32..y1.ceil() as i32 {
            let cy = (y1.min(y as f32 + 1.0) - y0.max(y as f32)).clamp(0.0, 1.0);
            for x in x0.floor() as i32..x1.ceil() as i32 {
                let cx = (x1.min(x as f32 + 1.0) - x0.max(x as f32)).clamp(0.0, 1.0);
                self.blend(x, y, c, cx * cy * alpha);
            }
        }
    }

    /// A rectangle with round corners of radius `rad`, edges smoothed.
    pub fn round_rect(&mut self, r: Rect, rad: f32, c: Rgb) {
        let rad = rad.min(r.w / 2.0).min(r.h / 2.0).max(0.0);
        self.fill(Rect::new(r.x + rad, r.y, r.w - 2.0 * rad, r.h), c);
        self.fill(Rect::new(r.x, r.y + rad, rad, r.h - 2.0 * rad), c);
        self.fill(Rect::new(r.right() - rad, r.y + rad, rad, r.h - 2.0 * rad), c);
        let corners = [
            (r.x + rad, r.y + rad),
            (r.right() - rad, r.y + rad),
            (r.x + rad, r.bottom() - rad),
            (r.right() - rad, r.bottom() - rad),
        ];
        for (k, (cx, cy)) in corners.into_iter().enumerate() {
            let (xs, ys) = (if k % 2 == 0 { cx - rad } else { cx }, if k < 2 { cy - rad } else { cy });
            for y in ys.floor() as i32..(ys + rad).ceil() as i32 {
                for x in xs.floor() as i32..(xs + rad).ceil() as i32 {
                    let d = ((x as f32 + 0.5 - cx).powi(2) + (y as f32 + 0.5 - cy).powi(2)).sqrt();
                    self.blend(x, y, c, (rad - d + 0.5).clamp(0.0, 1.0));
                }
            }
        }
    }

    /// A filled circle with a smoothed edge.
    pub fn disc(&mut self, cx: f32, cy: f32, rad: f32, c: Rgb) {
        for y in (cy - rad - 1.0).floor() as i32..=(cy + rad + 1.0).ceil() as i32 {
            for x in (cx - rad - 1.0).floor() as i32..=(cx + rad + 1.0).ceil() as i32 {
                let d = ((x as f32 + 0.5 - cx).powi(2) + (y as f32 + 0.5 - cy).powi(2)).sqrt();
                self.blend(x, y, c, (rad - d + 0.5).clamp(0.0, 1.0));
            }
        }
    }

    /// The whole canvas as a plotters drawing area.
    pub fn area(&mut self) -> DrawingArea<BitMapBackend<'_>, Shift> {
        BitMapBackend::with_buffer(&mut self.buf, (self.w, self.h)).into_drawing_area()
    }

    /// The picture as PNG.
    pub fn png(&self) -> Result<Vec<u8>> {
        use image::ImageEncoder;
        use image::codecs::png::{CompressionType, FilterType, PngEncoder};
        let mut out = Vec::new();
        PngEncoder::new_with_quality(&mut out, CompressionType::Default, FilterType::Adaptive)
            .write_image(&self.buf, self.w, self.h, image::ExtendedColorType::Rgb8)
            .map_err(|e| Error::build(format!("cannot encode the PNG ({e})")))?;
        Ok(out)
    }

    /// The picture as baseline JPEG (JFIF, 4:2:0).
    pub fn jpeg(&self, quality: u8) -> Result<Vec<u8>> {
        let (w, h) = (u16::try_from(self.w), u16::try_from(self.h));
        let (Ok(w), Ok(h)) = (w, h) else {
            return Err(Error::build(format!("a {}×{} picture is too large for JPEG", self.w, self.h)));
        };
        let mut out = Vec::new();
        jpeg_encoder::Encoder::new(&mut out, quality)
            .encode(&self.buf, w, h, jpeg_encoder::ColorType::Rgb)
            .map_err(|e| Error::build(format!("cannot encode the JPEG ({e})")))?;
        Ok(out)
    }
}

/// A smooth stroke through `pts` (round joins and caps), optionally dashed.
/// Coverage is gathered in a mask first, so joins are not painted twice.
pub fn stroke(canvas: &mut Canvas, pts: &[(f32, f32)], width: f32, c: Rgb, dashed: bool) {
    if pts.len() < 2 {
        return;
    }
    let half = width / 2.0;
    let pad = half + 2.0;
    let fold = |f: fn(&(f32, f32)) -> f32| {
        pts.iter().map(f).fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), v| (a.min(v), b.max(v)))
    };
    let (xa, xb) = fold(|p| p.0);
    let (ya, yb) = fold(|p| p.1);
    let (x0, y0) = ((xa - pad).floor().max(0.0) as i32, (ya - pad).floor().max(0.0) as i32);
    let (x1, y1) = ((xb + pad).ceil().min(canvas.w as f32) as i32, (yb + pad).ceil().min(canvas.h as f32) as i32);
    if x1 <= x0 || y1 <= y0 {
        return;
    }
    let mut mask =
        Mask { x0, y0, w: (x1 - x0) as usize, h: (y1 - y0) as usize, cov: vec![0.0; ((x1 - x0) * (y1 - y0)) as usize] };
    let (dash, gap) = (width * 2.4, width * 1.6);
    let mut phase = 0.0f32;
    for seg in pts.windows(2) {
        let ((ax, ay), (bx, by)) = (seg[0], seg[1]);
        let len = ((bx - ax).powi(2) + (by - ay).powi(2)).sqrt();
        if !dashed || len <= 0.0 || width <= 0.0 {
            mask.segment((ax, ay), (bx, by), half);
            continue;
        }
        // Dashes along the segment, continuing the pattern of the previous one.
        let period = dash + gap;
        let mut k = (phase / period).floor();
        loop {
            let start = k * period - phase;
            if start >= len || !start.is_finite() {
                break;
            }
            let (a, b) = (start.max(0.0) / len, (start + dash).min(len) / len);
            if b > a {
                mask.segment((ax + (bx - ax) * a, ay + (by - ay) * a), (ax + (bx - ax) * b, ay + (by - ay) * b), half);
            }
            k += 1.0;
        }
        phase += len;
    }
    for j in 0..mask.h {
        for i in 0..mask.w {
            let a = mask.cov[j * mask.w + i];
            if a > 0.0 {
                canvas.blend(mask.x0 + i as i32, mask.y0 + j as i32, c, a);
            }
        }
    }
}

/// Coverage of a stroke over its bounding box.
struct Mask {
    x0: i32,
    y0: i32,
    w: usize,
    h: usize,
    cov: Vec<f32>,
}

impl Mask {
    /// One straight piece: coverage from the distance to its axis.
    fn segment(&mut self, a: (f32, f32), b: (f32, f32), half: f32) {
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let len2 = dx * dx + dy * dy;
        let xs = ((a.0.min(b.0) - half - 1.0).floor() as i32).max(self.x0);
        let xe = ((a.0.max(b.0) + half + 1.0).ceil() as i32).min(self.x0 + self.w as i32 - 1);
        let ys = ((a.1.min(b.1) - half - 1.0).floor() as i32).max(self.y0);
        let ye = ((a.1.max(b.1) + half + 1.0).ceil() as i32).min(self.y0 + self.h as i32 - 1);
        for y in ys..=ye {
            for x in xs..=xe {
                let (px, py) = (x as f32 + 0.5, y as f32 + 0.5);
                let t = if len2 > 0.0 { (((px - a.0) * dx + (py - a.1) * dy) / len2).clamp(0.0, 1.0) } else { 0.0 };
                let d = ((px - a.0 - dx * t).powi(2) + (py - a.1 - dy * t).powi(2)).sqrt();
                let cov = (half - d + 0.5).clamp(0.0, 1.0);
                let k = (y - self.y0) as usize * self.w + (x - self.x0) as usize;
                if cov > self.cov[k] {
                    self.cov[k] = cov;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lightness_like_drawingml() {
        let blue = Rgb::hex("2F5597").unwrap();
        // lumMod 10000 + lumOff 90000: the card tint of the KPI layout.
        let tint = blue.lum(0.1, 0.9);
        assert!(tint.0 > 225 && tint.2 > 235, "{tint:?}");
        assert_eq!(blue.lum(1.0, 0.0), blue);
        assert_eq!(Rgb::hex("#ffffff"), Some(Rgb::WHITE));
        assert_eq!(Rgb::hex("12345"), None);
    }

    #[test]
    fn fills_blend_edges() {
        let mut c = Canvas::new(4, 1, Rgb::WHITE);
        c.fill(Rect::new(0.0, 0.0, 1.5, 1.0), Rgb(0, 0, 0));
        assert_eq!(c.pixel(0, 0), Rgb(0, 0, 0));
        assert_eq!(c.pixel(1, 0), Rgb(128, 128, 128));
        assert_eq!(c.pixel(2, 0), Rgb::WHITE);
    }
}
