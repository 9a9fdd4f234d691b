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

/// Largest picture file read (a 50-megapixel JPEG is about 25 MB).
pub const MAX_FILE_BYTES: u64 = 64 << 20;

/// Most pixels a picture may have, checked in its header before decoding:
/// a 20000 × 20000 PNG is a 1 MB file that decodes to 1.6 GB.
pub const MAX_PIXELS: u64 = 64_000_000;

/// Most bytes the decoded pixels may take (16-bit colour takes twice as many).
const MAX_DECODED_BYTES: u64 = 256 << 20;

fn read(path: &Path, shown: &str, fit: Fit, alt: &str) -> Result<Picture> {
    let bytes = crate::input::read(path, MAX_FILE_BYTES).map_err(|e| {
        let err = Error::build(e.describe(&format!("the image `{shown}`")));
        match e {
            crate::input::ReadError::NotFound => {
                err.nearby(path, &[".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp"], "images")
            }
            crate::input::ReadError::TooLarge { .. } => err.hint(too_large_hint()),
            _ => err,
        }
    })?;
    decode(bytes, path, shown, fit, alt)
}

/// A picture from its bytes, as a slide shows it (`shown` names it in
/// messages). The fuzz tests feed the decoders through here.
pub fn from_bytes(bytes: Vec<u8>, shown: &str) -> Result<Picture> {
    decode(bytes, Path::new(shown), shown, Fit::Contain, "")
}

fn decode(bytes: Vec<u8>, path: &Path, shown: &str, fit: Fit, alt: &str) -> Result<Picture> {
    let not_image =
        || Error::build(format!("`{shown}` is not a picture deckgen can read")).hint("use PNG, JPEG, GIF, BMP or WebP");
    let damaged = |e: image::ImageError| match e {
        image::ImageError::Limits(_) => too_large(shown, None),
        e => Error::build(format!("the picture `{shown}` is damaged ({})", crate::error::cut(&e.to_string(), 80)))
            .hint("open it in an image editor and save it again as PNG or JPEG"),
    };
    let reader = ImageReader::new(Cursor::new(&bytes)).with_guessed_format().map_err(|_| not_image())?;
    let format = reader.format().ok_or_else(not_image)?;
    if !matches!(format, ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::Gif | ImageFormat::Bmp | ImageFormat::WebP)
    {
        return Err(not_image());
    }
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_DECODED_BYTES);
    let mut reader = reader;
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(damaged)?;
    // The size the header claims, checked before a pixel is decoded.
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > MAX_PIXELS || decoder.total_bytes() > MAX_DECODED_BYTES {
        return Err(too_large(shown, Some((w, h))));
    }
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(damaged)?;
    // Scaled down first, then turned: the turn copies only the small picture.
    let large = img.width().max(img.height()) > MAX_SIDE;
    if large {
        img = img.resize(MAX_SIDE, MAX_SIDE, image::imageops::FilterType::Triangle);
    }
    let rotated = orientation != image::metadata::Orientation::NoTransforms;
    if rotated {
        img.apply_orientation(orientation);
    }
    let (width, height) = (img.width(), img.height());
    if width == 0 || height == 0 {
        return Err(Error::build(format!("the picture `{shown}` is empty (0 pixels)")));
    }
    let alt = alt.to_string();
    let path = path.to_path_buf();
    if !rotated && !large && matches!(format, ImageFormat::Png | ImageFormat::Jpeg) {
        let ext = if format == ImageFormat::Png { "png" } else { "jpeg" };
        return Ok(Picture { path, data: bytes, ext, width, height, fit, alt });
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
    Ok(Picture { path, data: out, ext, width, height, fit, alt })
}

fn too_large_hint() -> String {
    format!(
        "scale it down to at most {} megapixels (a slide shows at most {MAX_SIDE} pixels on the longest side), and save it as PNG or JPEG",
        MAX_PIXELS / 1_000_000
    )
}

fn too_large(shown: &str, size: Option<(u32, u32)>) -> Error {
    let what = match size {
        Some((w, h)) => format!(
            "the picture `{shown}` is {w} × {h} pixels ({} megapixels), too large for deckgen (at most {})",
            (u64::from(w) * u64::from(h)).div_ceil(1_000_000),
            MAX_PIXELS / 1_000_000
        ),
        None => format!("the picture `{shown}` is too large for deckgen to decode"),
    };
    Error::build(what).hint(too_large_hint())
}
