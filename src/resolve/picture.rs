//! Pictures: read, checked, rotated as the camera recorded (EXIF), scaled
//! down when large so decks stay small, and re-encoded as PNG or JPEG.

use crate::error::{Error, Result};
use crate::model::{Fit, Picture};
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};
use std::io::Cursor;
use std::path::Path;

/// Longest side kept, in pixels (sharp on a 4K screen at full-slide size).
pub const MAX_SIDE: u32 = 2400;

pub fn load(path: &Path, shown: &str, fit: Fit, alt: &str) -> Result<Picture> {
    // A batch puts the same logo in every deck: read and check it once.
    type Cache = std::sync::Mutex<std::collections::HashMap<std::path::PathBuf, Picture>>;
    static CACHE: std::sync::OnceLock<Cache> = std::sync::OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(p) = cache.lock().ok().and_then(|c| c.get(path).cloned()) {
        return Ok(Picture { fit, alt: alt.to_string(), ..p });
    }
    let p = read(path, shown, fit, alt)?;
    if let Ok(mut c) = cache.lock() {
        c.insert(path.to_path_buf(), p.clone());
    }
    Ok(p)
}

fn read(path: &Path, shown: &str, fit: Fit, alt: &str) -> Result<Picture> {
    let bytes = std::fs::read(path).map_err(|e| {
        let what = if e.kind() == std::io::ErrorKind::NotFound {
            format!("the image `{shown}` does not exist")
        } else {
            format!("cannot read the image `{shown}` ({e})")
        };
        Error::build(what).nearby(path, &[".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp"], "images")
    })?;
    let not_image =
        || Error::build(format!("`{shown}` is not a picture deckgen can read")).hint("use PNG, JPEG, GIF, BMP or WebP");
    let reader = ImageReader::new(Cursor::new(&bytes)).with_guessed_format().map_err(|_| not_image())?;
    let format = reader.format().ok_or_else(not_image)?;
    if !matches!(format, ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::Gif | ImageFormat::Bmp | ImageFormat::WebP)
    {
        return Err(not_image());
    }
    let mut decoder =
        reader.into_decoder().map_err(|e| Error::build(format!("the picture `{shown}` is damaged ({e})")))?;
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder)
        .map_err(|e| Error::build(format!("the picture `{shown}` is damaged ({e})")))?;
    let rotated = orientation != image::metadata::Orientation::NoTransforms;
    if rotated {
        img.apply_orientation(orientation);
    }
    let large = img.width().max(img.height()) > MAX_SIDE;
    if large {
        img = img.resize(MAX_SIDE, MAX_SIDE, image::imageops::FilterType::Triangle);
    }
    let (width, height) = (img.width(), img.height());
    if width == 0 || height == 0 {
        return Err(Error::build(format!("the picture `{shown}` is empty (0 pixels)")));
    }
    let alt = alt.to_string();
    if !rotated && !large && matches!(format, ImageFormat::Png | ImageFormat::Jpeg) {
        let ext = if format == ImageFormat::Png { "png" } else { "jpeg" };
        return Ok(Picture { data: bytes, ext, width, height, fit, alt });
    }
    let mut out = Vec::new();
    let ext = if format == ImageFormat::Jpeg {
        let rgb = img.to_rgb8();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
            .encode_image(&rgb)
            .map_err(|e| Error::build(format!("cannot re-encode the picture `{shown}` ({e})")))?;
        "jpeg"
    } else {
        img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .map_err(|e| Error::build(format!("cannot re-encode the picture `{shown}` ({e})")))?;
        "png"
    };
    Ok(Picture { data: out, ext, width, height, fit, alt })
}
