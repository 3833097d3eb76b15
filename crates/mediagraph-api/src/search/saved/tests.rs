use std::collections::BTreeMap;

use super::*;
use crate::search::query::parse;

fn folder(id: i64, include_children: bool) -> SearchScope {
    SearchScope::StorageFolder {
        id,
        include_children,
    }
}

fn round_trip(q: &ParsedQuery, scope: &SearchScope) {
    let sql = to_sql(q, scope);
    let back = from_sql(&sql).unwrap_or_else(|e| panic!("{sql}\n{e}"));
    assert_eq!(back, (q.clone(), scope.clone()), "{sql}");
}

fn line(text: &str) -> ParsedQuery {
    parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

#[test]
fn each_filter_has_its_clause_in_a_fixed_order() {
    let q = line(
        r#"sunset tag:beach tag:"new york" type:jpg,png rating:>=4 captured:2024-01..2024-06
           created:2023 people:yes rights:missing,1,2 rights:owned,some aspect:landscape
           uploader:7 uploader:9 meta:"Field Name=v1" meta:"Field Name=v2""#,
    );
    assert_eq!(
        to_sql(&q, &folder(7, false)),
        "QUERY('sunset') AND visible_tag_names = 'beach' AND visible_tag_names = 'new york' \
         AND ext IN ('jpg', 'png') AND rating BETWEEN 4 AND 5 \
         AND captured_at BETWEEN '2024-01-01T00:00:00Z' AND '2024-06-30T23:59:59Z' \
         AND created_at BETWEEN '2023-01-01T00:00:00Z' AND '2023-12-31T23:59:59Z' \
         AND has_people = 'yes' AND (rights_package_id IS NULL OR rights_package_id IN (1, 2)) \
         AND rights_code IN ('owned', 'some') AND aspect = 'landscape' AND user_id IN (7, 9) \
         AND \"custom_meta.Field Name\" IN ('v1', 'v2') \
         AND storage_folder_id = 7 AND omit_children = true"
    );
}

#[test]
fn single_values_scopes_and_the_empty_search() {
    let scope_sql = |scope: SearchScope| to_sql(&ParsedQuery::default(), &scope);
    assert_eq!(
        to_sql(&line("rating:3"), &SearchScope::Library),
        "rating = 3"
    );
    assert_eq!(
        to_sql(&line("rights:missing"), &SearchScope::Library),
        "rights_package_id IS NULL"
    );
    assert_eq!(
        to_sql(&line("rights:12"), &SearchScope::Library),
        "rights_package_id IN (12)"
    );
    assert_eq!(scope_sql(folder(7, true)), "storage_folder_id = 7");
    assert_eq!(
        scope_sql(SearchScope::Collection {
            id: 7,
            include_children: false
        }),
        "collection_id = 7 AND omit_children = true"
    );
    assert_eq!(
        scope_sql(SearchScope::Lightbox {
            id: 7,
            include_children: true
        }),
        "lightbox_id = 7"
    );
    assert_eq!(
        scope_sql(SearchScope::LightboxFolder {
            id: 7,
            include_children: true
        }),
        "lightbox_folder_id = 7"
    );
    assert_eq!(scope_sql(SearchScope::Library), "");
    for blank in ["", "   ", "\n\t "] {
        assert_eq!(
            from_sql(blank).unwrap(),
            (ParsedQuery::default(), SearchScope::Library)
        );
    }
}

#[test]
fn quotes_are_doubled_inside_literals_and_names() {
    let mut q = line("tag:\"it's\"");
    q.q = Some("l'été \"chaud\"".into());
    q.custom_meta
        .insert("Say \"hi\"".into(), vec!["O'Brien".into()]);
    let sql = to_sql(&q, &SearchScope::Library);
    assert_eq!(
        sql,
        "QUERY('l''été \"chaud\"') AND visible_tag_names = 'it''s' \
         AND \"custom_meta.Say \"\"hi\"\"\" IN ('O''Brien')"
    );
    round_trip(&q, &SearchScope::Library);
}

#[test]
fn queries_round_trip() {
    let lines = [
        "",
        "sunset",
        "harbour AND -fog title:\"at dawn\" tag_text:boat* copyright:**",
        "tag:beach tag:sea tag:\"new york\"",
        "type:jpg,png,tif",
        "rating:0",
        "rating:5",
        "rating:2..4",
        "rating:<=2",
        "captured:2024-02 created:..2020-05-01",
        "captured:2021-03-04 created:2022-01..",
        "people:no",
        "people:untagged",
        "rights:missing",
        "rights:12,13",
        "rights:missing,12",
        "rights:unknown_no_search,editorial",
        "aspect:panorama",
        "uploader:1,2,3",
        "meta:\"Project Code=PRJ 42\" meta:Audience=Press meta:Audience=Public",
        "日本 tag:猫 meta:\"Catégorie=Éditorial\" tag:\"🐈 emoji\"",
        "sunset tag:beach type:jpg,png rating:>=4 captured:2024-01..2024-06 people:yes \
         rights:missing,4 rights:owned aspect:square uploader:501 meta:\"A B=c d\"",
    ];
    let scopes = [
        SearchScope::Library,
        folder(2001, true),
        folder(2001, false),
        SearchScope::Collection {
            id: 3001,
            include_children: true,
        },
        SearchScope::Collection {
            id: 3001,
            include_children: false,
        },
        SearchScope::Lightbox {
            id: 5004,
            include_children: false,
        },
        SearchScope::LightboxFolder {
            id: 5007,
            include_children: true,
        },
        SearchScope::LightboxFolder {
            id: -3,
            include_children: false,
        },
    ];
    for text in lines {
        for scope in &scopes {
            round_trip(&line(text), scope);
        }
    }
}

#[test]
fn odd_values_round_trip_too() {
    let mut meta = BTreeMap::new();
    meta.insert(
        "  spaced  name ".to_string(),
        vec!["".to_string(), "' OR 1 = 1 --".to_string()],
    );
    meta.insert("a.b\"c".to_string(), vec!["\n".to_string()]);
    let q = ParsedQuery {
        q: Some("'); DROP TABLE assets; --".into()),
        tags: vec!["".into(), "a AND b".into(), "x = 'y'".into()],
        exts: vec!["JPG".into()],
        rights: vec!["missing".into(), "007".into(), "abc".into(), "-4".into()],
        uploaders: vec![i64::MIN, i64::MAX],
        custom_meta: meta,
        ..Default::default()
    };
    round_trip(
        &q,
        &SearchScope::Lightbox {
            id: i64::MAX,
            include_children: false,
        },
    );
}

#[test]
fn missing_rights_read_back_first() {
    let q = ParsedQuery {
        rights: vec!["12".into(), "missing".into()],
        ..Default::default()
    };
    let (back, _) = from_sql(&to_sql(&q, &SearchScope::Library)).unwrap();
    assert_eq!(back.rights, vec!["missing", "12"]);
    let (other_order, _) =
        from_sql("(rights_package_id IN (12) OR rights_package_id IS NULL)").unwrap();
    assert_eq!(other_order.rights, vec!["missing", "12"]);
}

#[test]
fn reading_is_lenient_about_case_spacing_order_and_number_quoting() {
    let (q, scope) = from_sql(
        "  omit_children='TRUE'and COLLECTION_ID='3'\n\tand rating between '2' and 4 \
         AND ((Ext = 'jpg')) and query( 'sea' ) AND has_people = true \
         AND rights_package_id = '5' AND user_id in ('7', 8) AND custom_meta.Budget = 500 \
         AND ASPECT = 'Landscape'",
    )
    .unwrap();
    assert_eq!(
        scope,
        SearchScope::Collection {
            id: 3,
            include_children: false
        }
    );
    assert_eq!(q.rating, vec![2, 4]);
    assert_eq!(q.exts, vec!["jpg"]);
    assert_eq!(q.q.as_deref(), Some("sea"));
    assert_eq!(q.has_people.as_deref(), Some("yes"));
    assert_eq!(q.rights, vec!["5"]);
    assert_eq!(q.uploaders, vec![7, 8]);
    assert_eq!(q.custom_meta["Budget"], vec!["500"]);
    assert_eq!(q.aspect.as_deref(), Some("landscape"));
    assert_eq!(q.scope, None);
    let (q, scope) = from_sql("rating BETWEEN 3 AND 3 AND omit_children = false").unwrap();
    assert_eq!((q.rating, scope), (vec![3], SearchScope::Library));
}

#[test]
fn what_mgtui_cannot_run_is_named() {
    let err = |sql: &str| from_sql(sql).expect_err(sql);
    assert_eq!(
        err("aasm_state = 'processed'"),
        "mgtui cannot run `aasm_state = 'processed'` (saved in another app): \
         there is no mgtui filter for `aasm_state`"
    );
    let e = err("rating = 5 AND aasm_state = 'processed' AND ext IN ('jpg')");
    assert!(
        e.starts_with("mgtui cannot run `aasm_state = 'processed'` (saved in another app)"),
        "{e}"
    );
    let e = err("rating = 5 OR ext IN ('jpg')");
    assert!(
        e.contains("`rating = 5 OR ext IN ('jpg')`") && e.contains("OR"),
        "{e}"
    );
    let e = err("(rights_package_id IS NULL OR rating = 2)");
    assert!(e.contains("rights_package_id IS NULL OR rating = 2"), "{e}");
    let e = err("MATCH(title, 'sea') AND rating = 1");
    assert!(
        e.contains("`MATCH(title, 'sea')`") && e.contains("QUERY"),
        "{e}"
    );
    assert!(err("QUERY('sea', 'default_operator=AND')").contains("without options"));
    assert!(err("NOT rating = 5").contains("`NOT rating = 5`"));
    assert!(err("1 = 1").contains("`1 = 1`"));
    assert!(err("rating > 3").contains("`rating > 3`"));
    assert!(err("rating = 9").contains("0 to 5"));
    assert!(err("rating = 2.5").contains("0 to 5"));
    assert!(err("rating BETWEEN 4 AND 2").contains("ends before"));
    assert!(err("ext LIKE 'jp%'").contains("`ext LIKE 'jp%'`"));
    assert!(err("ext IS NULL").contains("`=` or `IN"));
    assert!(err("captured_at = '2024'").contains("BETWEEN"));
    assert!(err("captured_at BETWEEN 1 AND 2").contains("quoted"));
    assert!(err("has_people = 'maybe'").contains("'untagged'"));
    assert!(err("aspect = 'round'").contains("landscape"));
    assert!(err("rights_code IN ('owned', 'stolen')").contains("`stolen`"));
    assert!(err("user_id IN (7, 'bob')").contains("whole numbers"));
    assert!(err("rights_package_id IN (1.5)").contains("whole numbers"));
    assert!(err("storage_folder_id = 'x'").contains("whole numbers"));
    assert!(err("storage_folder_id = 1 AND collection_id = 2").contains("twice"));
    assert!(err("ext IN ('jpg') AND ext IN ('png')").contains("twice"));
    assert!(err("rights_package_id IS NULL AND rights_package_id IN (1)").contains("twice"));
    assert!(err("\"custom_meta.A\" IN ('x') AND custom_meta.A = 'y'").contains("twice"));
    assert!(err("\"custom_meta.\" IN ('x')").contains("no name"));
    assert!(err("omit_children = true").contains("without a folder"));
    assert!(err("omit_children = 'sometimes' AND lightbox_id = 1").contains("true or false"));
    assert!(err("tag = 'x'").contains("no mgtui filter for `tag`"));
    assert!(err("visible_tag_names IN ('a', 'b')").contains("only with `=`"));
    assert!(err("rating = 5 ;").contains("expected `AND`"));
    assert!(err("rating = 'open").contains("never closed"));
}

#[test]
fn long_parts_are_shortened_in_messages() {
    let long = format!("aasm_state = '{}'", "x".repeat(500));
    let e = from_sql(&long).unwrap_err();
    assert!(e.len() < 200 && e.contains('…'), "{e}");
}

/// Whatever the input, reading never panics, and whatever it accepts writes back to
/// SQL that reads the same.
fn check_total(sql: &str) {
    if let Ok((q, scope)) = from_sql(sql) {
        let again = to_sql(&q, &scope);
        assert_eq!(
            from_sql(&again).as_ref(),
            Ok(&(q, scope)),
            "{sql:?} → {again:?}"
        );
    }
}

#[test]
fn mangled_and_random_input_never_panics() {
    let valid = to_sql(
        &line(
            "sun tag:\"it's\" type:jpg,png rating:2..4 captured:2024 people:yes \
             rights:missing,3 rights:owned aspect:square uploader:7 meta:\"A B=c\"",
        ),
        &folder(7, false),
    );
    let chars: Vec<(usize, char)> = valid.char_indices().collect();
    for &(i, _) in &chars {
        check_total(&valid[..i]);
        check_total(&valid[i..]);
    }
    for k in 0..chars.len() {
        let without: String = chars
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != k)
            .map(|(_, &(_, c))| c)
            .collect();
        check_total(&without);
        for insert in ['\'', '"', '(', ')', ',', '=', '-', 'é', ' '] {
            let mut with = valid.clone();
            with.insert(chars[k].0, insert);
            check_total(&with);
        }
    }
    let words: Vec<&str> = valid.split(' ').collect();
    for a in 0..words.len() {
        for b in a..words.len() {
            let mut swapped = words.clone();
            swapped.swap(a, b);
            check_total(&swapped.join(" "));
        }
    }
    let alphabet: Vec<char> = "ANDORNOTINBETWEENISNULL rating ext '\"(),=<>!-.0123456789_é😀\\\0\t"
        .chars()
        .collect();
    let mut rng = fastrand::Rng::with_seed(0x5a7ed);
    for _ in 0..3000 {
        let len = rng.usize(0..60);
        let text: String = (0..len)
            .map(|_| alphabet[rng.usize(0..alphabet.len())])
            .collect();
        check_total(&text);
        let bytes: Vec<u8> = (0..len).map(|_| rng.u8(..)).collect();
        check_total(&String::from_utf8_lossy(&bytes));
    }
    for deep in [
        "(".repeat(10_000),
        format!("{}rating = 1{}", "(".repeat(39), ")".repeat(39)),
        "NOT ".repeat(10_000),
        format!("QUERY({}", "(".repeat(10_000)),
        "rating = 1 AND ".repeat(2_000) + "rating = 1",
        "'".repeat(10_001),
        "-".repeat(1000),
    ] {
        check_total(&deep);
    }
}
