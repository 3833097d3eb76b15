//! Facets, filter chips, the sort menu and search-as-you-type, against the embedded
//! server over loopback.

use std::time::{Duration, Instant};

use crate::common::ui::Harness;
use crossterm::event::{Event, KeyCode, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use mgtui::api::models::{SortField, SortOrder};
use mgtui::app::state::{Focus, LIVE_SEARCH_DELAY, Overlay};
use mgtui::panes::tree::Section;
use mgtui::search::facets::Row;
use mgtui::search::query::Filter;

/// Move the panel cursor onto the first value whose filter `pick` accepts; its count.
async fn cursor_to(h: &mut Harness, pick: impl Fn(&Filter) -> bool) -> i64 {
    for _ in 0..400 {
        let rows = h.app.facet_rows();
        if let Some(Row::Value { filter, count, .. }) = rows.get(h.app.browse.facet_panel.cursor)
            && pick(filter)
        {
            return *count;
        }
        h.keys(&[KeyCode::Down]).await;
    }
    panic!("no such facet value:\n{}", h.screen());
}

/// Sum of a facet's counts over the current result.
fn facet_sum(h: &Harness, name: &str) -> i64 {
    h.app
        .browse
        .facets()
        .iter()
        .find(|f| f.name == name)
        .map(|f| f.buckets.iter().map(|b| b.doc_count).sum())
        .unwrap_or(0)
}

#[tokio::test]
async fn ticks_within_one_file_type_facet_combine_with_or_and_keep_their_counts() {
    let mut h = Harness::new(150, 44).await;
    let exts: Vec<(String, i64)> = h
        .app
        .browse
        .facets()
        .iter()
        .find(|f| f.name == "ext")
        .expect("a file type facet")
        .buckets
        .iter()
        .map(|b| (b.key.to_lowercase(), b.doc_count))
        .collect();
    assert!(exts.len() >= 2, "{exts:?}");
    let (first, n1) = exts[0].clone();
    let (second, n2) = exts[1].clone();
    h.keys(&[KeyCode::Char('f')]).await;
    cursor_to(&mut h, |f| *f == Filter::Ext(first.clone())).await;
    h.keys(&[KeyCode::Enter]).await;
    assert_eq!(h.app.grid.total(), Some(n1 as u64));
    // The other types are still offered, with the count they would add.
    let rows = h.app.facet_rows();
    let other = rows.iter().find_map(|r| match r {
        Row::Value {
            filter: Filter::Ext(e),
            count,
            on,
            ..
        } if *e == second => Some((*count, *on)),
        _ => None,
    });
    assert_eq!(other, Some((n2, false)), "{rows:?}");
    let screen = h.screen();
    assert!(screen.contains("File type · any of"), "{screen}");
    cursor_to(&mut h, |f| *f == Filter::Ext(second.clone())).await;
    h.keys(&[KeyCode::Enter]).await;
    assert_eq!(h.app.grid.total(), Some((n1 + n2) as u64), "any of the two");
    assert!(h.app.grid.loaded_assets().into_iter().all(|a| {
        let ext = a.ext.clone().unwrap_or_default().to_lowercase();
        ext == first || ext == second
    }));
    // Both stay ticked, with their own counts.
    let ticked: Vec<(String, i64)> = h
        .app
        .facet_rows()
        .iter()
        .filter_map(|r| match r {
            Row::Value {
                filter: Filter::Ext(e),
                count,
                on: true,
                ..
            } => Some((e.clone(), *count)),
            _ => None,
        })
        .collect();
    assert_eq!(ticked.len(), 2, "{ticked:?}");
    assert!(ticked.contains(&(first.clone(), n1)) && ticked.contains(&(second.clone(), n2)));
}

#[tokio::test]
async fn facet_toggles_narrow_the_grid_and_counts_match_the_results() {
    let mut h = Harness::new(150, 44).await;
    let all = h.app.grid.total().expect("a total");
    assert_eq!(
        facet_sum(&h, "ext") as u64,
        all,
        "page 1 brings facet counts in the same request"
    );
    assert_eq!(h.server.request_count("GET", "/api/assets/search"), 1);

    h.keys(&[KeyCode::Char('f')]).await;
    assert_eq!(h.app.focus, Focus::Facets);
    let screen = h.screen();
    assert!(
        screen.contains("File type") && screen.contains("Keywords"),
        "{screen}"
    );

    // A keyword: the grid shows exactly the count the facet promised.
    let tag_count = cursor_to(&mut h, |f| matches!(f, Filter::Tag(_))).await;
    let Some(Row::Value {
        filter: Filter::Tag(tag),
        ..
    }) = h
        .app
        .facet_rows()
        .get(h.app.browse.facet_panel.cursor)
        .cloned()
    else {
        unreachable!()
    };
    h.server.clear_request_log();
    h.keys(&[KeyCode::Enter]).await;
    let sent = h.search_queries();
    assert_eq!(sent.len(), 1, "one request per toggle: {sent:?}");
    assert!(sent[0].contains("tags[]=") && sent[0].contains("include_totals=true"));
    assert_eq!(h.app.grid.total(), Some(tag_count as u64));
    assert!(
        h.app
            .grid
            .loaded_assets()
            .into_iter()
            .all(|a| a.tag_names().contains(&tag))
    );
    assert_eq!(
        facet_sum(&h, "ext"),
        tag_count,
        "counts are for the new result"
    );
    let line = h.app.browse.query_text.clone().unwrap_or_default();
    assert!(
        line.starts_with("tag:"),
        "the / line shows the filter: {line}"
    );

    // A rating on top: narrower still, and both chips show above the grid.
    let rating_count = cursor_to(&mut h, |f| matches!(f, Filter::Rating(_))).await;
    h.keys(&[KeyCode::Enter]).await;
    assert_eq!(h.app.grid.total(), Some(rating_count as u64));
    assert!(rating_count <= tag_count);
    let screen = h.screen();
    assert!(
        screen.contains("✕") && screen.contains("rating:"),
        "{screen}"
    );
    assert!(screen.contains("X clears all"), "{screen}");
    assert!(
        h.app
            .facet_rows()
            .iter()
            .any(|r| matches!(r, Row::Value { on: true, .. })),
        "the active values are ticked"
    );

    // The active-filter row at the top removes its filter.
    h.keys(&[KeyCode::Home]).await;
    assert!(matches!(
        h.app.facet_rows()[h.app.browse.facet_panel.cursor],
        Row::Active(Filter::Tag(_))
    ));
    h.keys(&[KeyCode::Enter]).await;
    assert!(h.app.browse.filters.tags.is_empty());
    assert_eq!(h.app.browse.filters.rating.len(), 1);

    // X clears them all; the whole library is back.
    h.keys(&[KeyCode::Char('X')]).await;
    assert!(!h.app.browse.filters.has_filters());
    assert_eq!(h.app.grid.total(), Some(all));
    assert!(h.app.browse.query_text.is_none());
}

#[tokio::test]
async fn grid_with_facet_panel_and_chips() {
    let mut h = Harness::new(140, 40).await;
    h.press(KeyCode::Char('/'));
    h.type_str("type:jpg aspect:landscape");
    h.keys(&[KeyCode::Enter]).await;
    h.keys(&[KeyCode::Char('f')]).await;
    cursor_to(
        &mut h,
        |f| matches!(f, Filter::Meta(field, _) if field == "Category"),
    )
    .await;
    h.keys(&[KeyCode::Enter]).await;
    assert_eq!(h.app.browse.filters.filters().len(), 3);
    for a in &h.app.grid.loaded_assets() {
        assert_eq!(a.ext.as_deref(), Some("jpg"));
    }
    h.keys(&[KeyCode::Home]).await;
    insta::assert_snapshot!("facets_and_chips", h.screen());
}

#[tokio::test]
async fn clicking_a_chip_removes_its_filter() {
    let mut h = Harness::new(140, 40).await;
    h.press(KeyCode::Char('/'));
    h.type_str("type:jpg rating:>=3");
    h.keys(&[KeyCode::Enter]).await;
    let screen = h.screen();
    let (row, line) = screen
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("type:jpg ✕"))
        .expect("a chip row");
    let byte = line.find("type:jpg").unwrap();
    let col = line[..byte].chars().count();
    h.app.on_event(Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: col as u16,
        row: row as u16,
        modifiers: KeyModifiers::NONE,
    }));
    h.settle().await;
    assert!(
        h.app.browse.filters.exts.is_empty(),
        "the clicked chip went"
    );
    assert_eq!(h.app.browse.filters.rating, vec![3, 5], "the other stayed");
    assert_eq!(h.app.browse.query_text.as_deref(), Some("rating:>=3"));
}

