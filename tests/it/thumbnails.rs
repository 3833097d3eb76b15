//! Thumbnails end to end: the real pipeline against the embedded server's renditions,
//! drawn with half-blocks into a `TestBackend`.

use crossterm::event::KeyCode;
use mgtui::app::state::Overlay;
use mgtui::demo::{DemoOptions, FaultSettings};
use mgtui::thumbs::cache::ThumbState;
use ratatui::style::Color;

use crate::common::ui::Harness;

/// Cells painted by half-blocks: every image cell has a background colour.
fn image_cells(h: &Harness) -> usize {
    let buf = h.term.backend().buffer();
    buf.content()
        .iter()
        .filter(|c| c.bg != Color::Reset && matches!(c.bg, Color::Rgb(..)))
        .count()
}

fn states(h: &Harness) -> (usize, usize, usize) {
    let (first, end) = h.app.grid.visible_range();
    let cells = h.app.grid.image_cells();
    let (mut ready, mut failed, mut other) = (0, 0, 0);
    for a in &h.app.grid.loaded_assets()[first..end] {
        let key = h.app.thumb_key(a, cells).expect("images on");
        match h.app.images.cache.peek(&key) {
            Some(ThumbState::Ready { .. }) => ready += 1,
            Some(ThumbState::Failed(_)) => failed += 1,
            _ => other += 1,
        }
    }
    (ready, failed, other)
}

#[tokio::test]
async fn every_visible_tile_gets_its_picture_after_placeholders() {
    let mut h = Harness::new(150, 45).await;
    let dir = tempfile::tempdir().unwrap();
    h.enable_images(dir.path());
    // Before any rendition arrives the tiles say they are loading.
    let first = h.screen();
    assert!(first.contains("⟳ loading"), "{first}");
    assert_eq!(image_cells(&h), 0);
    h.settle().await;
    let (ready, failed, other) = states(&h);
    assert!(ready >= 6, "{ready} ready");
    assert_eq!((failed, other), (0, 0));
    let screen = h.screen();
    assert!(!screen.contains("⟳ loading"), "{screen}");
    assert!(image_cells(&h) > ready * 50, "pictures are drawn");
    insta::assert_snapshot!("grid_with_thumbnails", screen);
    // One request per visible tile plus the page ahead, no more.
    let fetched = h.server.request_count("GET", "/renditions/");
    let (first_i, end) = h.app.grid.visible_range();
    assert!(fetched >= end - first_i, "{fetched}");
    assert!(fetched <= 2 * (end - first_i), "{fetched}");
}

#[tokio::test]
async fn revisits_hit_the_memory_cache_and_a_new_session_hits_the_disk() {
    let (mut h, dir) = Harness::with_images(DemoOptions::default(), 150, 45).await;
    let after_first = h.server.request_count("GET", "/renditions/");
    assert!(after_first > 0);
    // Away a few screens and back.
    h.keys(&[KeyCode::PageDown, KeyCode::PageDown, KeyCode::Home])
        .await;
    let after_scroll = h.server.request_count("GET", "/renditions/");
    h.keys(&[KeyCode::PageDown, KeyCode::Home]).await;
    assert_eq!(
        h.server.request_count("GET", "/renditions/"),
        after_scroll,
        "nothing fetched again on revisit"
    );
    assert!(states(&h).0 > 0);

    // A fresh app (empty memory cache) with the same disk cache fetches nothing.
    let server_count = h.server.request_count("GET", "/renditions/");
    let mut app2 = mgtui::app::App::new(Some(h.server.organization_id()));
    std::mem::swap(&mut h.app, &mut app2);
    h.enable_images(dir.path());
    h.settle().await;
    assert!(states(&h).0 > 0, "pictures from disk");
    assert_eq!(h.server.request_count("GET", "/renditions/"), server_count);
}

#[tokio::test]
async fn a_failed_thumbnail_shows_its_state_and_the_rest_still_load() {
    let mut h = Harness::new(150, 45).await;
    // The second asset's signed URLs are tampered with: the server answers 403.
    let id = h.app.grid.loaded_assets()[1].id;
    let a = h.app.grid.results.find_mut(id).unwrap();
    for url in [&mut a.thumb_url, &mut a.grid_url, &mut a.small_url] {
        if let Some(u) = url.as_mut() {
            *u = u.replace("Signature=", "Signature=0");
        }
    }
    let dir = tempfile::tempdir().unwrap();
    h.enable_images(dir.path());
    h.settle().await;
    let (ready, failed, other) = states(&h);
    assert_eq!(failed, 1);
    assert_eq!(other, 0);
    assert!(ready >= 5);
    assert!(h.screen().contains("✗ image failed"));
}

#[tokio::test]
async fn failures_on_a_slow_flaky_link_retry_when_revisited() {
    let opts = DemoOptions {
        faults: FaultSettings {
            rendition_error_rate: 0.2,
            rendition_latency_ms: 500,
            ..Default::default()
        },
        ..Default::default()
    };
    let (mut h, _dir) = Harness::with_images(opts, 150, 45).await;
    let (ready, failed, _) = states(&h);
    assert!(ready + failed > 0);
    // Keys are answered at once: the app never waits on the network.
    let before = h.app.grid.cursor;
    h.press(KeyCode::Right);
    assert_eq!(h.app.grid.cursor, before + 1);
    // Clear the faults, scroll away and back: failed tiles are fetched again.
    h.server.set_faults(FaultSettings::default());
    for _ in 0..6 {
        h.keys(&[KeyCode::PageDown]).await;
    }
    h.keys(&[KeyCode::Home]).await;
    let (ready, failed, other) = states(&h);
    assert_eq!((failed, other), (0, 0), "all retried");
    assert!(ready > 0);
}

