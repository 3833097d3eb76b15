//! Signed preview URLs and the JPEG renditions behind them.
//!
//! URL: `{base}/renditions/{guid}/{data_version}/{short_guid}-{size}.jpg?Expires=..&Signature=..&Key-Pair-Id=DEMO`.
//! Pictures come from the catalogue photo of the asset, cropped per variant, resized with a
//! triangle filter and cached in memory on first request (nothing is rendered at start-up).

use std::collections::HashMap;
use std::io::Cursor;
use std::sync::{Arc, Mutex};

use image::{DynamicImage, GenericImageView, ImageFormat, Rgb, RgbImage, imageops::FilterType};

use super::catalogue::Photo;
use super::model::Asset;
use super::payload::Ctx;
use super::seed::variant_crop;
use super::timeutil::now_ms;

/// Validity of a signed URL: rounded so URLs stay stable within an hour, 8–9 h.
const EXPIRY_SECS: i64 = 8 * 3600;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Size {
    Thumb,
    Grid,
    Small,
    Permalink,
    Full,
}

impl Size {
    pub fn name(self) -> &'static str {
        match self {
            Size::Thumb => "thumb",
            Size::Grid => "grid",
            Size::Small => "small",
            Size::Permalink => "permalink",
            Size::Full => "full",
        }
    }
    pub fn url_field(self) -> &'static str {
        match self {
            Size::Thumb => "thumb_url",
            Size::Grid => "grid_url",
            Size::Small => "small_url",
            Size::Permalink => "permalink_url",
            Size::Full => "full_url",
        }
    }
    pub fn parse(s: &str) -> Option<Size> {
        Some(match s {
            "thumb" => Size::Thumb,
            "grid" => Size::Grid,
            "small" => Size::Small,
            "permalink" | "medium" => Size::Permalink,
            "full" | "original" => Size::Full,
            _ => return None,
        })
    }
    /// Longest side in pixels (`None` = the source as is).
    pub fn long_side(self) -> Option<u32> {
        match self {
            Size::Thumb => Some(100),
            Size::Grid => Some(300),
            Size::Small | Size::Permalink => Some(640),
            Size::Full => None,
        }
    }
}

/// Keyed hash of `path` and `expires` (FNV-1a mixed with a splitmix finaliser; demo-grade).
pub fn signature(secret: u64, path: &str, expires: i64) -> String {
    let mut out = String::with_capacity(32);
    for round in 0..2u64 {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ secret.rotate_left(17 * round as u32 + 7);
        for b in path
            .bytes()
            .chain(expires.to_string().bytes())
            .chain(round.to_le_bytes())
        {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h ^= secret;
        h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        h ^= h >> 31;
        out.push_str(&format!("{h:016x}"));
    }
    out
}

pub fn path_for(a: &Asset, version: i64, size: Size) -> String {
    format!(
        "/renditions/{}/{}/{}-{}.jpg",
        a.guid,
        version,
        a.short_guid(),
        size.name()
    )
}

pub fn signed_url(ctx: &Ctx, a: &Asset, size: Size) -> String {
    signed_version_url(ctx, a, a.data_version, size)
}

/// A rendition of version `version` of `a` (an older one looks different: see
/// [`version_variant`]).
pub fn signed_version_url(ctx: &Ctx, a: &Asset, version: i64, size: Size) -> String {
    let now = now_ms() / 1000;
    let expires = (now / 3600 + 1) * 3600 + EXPIRY_SECS;
    let path = path_for(a, version, size);
    let sig = signature(ctx.secret, &path, expires);
    format!(
        "{}{}?Expires={expires}&Signature={sig}&Key-Pair-Id=DEMO",
        ctx.base_url, path
    )
}

/// Why a signed URL was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum SignError {
    Missing,
    Expired,
    BadSignature,
}