#[tokio::test]
async fn sort_menu_offers_every_sort_and_custom_order_only_in_collections() {
    let mut h = Harness::new(140, 40).await;
    h.keys(&[KeyCode::Char('s')]).await;
    assert!(matches!(
        h.app.modals.overlay,
        Overlay::SortMenu { cursor: 0 }
    ));
    let screen = h.screen();
    for want in [
        "uploaded",
        "captured",
        "filename",
        "size",
        "rating",
        "newest first",
    ] {
        assert!(screen.contains(want), "{want}:\n{screen}");
    }
    assert!(!screen.contains("custom order"), "{screen}");
    h.server.clear_request_log();
    h.keys(&[KeyCode::Down, KeyCode::Down, KeyCode::Down, KeyCode::Enter])
        .await;
    assert_eq!(h.app.modals.overlay, Overlay::None);
    assert_eq!(
        h.app.browse.query.sort,
        Some((SortField::CapturedAt, SortOrder::Asc))
    );
    let sent = h.search_queries();
    assert!(sent[0].contains("sort=captured_at&order=asc"), "{sent:?}");

    // In a collection the manual order is offered too.
    h.app.focus = Focus::Tree;
    let coll = h
        .app
        .tree
        .items
        .iter()
        .position(|i| {
            i.section == Section::Groups(mgtui::api::models::GroupKind::Collection)
                && i.parent.is_none()
        })
        .expect("collections root");
    h.app.tree.cursor = h
        .app
        .tree
        .visible()
        .iter()
        .position(|&i| i == coll)
        .unwrap();
    h.keys(&[KeyCode::Right, KeyCode::Down, KeyCode::Enter])
        .await;
    assert!(
        h.app.browse.query.scope.has_custom_order(),
        "{:?}",
        h.app.browse.query.scope
    );
    h.app.focus = Focus::Grid;
    h.keys(&[KeyCode::Char('s')]).await;
    assert!(h.screen().contains("custom order"));
    h.keys(&[KeyCode::Esc]).await;
    assert_eq!(h.app.modals.overlay, Overlay::None);
}