#[tokio::test]
async fn large_preview_fits_the_screen_and_refits_on_resize() {
    let (mut h, _dir) = Harness::with_images(DemoOptions::default(), 120, 40).await;
    h.keys(&[KeyCode::Char('p')]).await;
    assert_eq!(h.app.modals.overlay, Overlay::Preview);
    let screen = h.screen();
    assert!(
        screen.contains("previous / next asset") && !screen.contains("↑↓ scroll"),
        "the hint says what the arrows do here: {screen}"
    );
    let asset = h.app.grid.selected().unwrap().clone();
    let key = h.app.thumb_key(&asset, h.app.preview_cells()).unwrap();
    assert!(matches!(
        h.app.images.cache.peek(&key),
        Some(ThumbState::Ready { .. })
    ));
    let log = h.server.request_log();
    assert!(
        log.iter()
            .any(|r| r.path.starts_with("/renditions/") && r.path.contains("-permalink")),
        "the preview uses the ~1200 px rendition: {:?}",
        log.iter()
            .filter(|r| r.path.starts_with("/renditions/"))
            .map(|r| r.path.clone())
            .collect::<Vec<_>>()
    );
    let cells = image_cells(&h);
    assert!(
        cells > 1000,
        "a large picture: {cells} cells\n{}",
        h.screen()
    );
    h.resize(80, 30);
    h.settle().await;
    let key2 = h.app.thumb_key(&asset, h.app.preview_cells()).unwrap();
    assert_ne!(key, key2);
    assert!(matches!(
        h.app.images.cache.peek(&key2),
        Some(ThumbState::Ready { .. })
    ));
    h.keys(&[KeyCode::Esc]).await;
    assert_eq!(h.app.modals.overlay, Overlay::None);
}

/// Sixel (and iTerm2) images are re-sent whenever their cells are redrawn and would
/// show through anything drawn over them: under a popup the tiles draw placeholders.
#[tokio::test]
async fn sixel_tiles_give_way_to_placeholders_under_popups() {
    let mut h = Harness::new(150, 45).await;
    let dir = tempfile::tempdir().unwrap();
    h.enable_images(dir.path());
    h.use_sixel(dir.path());
    h.settle().await;
    let sixels = |h: &mut Harness| h.sixel_cells().len();
    assert!(sixels(&mut h) >= 6, "sixel tiles drawn");
    h.keys(&[KeyCode::Char('?')]).await;
    assert_eq!(sixels(&mut h), 0, "no sixel under the help screen");
    h.keys(&[KeyCode::Esc]).await;
    assert!(sixels(&mut h) >= 6, "back after the popup closes");
    h.keys(&[KeyCode::Char('e'), KeyCode::Char('q')]).await;
    h.ctrl('c');
    assert!(
        h.app.modals.confirm.is_some(),
        "unsaved edit asks before quitting"
    );
    assert_eq!(sixels(&mut h), 0, "no sixel under a dialog");
}

/// `-` down to dense shows 48+ thumbnails at 200×55 and the tiles fill the grid's
/// height; `+` grows them; the size is handed to the loop to remember in config.toml.
#[tokio::test]
async fn tile_size_keys_change_the_grid_and_are_remembered() {
    use mgtui::app::effect::Effect;
    use mgtui::panes::grid::TileSize;
    let (mut h, _dir) = Harness::with_images(DemoOptions::default(), 200, 55).await;
    let (c0, r0) = h.app.grid.metrics();
    for _ in 0..4 {
        h.keys(&[KeyCode::Char('-')]).await;
    }
    assert_eq!(h.app.grid.tile_size, TileSize::Dense);
    let (c, r) = h.app.grid.metrics();
    assert!(
        c * r >= 48 && c * r > c0 * r0,
        "dense shows {c}×{r} (was {c0}×{r0})"
    );
    let saved: Vec<TileSize> = h
        .app
        .take_effects()
        .into_iter()
        .filter_map(|e| match e {
            Effect::SaveSetting("tile_size", t, _) => TileSize::parse(&t),
            _ => None,
        })
        .collect();
    assert_eq!(saved, vec![TileSize::Dense]);
    h.keys(&[KeyCode::Char('+')]).await;
    assert_eq!(h.app.grid.tile_size, TileSize::Small);
    // No band of blank rows under the last row of tiles.
    let screen = h.screen();
    let lines: Vec<&str> = screen.lines().collect();
    let grid_bottom = lines.len() - 3;
    let blank_rows = (0..grid_bottom)
        .rev()
        .take_while(|&y| {
            let row: String = lines[y].chars().skip(40).take(100).collect();
            row.trim_matches(|c: char| c == ' ' || c == '┃' || c == '│')
                .is_empty()
        })
        .count();
    assert!(blank_rows <= 1, "{blank_rows} blank rows:\n{screen}");
}
