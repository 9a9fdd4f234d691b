//! Pictures for the sample decks, drawn with plotters (no fonts needed):
//! the shop's logo and an illustration standing in for a team photo.

use crate::error::{Error, Result};
use plotters::prelude::*;

fn png(buf: &[u8], w: u32, h: u32) -> Result<Vec<u8>> {
    let img =
        image::RgbImage::from_raw(w, h, buf.to_vec()).ok_or_else(|| Error::build("image buffer has the wrong size"))?;
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .map_err(|e| Error::build(format!("cannot encode PNG ({e})")))?;
    Ok(out)
}

fn draw_err<E: std::fmt::Display>(e: E) -> Error {
    Error::build(format!("cannot draw the sample picture ({e})"))
}

/// A square logo: a chat bubble with three dots on the brand blue.
pub fn logo() -> Result<Vec<u8>> {
    let (w, h) = (480u32, 480u32);
    let mut buf = vec![255u8; (w * h * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut buf, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_err)?;
        let blue = RGBColor(0x2F, 0x55, 0x97);
        let orange = RGBColor(0xED, 0x7D, 0x31);
        root.draw(&Circle::new((240, 240), 230, blue.filled())).map_err(draw_err)?;
        // The bubble: a rounded body and a tail.
        root.draw(&Rectangle::new([(110, 140), (370, 310)], WHITE.filled())).map_err(draw_err)?;
        for (x, y) in [(110, 140), (370, 140), (110, 310), (370, 310)] {
            root.draw(&Circle::new((x, y), 30, WHITE.filled())).map_err(draw_err)?;
        }
        root.draw(&Rectangle::new([(80, 140), (400, 310)], WHITE.filled())).map_err(draw_err)?;
        root.draw(&Rectangle::new([(110, 110), (370, 340)], WHITE.filled())).map_err(draw_err)?;
        root.draw(&Polygon::new(vec![(170, 330), (150, 400), (230, 335)], WHITE.filled())).map_err(draw_err)?;
        for (i, x) in [170, 240, 310].into_iter().enumerate() {
            let c = if i == 1 { orange } else { blue };
            root.draw(&Circle::new((x, 225), 24, c.filled())).map_err(draw_err)?;
        }
        root.present().map_err(draw_err)?;
    }
    png(&buf, w, h)
}

/// An illustration of a team: rows of people (heads and shoulders) in the
/// theme colours on a soft background.
pub fn team() -> Result<Vec<u8>> {
    let (w, h) = (1600u32, 1000u32);
    let mut buf = vec![255u8; (w * h * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut buf, (w, h)).into_drawing_area();
        root.fill(&RGBColor(0xEE, 0xF3, 0xF9)).map_err(draw_err)?;
        // Window light and a desk line.
        root.draw(&Rectangle::new([(0, 760), (1600, 1000)], RGBColor(0xD6, 0xE0, 0xEE).filled())).map_err(draw_err)?;
        for i in 0..4 {
            let x = 120 + i * 360;
            root.draw(&Rectangle::new([(x, 80), (x + 260, 360)], RGBColor(0xFF, 0xFF, 0xFF).filled()))
                .map_err(draw_err)?;
        }
        let palette = [
            RGBColor(0x2F, 0x55, 0x97),
            RGBColor(0xED, 0x7D, 0x31),
            RGBColor(0x3B, 0xA9, 0x9C),
            RGBColor(0xF2, 0xB1, 0x34),
            RGBColor(0x8F, 0xAA, 0xDC),
        ];
        let skin = RGBColor(0xF1, 0xC9, 0xA5);
        let hair = RGBColor(0x3A, 0x2E, 0x2A);
        for row in 0..2 {
            let n = if row == 0 { 6 } else { 7 };
            let y = if row == 0 { 560 } else { 800 };
            let r = if row == 0 { 62 } else { 72 };
            for i in 0..n {
                let x = (1600 / (n + 1)) * (i + 1);
                let c = palette[((i * 3 + row * 2) % palette.len() as i32) as usize];
                root.draw(&Circle::new((x, y + r * 2), r * 2, c.filled())).map_err(draw_err)?;
                // Hair behind, face in front and a little lower: a simple cap of hair.
                root.draw(&Circle::new((x, y - r / 2), r, hair.filled())).map_err(draw_err)?;
                root.draw(&Circle::new((x, y - r / 4), r * 9 / 10, skin.filled())).map_err(draw_err)?;
            }
        }
        root.present().map_err(draw_err)?;
    }
    png(&buf, w, h)
}
