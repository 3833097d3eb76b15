//! The demo catalogue and its photos, built into the binary so `mgtui --demo` shows real
//! pictures wherever it is installed. `assets/demo/photos.json` is the list; a test checks
//! that every file it names is here.

/// `assets/demo/photos.json`.
pub const CATALOGUE: &str =
    include_str!(concat!(env!("MGTUI_DEMO_ASSETS_BUILT_IN"), "/photos.json"));

/// The JPEGs the catalogue names, by file name.
pub const PHOTOS: &[(&str, &[u8])] = &[
    (
        "01-astronaut-eileen-collins.jpg",
        include_bytes!(concat!(
            env!("MGTUI_DEMO_ASSETS_BUILT_IN"),
            "/photos/01-astronaut-eileen-collins.jpg"
        )),
    ),
    (
        "02-chelsea-the-cat.jpg",
        include_bytes!(concat!(
            env!("MGTUI_DEMO_ASSETS_BUILT_IN"),
            "/photos/02-chelsea-the-cat.jpg"
        )),
    ),
    (
        "03-espresso-cup.jpg",
        include_bytes!(concat!(
            env!("MGTUI_DEMO_ASSETS_BUILT_IN"),
            "/photos/03-espresso-cup.jpg"
        )),
    ),
    (
        "04-falcon9-dscovr-launch-pad.jpg",
        include_bytes!(concat!(
            env!("MGTUI_DEMO_ASSETS_BUILT_IN"),
            "/photos/04-falcon9-dscovr-launch-pad.jpg"
        )),
    ),
    (
        "05-hubble-extreme-deep-field.jpg",
        include_bytes!(concat!(
            env!("MGTUI_DEMO_ASSETS_BUILT_IN"),
            "/photos/05-hubble-extreme-deep-field.jpg"
        )),
    ),
    (
        "06-grace-hopper.jpg",
        include_bytes!(concat!(
            env!("MGTUI_DEMO_ASSETS_BUILT_IN"),
            "/photos/06-grace-hopper.jpg"
        )),
    ),
    (
        "07-raccoon.jpg",
        include_bytes!(concat!(
            env!("MGTUI_DEMO_ASSETS_BUILT_IN"),
            "/photos/07-raccoon.jpg"
        )),
    ),
    (
        "08-skyscrapers-at-night.jpg",
        include_bytes!(concat!(
            env!("MGTUI_DEMO_ASSETS_BUILT_IN"),
            "/photos/08-skyscrapers-at-night.jpg"
        )),
    ),
    (
        "09-dandelion-seed-heads.jpg",
        include_bytes!(concat!(
            env!("MGTUI_DEMO_ASSETS_BUILT_IN"),
            "/photos/09-dandelion-seed-heads.jpg"
        )),
    ),
    (
        "10-blue-marble-world.jpg",
        include_bytes!(concat!(
            env!("MGTUI_DEMO_ASSETS_BUILT_IN"),
            "/photos/10-blue-marble-world.jpg"
        )),
    ),
    (
        "11-retina-fundus.jpg",
        include_bytes!(concat!(
            env!("MGTUI_DEMO_ASSETS_BUILT_IN"),
            "/photos/11-retina-fundus.jpg"
        )),
    ),
    (
        "12-immunohistochemistry.jpg",
        include_bytes!(concat!(
            env!("MGTUI_DEMO_ASSETS_BUILT_IN"),
            "/photos/12-immunohistochemistry.jpg"
        )),
    ),
    (
        "13-greek-coins-pompeii.jpg",
        include_bytes!(concat!(
            env!("MGTUI_DEMO_ASSETS_BUILT_IN"),
            "/photos/13-greek-coins-pompeii.jpg"
        )),
    ),
    (
        "14-camera-operator.jpg",
        include_bytes!(concat!(
            env!("MGTUI_DEMO_ASSETS_BUILT_IN"),
            "/photos/14-camera-operator.jpg"
        )),
    ),
    (
        "15-outdoor-staircase.jpg",
        include_bytes!(concat!(
            env!("MGTUI_DEMO_ASSETS_BUILT_IN"),
            "/photos/15-outdoor-staircase.jpg"
        )),
    ),
    (
        "16-motion-blurred-clock.jpg",
        include_bytes!(concat!(
            env!("MGTUI_DEMO_ASSETS_BUILT_IN"),
            "/photos/16-motion-blurred-clock.jpg"
        )),
    ),
    (
        "17-brick-wall.jpg",
        include_bytes!(concat!(
            env!("MGTUI_DEMO_ASSETS_BUILT_IN"),
            "/photos/17-brick-wall.jpg"
        )),
    ),
    (
        "18-grass-and-leaves.jpg",
        include_bytes!(concat!(
            env!("MGTUI_DEMO_ASSETS_BUILT_IN"),
            "/photos/18-grass-and-leaves.jpg"
        )),
    ),
];

/// The built-in bytes of catalogue file `name`.
pub fn photo(name: &str) -> Option<&'static [u8]> {
    let name = name.rsplit('/').next().unwrap_or(name);
    PHOTOS.iter().find(|(n, _)| *n == name).map(|(_, b)| *b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalogue_file_is_built_in_and_matches_the_repository() {
        let list: Vec<serde_json::Value> = serde_json::from_str(CATALOGUE).unwrap();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/demo/photos");
        assert_eq!(list.len(), PHOTOS.len());
        for entry in list {
            let file = entry["file"].as_str().unwrap();
            let bytes = photo(file).unwrap_or_else(|| panic!("{file} is not built in"));
            assert_eq!(
                bytes,
                std::fs::read(dir.join(file)).unwrap().as_slice(),
                "{file}"
            );
        }
    }
}
