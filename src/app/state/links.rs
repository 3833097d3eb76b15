//! Links the user takes elsewhere: `y` copies the selected asset's web-app address, `Y`
//! its GUID, to the user's own clipboard with OSC 52, and the status line shows what
//! was copied (for terminals that ignore OSC 52).

use super::App;
use crate::text::safe;

impl App {
    /// Put `text` in the clipboard and say so, naming it `what`.
    pub(crate) fn copy_to_clipboard(&mut self, text: &str, what: &str) {
        match crate::clipboard::osc52(text) {
            Some(seq) => {
                self.screen.clipboard = Some(seq);
                self.flash(format!("Copied {what}: {}", safe(text)), false);
            }
            None => self.flash(format!("{what} is too long for the clipboard"), true),
        }
    }

    fn selected_guid(&mut self) -> Option<String> {
        let guid = self.grid.selected().and_then(|a| a.guid.clone());
        if guid.is_none() {
            self.flash("Select an asset first", true);
        }
        guid
    }

    /// `y`: the asset's page in the web app.
    pub(super) fn copy_asset_link(&mut self) {
        let Some(guid) = self.selected_guid() else {
            return;
        };
        let Some(slug) = self.session.org_slug.clone() else {
            self.flash(
                "The organisation's address is not known yet (still signing in?)",
                true,
            );
            return;
        };
        let url = asset_url(&self.session.web_base, &slug, &guid);
        self.copy_to_clipboard(&url, "the asset's link");
    }

    /// `Y`: the asset's GUID.
    pub(super) fn copy_asset_guid(&mut self) {
        if let Some(guid) = self.selected_guid() {
            self.copy_to_clipboard(&guid, "the GUID");
        }
    }
}

/// `{web}/{org slug}/assets/{guid}`, the slug and guid percent-encoded as path segments.
fn asset_url(web: &str, slug: &str, guid: &str) -> String {
    match url::Url::parse(web) {
        Ok(mut u) if !u.cannot_be_a_base() => {
            if let Ok(mut path) = u.path_segments_mut() {
                path.pop_if_empty().extend([slug, "assets", guid]);
            }
            u.to_string()
        }
        _ => {
            let enc =
                |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
            format!("{web}/{}/assets/{}", enc(slug), enc(guid))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::asset_url;

    #[test]
    fn asset_links_encode_their_parts() {
        assert_eq!(
            asset_url("https://mediagraph.io", "demo-org", "9a04-bf"),
            "https://mediagraph.io/demo-org/assets/9a04-bf"
        );
        assert_eq!(
            asset_url("http://h", "a/b c", "x\u{1b}"),
            "http://h/a%2Fb%20c/assets/x%1B"
        );
    }
}
