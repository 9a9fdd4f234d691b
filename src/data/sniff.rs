//! What a source file really is, from its first bytes rather than its
//! name: shop back-ends export HTML tables named `.xls`, people rename a
//! CSV to `.xlsx`, a download is cut short, Excel leaves `~$` lock files.
//! Each gets a message in the user's terms instead of a zip library's.

use std::io::{Cursor, Read};

/// What the bytes of a file are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    Empty,
    /// A zip archive (.xlsx, .xlsm, .xlsb, .ods — or .docx, .pptx, …).
    Zip,
    /// An OLE compound file (.xls, or an encrypted .xlsx/.xlsb).
    Compound,
    /// A web page (HTML): how many shop back-ends "export to Excel".
    Html,
    /// Excel 2003's XML Spreadsheet format.
    Xml2003,
    /// Other XML.
    Xml,
    /// Text: CSV, TSV, or anything else readable.
    Text,
    Pdf,
    /// Anything else.
    Binary,
}

/// Identifies `bytes`.
pub fn sniff(bytes: &[u8]) -> Content {
    if bytes.is_empty() {
        return Content::Empty;
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Content::Zip;
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Content::Compound;
    }
    if bytes.starts_with(b"%PDF") {
        return Content::Pdf;
    }
    let head = &bytes[..bytes.len().min(4096)];
    let text = head.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(head);
    let lower: Vec<u8> = text.iter().skip_while(|b| b.is_ascii_whitespace()).map(u8::to_ascii_lowercase).collect();
    if lower.starts_with(b"<") {
        let has = |s: &[u8]| memchr::memmem::find(&lower, s).is_some();
        if has(b"urn:schemas-microsoft-com:office:spreadsheet") {
            return Content::Xml2003;
        }
        if has(b"<html") || has(b"<!doctype html") || has(b"<table") {
            return Content::Html;
        }
        return Content::Xml;
    }
    if looks_like_text(head) {
        return Content::Text;
    }
    Content::Binary
}

/// No NUL bytes and few control characters: text in any of the encodings
/// CSV files come in (UTF-8, GBK; UTF-16 has its BOM).
fn looks_like_text(head: &[u8]) -> bool {
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    let control = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)).count();
    !head.contains(&0) && control * 100 <= head.len()
}

/// What a zip archive holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Package {
    Xlsx,
    Xlsb,
    Ods,
    /// An OpenDocument spreadsheet saved with a password.
    OdsEncrypted,
    /// A Word document, a PowerPoint deck, or any other zip.
    Other(&'static str),
    /// The archive's directory cannot be read: cut short or damaged.
    Damaged,
}

/// Looks inside a zip archive for the parts that tell the formats apart.
pub fn package(bytes: &[u8]) -> Package {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else { return Package::Damaged };
    let has = |zip: &zip::ZipArchive<_>, name: &str| zip.index_for_name(name).is_some();
    if has(&zip, "xl/workbook.bin") {
        return Package::Xlsb;
    }
    if has(&zip, "content.xml") && has(&zip, "mimetype") {
        let mut manifest = String::new();
        if let Ok(f) = zip.by_name("META-INF/manifest.xml") {
            let _ = f.take(1 << 20).read_to_string(&mut manifest);
        }
        return if manifest.contains("encryption-data") { Package::OdsEncrypted } else { Package::Ods };
    }
    if has(&zip, "[Content_Types].xml") || zip.file_names().any(|n| n.is_ok_and(|n| n.ends_with("workbook.xml"))) {
        if has(&zip, "ppt/presentation.xml") {
            return Package::Other("a PowerPoint deck");
        }
        if has(&zip, "word/document.xml") {
            return Package::Other("a Word document");
        }
        return Package::Xlsx;
    }
    Package::Other("a zip archive")
}

/// Whether an OLE compound file is an encrypted Office document (how Excel
/// saves an .xlsx or .xlsb with a password): it holds an
/// `EncryptedPackage` stream, whose name is stored in UTF-16.
pub fn is_encrypted_compound(bytes: &[u8]) -> bool {
    let name: Vec<u8> = "EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes).collect();
    memchr::memmem::find(bytes, &name).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contents() {
        assert_eq!(sniff(b""), Content::Empty);
        assert_eq!(sniff(b"PK\x03\x04rest"), Content::Zip);
        assert_eq!(sniff(b"\xEF\xBB\xBF<!DOCTYPE html><html><table>"), Content::Html);
        assert_eq!(sniff(b"  <table border=1><tr><td>1</td></tr></table>"), Content::Html);
        assert_eq!(
            sniff(br#"<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">"#),
            Content::Xml2003
        );
        assert_eq!(sniff("日期,销售额\n2026-11-01,100\n".as_bytes()), Content::Text);
        assert_eq!(sniff(b"%PDF-1.7"), Content::Pdf);
        assert_eq!(sniff(&[0u8, 1, 2, 3, 0, 0, 0]), Content::Binary);
        let (gbk, _, _) = encoding_rs::GBK.encode("日期,销售额\r\n");
        assert_eq!(sniff(&gbk), Content::Text);
    }
}