/// Checks `Expires`/`Signature` of a rendition request (`query` is the raw query string).
pub fn verify(secret: u64, path: &str, query: &str, now_secs: i64) -> Result<(), SignError> {
    let mut expires = None;
    let mut sig = None;
    for (k, v) in url::form_urlencoded::parse(query.as_bytes()) {
        match k.as_ref() {
            "Expires" => expires = v.parse::<i64>().ok(),
            "Signature" => sig = Some(v.into_owned()),
            _ => {}
        }
    }
    let (Some(expires), Some(sig)) = (expires, sig) else {
        return Err(SignError::Missing);
    };
    if signature(secret, path, expires) != sig {
        return Err(SignError::BadSignature);
    }
    if expires < now_secs {
        return Err(SignError::Expired);
    }
    Ok(())
}

/// Decoded source pictures kept at most (each up to 1280 px, a few MB).
const MAX_SOURCES: usize = 256;

/// (photo index, crop variant, size)
type RenditionKey = (usize, u8, Size);

/// Rendered JPEGs and decoded sources, shared by all requests.
#[derive(Default)]
pub struct Cache {
    jpegs: Mutex<HashMap<RenditionKey, Arc<Vec<u8>>>>,
    sources: Mutex<HashMap<usize, Arc<DynamicImage>>>,
}

impl Cache {
    /// The JPEG for (photo, variant, size), rendering it on first use. Blocking (decode,
    /// resize, encode): call from `spawn_blocking`.
    pub fn get(&self, photo_idx: usize, photo: &Photo, variant: u8, size: Size) -> Arc<Vec<u8>> {
        let key = (photo_idx, variant, size);
        if let Some(hit) = self.jpegs.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return hit;
        }
        let src = self.source(photo_idx, photo);
        let bytes = Arc::new(render(&src, variant, size));
        if let Ok(mut m) = self.jpegs.lock() {
            m.insert(key, bytes.clone());
        }
        bytes
    }

    fn source(&self, idx: usize, photo: &Photo) -> Arc<DynamicImage> {
        if let Some(hit) = self.sources.lock().ok().and_then(|m| m.get(&idx).cloned()) {
            return hit;
        }
        let img = photo
            .image
            .bytes()
            .and_then(|bytes| image::load_from_memory(&bytes).ok())
            .map(|img| {
                // keep sources modest: the largest rendition is 640 px (full = the source)
                if img.width().max(img.height()) > 1280 {
                    img.resize(1280, 1280, FilterType::Triangle)
                } else {
                    img
                }
            })
            .unwrap_or_else(|| {
                synthetic(
                    idx,
                    photo.width.clamp(64, 1280),
                    photo.height.clamp(64, 1280),
                )
            });
        let img = Arc::new(img);
        if let Ok(mut m) = self.sources.lock() {
            // Uploads add photos at run time: keep the decoded sources bounded.
            if m.len() >= MAX_SOURCES
                && let Some(&old) = m.keys().find(|&&k| k != idx)
            {
                m.remove(&old);
            }
            m.insert(idx, img.clone());
        }
        img
    }
}

/// A generated picture: diagonal gradient with a few discs, colours from the index.
pub fn synthetic(idx: usize, w: u32, h: u32) -> DynamicImage {
    let mut rng = fastrand::Rng::with_seed(idx as u64 * 7919 + 13);
    let c1 = [rng.u8(20..235), rng.u8(20..235), rng.u8(20..235)];
    let c2 = [rng.u8(20..235), rng.u8(20..235), rng.u8(20..235)];
    let discs: Vec<(f32, f32, f32, [u8; 3])> = (0..4)
        .map(|_| {
            (
                rng.f32() * w as f32,
                rng.f32() * h as f32,
                (0.08 + rng.f32() * 0.2) * w.min(h) as f32,
                [rng.u8(..), rng.u8(..), rng.u8(..)],
            )
        })
        .collect();
    let img = RgbImage::from_fn(w, h, |x, y| {
        for &(cx, cy, r, c) in &discs {
            let (dx, dy) = (x as f32 - cx, y as f32 - cy);
            if dx * dx + dy * dy < r * r {
                return Rgb(c);
            }
        }
        let t = (x as f32 / w as f32 + y as f32 / h as f32) / 2.0;
        let mix = |a: u8, b: u8| (a as f32 * (1.0 - t) + b as f32 * t) as u8;
        Rgb([mix(c1[0], c2[0]), mix(c1[1], c2[1]), mix(c1[2], c2[2])])
    });
    DynamicImage::ImageRgb8(img)
}