#[tokio::test]
async fn typing_fast_sends_one_search_and_esc_undoes_it() {
    let mut h = Harness::new(140, 40).await;
    let all = h.app.grid.total();
    h.server.clear_request_log();
    h.press(KeyCode::Char('/'));
    for c in "harbour bo".chars() {
        h.press(KeyCode::Char(c));
        h.app.on_tick(Instant::now());
        h.settle().await;
    }
    assert_eq!(
        h.search_queries().len(),
        0,
        "nothing while the keys keep coming"
    );
    let due = h.app.next_deadline().expect("a search is due");
    assert!(due <= Instant::now() + LIVE_SEARCH_DELAY);
    h.app.on_tick(due + Duration::from_millis(1));
    h.settle().await;
    let sent = h.search_queries();
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert!(sent[0].contains("q=harbour+bo"), "{sent:?}");
    assert!(
        h.app.modals.search.is_some(),
        "the line stays open while typing"
    );

    // Enter keeps what is shown without searching again.
    h.keys(&[KeyCode::Enter]).await;
    assert_eq!(h.search_queries().len(), 1);
    assert_eq!(h.app.browse.query_text.as_deref(), Some("harbour bo"));

    // A bad token while typing: said on the line, nothing sent.
    h.press(KeyCode::Char('/'));
    h.type_str(" colour:red");
    h.app.on_tick(Instant::now() + LIVE_SEARCH_DELAY * 2);
    h.settle().await;
    assert_eq!(h.search_queries().len(), 1);
    assert!(h.screen().contains("unknown filter"));

    // Esc puts back the search from before the line opened.
    h.keys(&[KeyCode::Esc]).await;
    assert_eq!(h.app.browse.query_text.as_deref(), Some("harbour bo"));
    h.press(KeyCode::Char('/'));
    for _ in 0.."harbour bo".len() {
        h.press(KeyCode::Backspace);
    }
    h.type_str("sunset");
    h.app.on_tick(Instant::now() + LIVE_SEARCH_DELAY * 2);
    h.settle().await;
    assert_eq!(h.app.browse.query_text.as_deref(), Some("sunset"));
    h.keys(&[KeyCode::Esc]).await;
    assert_eq!(h.app.browse.query_text.as_deref(), Some("harbour bo"));
    assert_ne!(h.app.grid.total(), all);
}

#[tokio::test]
async fn quick_toggles_keep_only_the_latest_answer() {
    let mut h = Harness::with(
        mgtui::demo::DemoOptions {
            faults: mgtui::demo::FaultSettings {
                latency_ms: 150,
                ..Default::default()
            },
            ..Default::default()
        },
        140,
        40,
    )
    .await;
    h.go_live();
    h.keys(&[KeyCode::Char('f')]).await;
    // Two toggles before either answer: the first search's answer must not show.
    let first = cursor_to(&mut h, |f| matches!(f, Filter::Ext(e) if e == "png")).await;
    h.press(KeyCode::Enter);
    h.pump(Duration::from_millis(10)).await;
    h.press(KeyCode::Char('X'));
    h.settle().await;
    assert!(!h.app.browse.filters.has_filters());
    let all = h.app.grid.total().expect("a total");
    assert!(all > first as u64);
    assert_eq!(
        facet_sum(&h, "ext") as u64,
        all,
        "facets of the latest search"
    );
}
