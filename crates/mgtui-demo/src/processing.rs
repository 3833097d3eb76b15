//! What happens after `set_uploaded`: the asset is processing for a moment, then its bytes
//! are decoded (with limits) and become the picture its renditions are made from.

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::time::Duration;

use image::{DynamicImage, ImageFormat, ImageReader, Limits, imageops::FilterType};

use super::catalogue::{ImageSource, Photo};
use super::model::AssetState;
use super::state::AppState;
use super::timeutil::now_ms;
use super::uploads::{Received, decodable};

/// Pause between `processing` and the result unless the `upload_processing_ms` knob is set.
const DEFAULT_PROCESSING_MS: u64 = 300;
/// Longest side of the picture kept for renditions (the largest rendition is 1280).
const PREVIEW_SIDE: u32 = 1280;

/// What processing made of the bytes.
#[derive(Debug, PartialEq)]
enum Outcome {
    /// A decoded image: its size and the file renditions are made from.
    Picture {
        width: u32,
        height: u32,
        source: PathBuf,
    },
    /// Not decoded (another type, or too large to have been kept): a generated picture.
    Generated {
        width: u32,
        height: u32,
    },
    Failed(String),
}

/// Moves asset `id` through processing in the background; only a run whose `generation`
/// is still the asset's latest changes it.
pub fn spawn(s: AppState, id: i64, generation: u64) {
    tokio::spawn(async move { run(s, id, generation).await });
}

async fn run(s: AppState, id: i64, generation: u64) {
    let current = |w: &crate::state::World| {
        w.uploads
            .files
            .get(&id)
            .is_some_and(|r| r.generation == generation)
    };
    {
        let mut w = s.world();
        if !current(&w) {
            return;
        }
        let Some(i) = w.db.asset_idx(id) else { return };
        let a = &mut w.db.assets[i];
        a.state = AssetState::Processing;
        if let Some(u) = a.upload.as_deref_mut() {
            u.processing_started_at = Some(now_ms());
        }
    }
    let pause = match s
        .faults
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .settings
        .upload_processing_ms
    {
        0 => DEFAULT_PROCESSING_MS,
        ms => ms,
    };
    s.sleep(Duration::from_millis(pause)).await;
    if s.is_shutting_down() {
        return;
    }
    let (bytes, ext, kind, preview) = {
        let w = s.world();
        if !current(&w) {
            return;
        }
        let Some(i) = w.db.asset_idx(id) else { return };
        let a = &w.db.assets[i];
        let bytes = w.uploads.files.get(&id).and_then(|r| r.current.clone());
        (bytes, a.ext.clone(), a.kind, s.store.new_path(id, "jpg"))
    };
    let outcome = tokio::task::spawn_blocking(move || examine(bytes, &ext, kind, preview))
        .await
        .unwrap_or_else(|_| Outcome::Failed("processing crashed".into()));
    let mut w = s.world();
    if !current(&w) {
        return;
    }
    let Some(i) = w.db.asset_idx(id) else { return };
    let title = w.db.assets[i].filename.clone();
    let now = now_ms();
    let photo = match outcome {
        Outcome::Failed(msg) => {
            let a = &mut w.db.assets[i];
            a.state = AssetState::ProcessingError;
            a.updated_at = now;
            if let Some(u) = a.upload.as_deref_mut() {
                u.processing_error = Some(msg);
                u.processed_at = Some(now);
            }
            return;
        }
        Outcome::Picture {
            width,
            height,
            source,
        } => Photo {
            file: title.clone(),
            title,
            width,
            height,
            image: ImageSource::File(source),
            ..Photo::default()
        },
        Outcome::Generated { width, height } => Photo {
            file: title.clone(),
            title,
            width,
            height,
            image: ImageSource::Generated,
            ..Photo::default()
        },
    };
    let (width, height) = (photo.width as i64, photo.height as i64);
    w.db.catalogue.photos.push(photo);
    let photo = w.db.catalogue.photos.len() - 1;
    let a = &mut w.db.assets[i];
    a.photo = photo;
    a.variant = 0;
    a.width = width;
    a.height = height;
    a.state = AssetState::Processed;
    a.updated_at = now;
    if let Some(u) = a.upload.as_deref_mut() {
        u.processing_error = None;
        u.processed_at = Some(now);
    }
}

/// Decodes decodable images (keeping a downscaled JPEG for renditions at `preview`);
/// everything else gets a generated picture of a size that suits its type.
fn examine(bytes: Option<Received>, ext: &str, kind: &str, preview: Option<PathBuf>) -> Outcome {
    let stored = bytes.and_then(|r| r.path);
    match stored {
        Some(path) if decodable(ext) => match decode(&path) {
            Ok(img) => {
                let (width, height) = (img.width(), img.height());
                let source = preview.filter(|p| write_preview(&img, p)).unwrap_or(path);
                Outcome::Picture {
                    width,
                    height,
                    source,
                }
            }
            Err(e) => Outcome::Failed(format!("the image could not be decoded: {e}")),
        },
        _ => {
            let (width, height) = match kind {
                "Video" => (1920, 1080),
                "Document" => (1275, 1650),
                _ => (1800, 1200),
            };
            Outcome::Generated { width, height }
        }
    }
}

fn decode(path: &Path) -> Result<DynamicImage, String> {
    let data = std::fs::read(path).map_err(|e| e.to_string())?;
    let mut reader = ImageReader::new(Cursor::new(data))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(20_000);
    limits.max_image_height = Some(20_000);
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    reader.decode().map_err(|e| e.to_string())
}

fn write_preview(img: &DynamicImage, path: &Path) -> bool {
    let small = if img.width().max(img.height()) > PREVIEW_SIDE {
        img.resize(PREVIEW_SIDE, PREVIEW_SIDE, FilterType::Triangle)
    } else {
        img.clone()
    };
    let mut out = Cursor::new(Vec::new());
    DynamicImage::ImageRgb8(small.to_rgb8())
        .write_to(&mut out, ImageFormat::Jpeg)
        .is_ok()
        && std::fs::write(path, out.into_inner()).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_by_type_and_content() {
        let dir = tempfile::tempdir().unwrap();
        let png = dir.path().join("a.png");
        let img = image::RgbImage::from_pixel(30, 20, image::Rgb([250, 0, 0]));
        img.save(&png).unwrap();
        let stored = |p: &Path| {
            Some(Received {
                path: Some(p.to_path_buf()),
            })
        };
        let preview = dir.path().join("p.jpg");
        match examine(stored(&png), "png", "Image", Some(preview.clone())) {
            Outcome::Picture {
                width: 30,
                height: 20,
                source,
            } => assert_eq!(source, preview),
            other => panic!("{other:?}"),
        }
        let broken = dir.path().join("b.jpg");
        std::fs::write(&broken, b"not a jpeg at all").unwrap();
        assert!(matches!(
            examine(stored(&broken), "jpg", "Image", None),
            Outcome::Failed(_)
        ));
        assert_eq!(
            examine(stored(&broken), "pdf", "Document", None),
            Outcome::Generated {
                width: 1275,
                height: 1650
            }
        );
        // too large to have been kept
        assert!(matches!(
            examine(Some(Received { path: None }), "jpg", "Image", None),
            Outcome::Generated { .. }
        ));
    }
}
