//! Fetch → decode → fit → encode for one [`ThumbJob`], run by the API task.

use std::io::Cursor;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use image::{DynamicImage, ImageReader, Limits};
use tokio::sync::Semaphore;

use crate::api::ApiClient;
pub use crate::thumbs::encode::encode;
pub(crate) use crate::thumbs::encode::encode_with;
use crate::thumbs::encode::iterm2_passthrough;
use crate::thumbs::{ThumbJob, ThumbOutcome};

/// Renditions larger than this are refused before decoding.
pub const MAX_RENDITION_BYTES: usize = 20 * 1024 * 1024;
/// Decoding limits against decompression bombs.
const MAX_DIMENSION: u32 = 8192;
const MAX_DECODE_ALLOC: u64 = 256 * 1024 * 1024;

/// At most two encodes at once (iamb does the same): they are CPU-heavy.
static ENCODE_SLOTS: Semaphore = Semaphore::const_new(2);
/// Rendition downloads at once: a whole screen of tiles (48 and more) in one wave.
static FETCH_SLOTS: Semaphore = Semaphore::const_new(64);

pub async fn run(client: &ApiClient, job: ThumbJob) -> ThumbOutcome {
    if !job.debounce.is_zero() {
        tokio::time::sleep(job.debounce).await;
    }
    if job.cancel.load(Ordering::Relaxed) {
        return ThumbOutcome::Cancelled;
    }
    let fetched = match FETCH_SLOTS.acquire().await {
        Ok(_slot) => cached_or_fetched(client, &job).await,
        Err(_) => Err("downloads unavailable".to_string()),
    };
    let bytes = match fetched {
        Ok(b) => b,
        Err(e) => return ThumbOutcome::Failed(e),
    };
    if job.cancel.load(Ordering::Relaxed) {
        return ThumbOutcome::Cancelled;
    }
    let Ok(_slot) = ENCODE_SLOTS.acquire().await else {
        return ThumbOutcome::Failed("encoder unavailable".into());
    };
    if job.cancel.load(Ordering::Relaxed) {
        return ThumbOutcome::Cancelled;
    }
    let picker = job.picker.clone();
    let cells = job.key.cells;
    let (upscale, png) = (job.upscale, job.kitty_png);
    let encoded = tokio::task::spawn_blocking(move || {
        if let Some(own) = iterm2_passthrough(&picker, &bytes, cells, upscale) {
            return Ok(own);
        }
        let img = decode(&bytes)?;
        encode_with(&picker, img, cells, upscale, png)
    })
    .await;
    match encoded {
        Ok(Ok((picture, bytes))) => ThumbOutcome::Ready {
            picture: Arc::new(picture),
            bytes,
        },
        Ok(Err(e)) => ThumbOutcome::Failed(e),
        Err(e) => ThumbOutcome::Failed(format!("encoder stopped: {e}")),
    }
}

async fn cached_or_fetched(client: &ApiClient, job: &ThumbJob) -> Result<Vec<u8>, String> {
    let (guid, version, rendition) = (job.key.guid.clone(), job.key.version, job.rendition.name());
    if let Some(disk) = job.disk.clone() {
        let g = guid.clone();
        let hit = tokio::task::spawn_blocking(move || disk.get(&g, version, rendition))
            .await
            .ok()
            .flatten();
        if let Some(bytes) = hit {
            return Ok(bytes);
        }
    }
    let bytes = client
        .fetch_rendition(&job.url, MAX_RENDITION_BYTES)
        .await
        .map_err(|e| e.to_string())?;
    if let Some(disk) = job.disk.clone() {
        let copy = bytes.clone();
        tokio::task::spawn_blocking(move || disk.put(&guid, version, rendition, &copy));
    }
    Ok(bytes)
}

/// Decode with size and allocation limits.
pub fn decode(bytes: &[u8]) -> Result<DynamicImage, String> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| format!("unreadable image: {e}"))?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DIMENSION);
    limits.max_image_height = Some(MAX_DIMENSION);
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    reader.limits(limits);
    reader.decode().map_err(|e| format!("cannot decode: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui_image::picker::Picker;

    fn jpeg(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([x as u8, y as u8, 128]));
        let mut out = Cursor::new(Vec::new());
        DynamicImage::ImageRgb8(img)
            .write_to(&mut out, image::ImageFormat::Jpeg)
            .unwrap();
        out.into_inner()
    }

    #[test]
    fn decodes_fits_and_encodes_half_blocks() {
        let img = decode(&jpeg(300, 200)).unwrap();
        let (p, bytes) = encode(&Picker::halfblocks(), img, (24, 6)).unwrap();
        let s = p.size();
        assert!(s.width <= 24 && s.height <= 6, "{s:?}");
        assert!(bytes > 0);
    }

    #[test]
    fn refuses_garbage_and_oversized_images() {
        assert!(decode(b"not an image").is_err());
        // A PNG header claiming 100000×100000 pixels.
        let mut png = Vec::new();
        png.extend_from_slice(&[0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a]);
        png.extend_from_slice(&[0, 0, 0, 13, b'I', b'H', b'D', b'R']);
        png.extend_from_slice(&100_000u32.to_be_bytes());
        png.extend_from_slice(&100_000u32.to_be_bytes());
        png.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0]);
        assert!(decode(&png).is_err());
    }
}