/// The look of version `version` of an asset whose current version is `current` and
/// whose look is `variant`: the same crop, a tone of its own per version back.
pub fn version_variant(variant: u8, current: i64, version: i64) -> u8 {
    let back = current.saturating_sub(version).clamp(0, 3) as u8;
    variant % 8 + 8 * ((variant / 8 + back) % 4)
}

/// Crop per variant, tone for variants >= 8, resize, encode JPEG.
pub fn render(src: &DynamicImage, variant: u8, size: Size) -> Vec<u8> {
    let (w, h) = src.dimensions();
    let (fx, fy, fw, fh, mirror) = variant_crop(variant, w, h);
    let cx = (fx * w as f64) as u32;
    let cy = (fy * h as f64) as u32;
    let cw = ((fw * w as f64) as u32).clamp(1, w - cx.min(w - 1));
    let ch = ((fh * h as f64) as u32).clamp(1, h - cy.min(h - 1));
    let mut img = src.crop_imm(cx, cy, cw, ch);
    if mirror {
        img = img.fliph();
    }
    let tone = variant / 8 % 4;
    if tone > 0 {
        // warm sepia, cool blue or high-contrast mono, so the variants look different
        let mut rgb = img.to_rgb8();
        for p in rgb.pixels_mut() {
            let (r, g, b) = (p[0] as f32, p[1] as f32, p[2] as f32);
            let l = r * 0.3 + g * 0.59 + b * 0.11;
            let px = match tone {
                1 => [l * 1.07 + 20.0, l * 0.95 + 8.0, l * 0.75],
                2 => [r * 0.7, g * 0.85 + 10.0, b * 1.1 + 35.0],
                _ => {
                    let c = (l - 128.0) * 1.5 + 128.0;
                    [c, c, c]
                }
            };
            *p = Rgb(px.map(|v| v.clamp(0.0, 255.0) as u8));
        }
        img = DynamicImage::ImageRgb8(rgb);
    }
    if let Some(long) = size.long_side()
        && img.width().max(img.height()) > long
    {
        img = img.resize(long, long, FilterType::Triangle);
    }
    let mut out = Cursor::new(Vec::new());
    let rgb = DynamicImage::ImageRgb8(img.to_rgb8());
    if rgb.write_to(&mut out, ImageFormat::Jpeg).is_err() {
        return Vec::new();
    }
    out.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_round_trip() {
        let path = "/renditions/abc/1/abc-thumb.jpg";
        let sig = signature(42, path, 2_000_000_000);
        let q = format!("Expires=2000000000&Signature={sig}&Key-Pair-Id=DEMO");
        assert_eq!(verify(42, path, &q, 1_000), Ok(()));
        assert_eq!(verify(43, path, &q, 1_000), Err(SignError::BadSignature));
        assert_eq!(
            verify(42, "/renditions/abc/1/abc-grid.jpg", &q, 1_000),
            Err(SignError::BadSignature)
        );
        assert_eq!(verify(42, path, &q, 2_000_000_001), Err(SignError::Expired));
        assert_eq!(verify(42, path, "Expires=5", 0), Err(SignError::Missing));
    }

    #[test]
    fn renders_sized_jpegs_that_differ_per_variant() {
        let src = synthetic(3, 320, 214);
        let a = render(&src, 0, Size::Thumb);
        let img = image::load_from_memory(&a).unwrap();
        assert_eq!(img.width().max(img.height()), 100);
        let b = render(&src, 7, Size::Thumb);
        let pano = image::load_from_memory(&b).unwrap();
        assert!(pano.width() as f64 / pano.height() as f64 >= 2.5);
        assert_ne!(a, render(&src, 4, Size::Thumb));
    }
}
