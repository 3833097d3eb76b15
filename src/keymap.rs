//! One keymap table. Dispatch, the hint bar and the `?` help screen all read it.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Quit,
    Help,
    FocusNext,
    FocusPrev,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    Open,
    Back,
    Search,
    Refresh,
    ToggleMark,
    MarkRange,
    MarkAll,
    ClearMarks,
    Rate(u8),
    CycleSort,
    ReverseSort,
    ToggleView,
    Preview,
    Redraw,
    SwitchProfile,
    /// Open the `:` command line.
    Command,
    /// Open the metadata editor for the selected asset.
    Edit,
    Save,
    EditorNextField,
    EditorPrevField,
    NextAsset,
    PrevAsset,
    /// Bulk jobs (dialog, monitor, confirm).
    BulkEdit,
    ToggleJobs,
    Toggle,
    ClearField,
    Review,
    Submit,
    CancelJob,
    UndoJob,
    NextPage,
    PrevPage,
    OpenInGrid,
    /// Show or hide the facet panel.
    ToggleFacets,
    /// Drop every filter of the current search (the text query stays).
    ClearFilters,
    /// The sort menu.
    SortMenu,
    /// Rename / delete the saved search or group under the tree cursor.
    Rename,
    Delete,
    /// A new storage folder, collection or lightbox under the tree cursor.
    NewGroup,
    /// Move the storage folder under the tree cursor into another.
    MoveGroup,
    /// The comments on the lightbox or collection under the tree cursor; in their view,
    /// write one / edit your own.
    OpenComments,
    NewComment,
    /// The user's notifications.
    Notifications,
    /// The selected asset's versions; in their view, make one current.
    OpenVersions,
    MakeCurrent,
    EditComment,
    /// The share links of the lightbox or collection under the tree cursor, and what
    /// the share-links view does.
    ShareLinks,
    NewLink,
    CyclePermission,
    CycleExpiry,
    ToggleEnabled,
    ToggleWatermark,
    /// Shares of chosen assets: the list, and a new one of the marked assets.
    OpenShares,
    /// Give the lightbox under the tree cursor to one of its members.
    GiveLightbox,
    /// Copy the selected asset's web-app link / its GUID to the clipboard (OSC 52).
    CopyLink,
    CopyId,
    /// Bigger / smaller tiles (remembered in config.toml).
    TileBigger,
    TileSmaller,
    /// Download the marked assets (or the selected one) to this machine.
    Download,
    /// The same as one zip.
    DownloadZip,
    /// Show / hide the transfer queue.
    ToggleTransfers,
    CancelTransfer,
    /// Upload local files into the folder under the cursor.
    Upload,
    /// Pause a running transfer (or resume a paused one).
    PauseTransfer,
    /// Send a failed or cancelled transfer again.
    Retry,
    /// Open the full-screen culling loupe on the selected asset.
    OpenLoupe,
    /// In the trash: restore the marked assets (or the selected one).
    RestoreFromTrash,
    /// Loupe: reject the asset (as chosen: a rating of 1, a status value or the trash)
    /// and move on.
    Reject,
    /// The loupe: put the asset in the picks lightbox, or take it out.
    Pick,
    /// The loupe: approve the workflow step whose assets are shown.
    ApproveStep,
    /// Loupe: show or hide the info strip.
    ToggleInfo,
    /// Loupe: move on after each judgement, or stay.
    ToggleAdvance,
    /// Loupe: take the last judgement back (on the server too).
    Undo,
    /// Loupe: show every asset, only the unrated, only the rejected.
    CycleFilter,
    /// Loupe: 2-up compare of the asset and a challenger.
    Compare,
    /// Loupe: the status field's Nth value (0 clears it).
    SetField(u8),
}

/// Where a binding applies. Pane layers are tried first, then `Global`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layer {
    Global,
    Tree,
    Grid,
    Details,
    /// The metadata editor; it does not fall back to `Global` (keys are text there).
    Editor,
    /// A confirm dialog.
    Dialog,
    /// The job monitor pane (`w`).
    Jobs,
    /// The facet panel (`f`).
    Facets,
    /// The transfer queue (`T`).
    Transfers,
    /// The bulk-edit dialog (`b`).
    BulkDialog,
    /// The summary screen before a bulk job is submitted.
    BulkSummary,
    /// A list to pick from (groups, AI fields).
    Picker,
    /// The full-screen culling loupe (`L`).
    Loupe,
    /// The share links of a lightbox or collection (`S` in the tree).
    Share,
    /// Shares of chosen assets (`W` in the grid).
    Shares,
    /// The comments on a lightbox or collection (`C` in the tree).
    Comments,
    /// An asset's versions (`v` in the grid).
    Versions,
}

impl Layer {
    pub fn title(self) -> &'static str {
        match self {
            Layer::Global => "Everywhere",
            Layer::Tree => "Tree",
            Layer::Grid => "Asset grid",
            Layer::Details => "Details",
            Layer::Editor => "Metadata editor",
            Layer::Dialog => "Dialogs",
            Layer::Jobs => "Job monitor",
            Layer::Facets => "Facet panel",
            Layer::Transfers => "Transfer queue",
            Layer::BulkDialog => "Bulk edit dialog",
            Layer::BulkSummary => "Bulk edit summary",
            Layer::Picker => "Picker",
            Layer::Loupe => "Culling loupe",
            Layer::Share => "Share links",
            Layer::Shares => "Shares of assets",
            Layer::Comments => "Comments",
            Layer::Versions => "Versions",
        }
    }

    /// Modal layers get only their own keys (no global fallback).
    pub(crate) fn is_modal(self) -> bool {
        matches!(
            self,
            Layer::BulkDialog
                | Layer::BulkSummary
                | Layer::Picker
                | Layer::Loupe
                | Layer::Share
                | Layer::Shares
                | Layer::Comments
                | Layer::Versions
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn k(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::NONE,
    }
}
const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}
const fn alt(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::ALT,
    }
}
const fn code(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

pub struct Binding {
    pub layer: Layer,
    pub keys: &'static [Key],
    pub action: Action,
    pub desc: &'static str,
    /// Shown in the bottom hint bar.
    pub hint: bool,
}

const fn b(
    layer: Layer,
    keys: &'static [Key],
    action: Action,
    desc: &'static str,
    hint: bool,
) -> Binding {
    Binding {
        layer,
        keys,
        action,
        desc,
        hint,
    }
}

use Action::*;
use Layer::*;

pub const BINDINGS: &[Binding] = &[
    b(Global, &[k('q'), ctrl('c')], Quit, "quit", true),
    b(Global, &[k('?'), code(KeyCode::F(1))], Help, "help", true),
    b(Global, &[code(KeyCode::Tab)], FocusNext, "next pane", true),
    b(
        Global,
        &[code(KeyCode::BackTab)],
        FocusPrev,
        "previous pane",
        false,
    ),
    b(Global, &[k('/')], Search, "search", true),
    b(Global, &[k('r')], Refresh, "refresh", false),
    b(
        Global,
        &[k(':')],
        Command,
        "command line (:folder, :sort, :asset …)",
        false,
    ),
    b(
        Global,
        &[k('o')],
        SwitchProfile,
        "switch organisation (profile)",
        false,
    ),
    b(
        Global,
        &[ctrl('l')],
        Redraw,
        "redraw (re-send images)",
        false,
    ),
    b(Global, &[code(KeyCode::Up), k('k')], Up, "up", false),
    b(Global, &[code(KeyCode::Down), k('j')], Down, "down", false),
    b(Global, &[code(KeyCode::Left), k('h')], Left, "left", false),
    b(
        Global,
        &[code(KeyCode::Right), k('l')],
        Right,
        "right",
        false,
    ),
    b(
        Global,
        &[code(KeyCode::PageUp), ctrl('b')],
        PageUp,
        "page up",
        false,
    ),
    b(
        Global,
        &[code(KeyCode::PageDown), ctrl('f')],
        PageDown,
        "page down",
        false,
    ),
    b(Global, &[code(KeyCode::Home), k('g')], Home, "first", false),
    b(Global, &[code(KeyCode::End), k('G')], End, "last", false),
    b(Global, &[code(KeyCode::Enter)], Open, "open", false),
    b(Global, &[code(KeyCode::Esc)], Back, "back / close", false),
    b(
        Tree,
        &[code(KeyCode::Enter)],
        Open,
        "show assets / expand",
        true,
    ),
    b(Tree, &[code(KeyCode::Right), k('l')], Right, "expand", true),
    b(
        Tree,
        &[code(KeyCode::Left), k('h')],
        Left,
        "collapse / parent",
        true,
    ),
    b(Tree, &[k('n')], NewGroup, "new group here", true),
    b(Tree, &[k('R')], Rename, "rename", true),
    b(Tree, &[k('m')], MoveGroup, "move folder", false),
    b(Tree, &[k('S')], ShareLinks, "share links", true),
    b(Tree, &[k('C')], OpenComments, "comments", false),
    b(Comments, &[code(KeyCode::Up), k('k')], Up, "up", false),
    b(
        Comments,
        &[code(KeyCode::Down), k('j')],
        Down,
        "down",
        false,
    ),
    b(Comments, &[k('n')], NewComment, "write a comment", true),
    b(Comments, &[k('e')], EditComment, "edit yours", true),
    b(
        Comments,
        &[k('D'), code(KeyCode::Delete)],
        Delete,
        "delete yours",
        true,
    ),
    b(Comments, &[k('r')], Refresh, "reload", false),
    b(Comments, &[code(KeyCode::Esc), k('q')], Back, "close", true),
    b(Share, &[code(KeyCode::Up), k('k')], Up, "up", false),
    b(Share, &[code(KeyCode::Down), k('j')], Down, "down", false),
    b(Share, &[k('n')], NewLink, "new link", true),
    b(
        Share,
        &[k('y'), code(KeyCode::Enter)],
        CopyLink,
        "copy link",
        true,
    ),
    b(
        Share,
        &[k('p')],
        CyclePermission,
        "pictures: view / download",
        true,
    ),
    b(Share, &[k('e')], CycleExpiry, "expiry", true),
    b(Share, &[k('E')], ToggleEnabled, "enable / disable", true),
    b(Share, &[k('w')], ToggleWatermark, "watermark", false),
    b(
        Share,
        &[k('D'), code(KeyCode::Delete)],
        Delete,
        "revoke",
        true,
    ),
    b(Share, &[k('r')], Refresh, "reload", false),
    b(Shares, &[code(KeyCode::Up), k('k')], Up, "up", false),
    b(Shares, &[code(KeyCode::Down), k('j')], Down, "down", false),
    b(Shares, &[k('n')], NewLink, "share the marked assets", true),
    b(
        Shares,
        &[k('y'), code(KeyCode::Enter)],
        CopyLink,
        "copy address",
        true,
    ),
    b(Shares, &[k('p')], CyclePermission, "size", true),
    b(Shares, &[k('d')], Download, "downloads on / off", true),
    b(Shares, &[k('E')], ToggleEnabled, "enable / disable", true),
    b(Shares, &[k('w')], ToggleWatermark, "watermark", false),
    b(
        Shares,
        &[k('D'), code(KeyCode::Delete)],
        Delete,
        "revoke",
        true,
    ),
    b(Shares, &[k('r')], Refresh, "reload", false),
    b(Shares, &[code(KeyCode::Esc), k('q')], Back, "close", true),
    b(Share, &[code(KeyCode::Esc), k('q')], Back, "close", true),
    b(
        Tree,
        &[k('D'), code(KeyCode::Delete)],
        Delete,
        "delete",
        true,
    ),
    b(Grid, &[code(KeyCode::Enter)], Open, "details", true),
    b(Grid, &[k(' ')], ToggleMark, "mark", true),
    b(Grid, &[k('y')], CopyLink, "copy web link", false),
    b(Grid, &[k('v')], OpenVersions, "versions", false),
    b(Versions, &[code(KeyCode::Up), k('k')], Up, "up", false),
    b(
        Versions,
        &[code(KeyCode::Down), k('j')],
        Down,
        "down",
        false,
    ),
    b(Versions, &[k('p')], Preview, "preview / list", true),
    b(Versions, &[k('u')], Upload, "upload a new version", true),
    b(Versions, &[k('R')], MakeCurrent, "make current", true),
    b(Versions, &[k('d')], Download, "download this version", true),
    b(Versions, &[k('r')], Refresh, "reload", false),
    b(
        Versions,
        &[code(KeyCode::Esc), k('q'), k('v')],
        Back,
        "close",
        true,
    ),
    b(Grid, &[k('Y')], CopyId, "copy GUID", false),
    b(
        Grid,
        &[k('V')],
        MarkRange,
        "mark range from last mark",
        false,
    ),
    b(Grid, &[ctrl('a')], MarkAll, "mark all results", false),
    b(Grid, &[k('c')], ClearMarks, "clear marks", false),
    b(Grid, &[k('0')], Rate(0), "clear rating", false),
    b(Grid, &[k('1')], Rate(1), "rate 1", false),
    b(Grid, &[k('2')], Rate(2), "rate 2", false),
    b(Grid, &[k('3')], Rate(3), "rate 3", false),
    b(Grid, &[k('4')], Rate(4), "rate 4", false),
    b(Grid, &[k('5')], Rate(5), "rate 5", false),
    b(Grid, &[k('s')], SortMenu, "sort menu", false),
    b(Grid, &[k('S')], ReverseSort, "reverse sort", false),
    b(Grid, &[k('t')], ToggleView, "tiles / list", false),
    b(Grid, &[k('+'), k('=')], TileBigger, "bigger tiles", false),
    b(Grid, &[k('-')], TileSmaller, "smaller tiles", false),
    b(Grid, &[k('p')], Preview, "large preview", true),
    b(Grid, &[k('L')], OpenLoupe, "culling loupe", true),
    b(
        Grid,
        &[k('W')],
        OpenShares,
        "share the marked assets",
        false,
    ),
    b(
        Grid,
        &[k('u')],
        RestoreFromTrash,
        "restore from the trash",
        false,
    ),
    b(Loupe, &[k('0')], Rate(0), "clear rating", false),
    b(Loupe, &[k('1')], Rate(1), "rate 1", false),
    b(Loupe, &[k('2')], Rate(2), "rate 2", false),
    b(Loupe, &[k('3')], Rate(3), "rate 3", false),
    b(Loupe, &[k('4')], Rate(4), "rate 4", false),
    b(Loupe, &[k('5')], Rate(5), "rate 5", false),
    b(Loupe, &[k('x'), k('X')], Reject, "reject", true),
    b(Loupe, &[k('P')], Pick, "pick", true),
    b(
        Loupe,
        &[k('A')],
        ApproveStep,
        "approve the workflow step",
        false,
    ),
    b(
        Loupe,
        &[alt('0')],
        SetField(0),
        "clear the status field",
        false,
    ),
    b(Loupe, &[alt('1')], SetField(1), "status value 1", false),
    b(Loupe, &[alt('2')], SetField(2), "status value 2", false),
    b(Loupe, &[alt('3')], SetField(3), "status value 3", false),
    b(Loupe, &[alt('4')], SetField(4), "status value 4", false),
    b(Loupe, &[alt('5')], SetField(5), "status value 5", false),
    b(Loupe, &[alt('6')], SetField(6), "status value 6", false),
    b(Loupe, &[alt('7')], SetField(7), "status value 7", false),
    b(Loupe, &[alt('8')], SetField(8), "status value 8", false),
    b(Loupe, &[alt('9')], SetField(9), "status value 9", false),
    b(
        Loupe,
        &[code(KeyCode::Left), k('h')],
        Left,
        "previous",
        false,
    ),
    b(Loupe, &[code(KeyCode::Right), k('l')], Right, "next", false),
    b(Loupe, &[code(KeyCode::Home), k('g')], Home, "first", false),
    b(Loupe, &[code(KeyCode::End), k('G')], End, "last", false),
    b(Loupe, &[k('u')], Undo, "undo", true),
    b(
        Loupe,
        &[code(KeyCode::Esc), k('q'), ctrl('c')],
        Back,
        "close",
        true,
    ),
    b(Loupe, &[k(' ')], ToggleInfo, "info", true),
    b(Loupe, &[k('a')], ToggleAdvance, "auto-advance", true),
    b(
        Loupe,
        &[k('f')],
        CycleFilter,
        "all / unrated / picks / rejects",
        true,
    ),
    b(Loupe, &[k('c'), k('C')], Compare, "compare 2-up", true),
    b(
        Loupe,
        &[code(KeyCode::Tab), code(KeyCode::BackTab)],
        FocusNext,
        "other side (compare)",
        false,
    ),
    b(Loupe, &[k('R')], Retry, "retry unsaved", false),
    b(Loupe, &[ctrl('l')], Redraw, "redraw", false),
    b(Grid, &[code(KeyCode::Esc)], Back, "clear search", false),
    b(Grid, &[k('e')], Edit, "edit metadata", true),
    b(
        Details,
        &[code(KeyCode::Enter), k('e')],
        Edit,
        "edit metadata",
        true,
    ),
    b(Editor, &[ctrl('s')], Save, "save", true),
    b(
        Editor,
        &[code(KeyCode::Tab)],
        EditorNextField,
        "next field",
        true,
    ),
    b(
        Editor,
        &[code(KeyCode::BackTab)],
        EditorPrevField,
        "previous field",
        false,
    ),
    b(
        Editor,
        &[code(KeyCode::Esc)],
        Back,
        "revert field / leave",
        true,
    ),
    b(Editor, &[ctrl('n')], NextAsset, "next asset", false),
    b(Editor, &[ctrl('p')], PrevAsset, "previous asset", false),
    b(Editor, &[ctrl('c'), ctrl('q')], Quit, "quit", true),
    b(Editor, &[code(KeyCode::F(1))], Help, "help", false),
    b(
        Dialog,
        &[code(KeyCode::Right), code(KeyCode::Tab)],
        Right,
        "next choice",
        true,
    ),
    b(
        Dialog,
        &[code(KeyCode::Left), code(KeyCode::BackTab)],
        Left,
        "previous choice",
        false,
    ),
    b(Dialog, &[code(KeyCode::Enter)], Open, "choose", true),
    b(Dialog, &[code(KeyCode::Esc)], Back, "cancel", true),
    b(Global, &[k('w')], ToggleJobs, "job monitor", true),
    b(Global, &[k('f')], ToggleFacets, "facets & filters", false),
    b(Global, &[k('X')], ClearFilters, "clear all filters", false),
    // The facet panel.
    b(
        Facets,
        &[code(KeyCode::Enter), k(' ')],
        Open,
        "add / remove filter",
        true,
    ),
    b(Facets, &[k('X')], ClearFilters, "clear all filters", true),
    b(
        Facets,
        &[code(KeyCode::Esc)],
        Back,
        "back to the grid",
        false,
    ),
    b(Grid, &[k('b')], BulkEdit, "bulk edit", true),
    b(Grid, &[k('d')], Download, "download", true),
    b(Grid, &[k('D')], DownloadZip, "download as one zip", false),
    b(Global, &[k('T')], ToggleTransfers, "transfer queue", false),
    b(Global, &[k('N')], Notifications, "notifications", false),
    b(Tree, &[k('U')], Upload, "upload files here", true),
    b(
        Tree,
        &[k('O')],
        GiveLightbox,
        "give the lightbox away",
        false,
    ),
    b(
        Grid,
        &[k('U')],
        Upload,
        "upload into the folder shown",
        false,
    ),
    // The transfer queue.
    b(
        Transfers,
        &[k('x')],
        CancelTransfer,
        "cancel transfer",
        true,
    ),
    b(Transfers, &[k('R')], Retry, "retry", true),
    b(Transfers, &[k('p')], PauseTransfer, "pause / resume", true),
    b(
        Transfers,
        &[code(KeyCode::Esc)],
        Back,
        "back to the grid",
        false,
    ),
    // The job monitor.
    b(Jobs, &[code(KeyCode::Enter)], Open, "job details", true),
    b(Jobs, &[k('x')], CancelJob, "cancel job", true),
    b(Jobs, &[k('u')], UndoJob, "undo job", true),
    b(
        Jobs,
        &[k('o')],
        OpenInGrid,
        "show job's assets in grid",
        false,
    ),
    b(Jobs, &[k('n'), k(']')], NextPage, "next page", false),
    b(Jobs, &[k('p'), k('[')], PrevPage, "previous page", false),
    b(Jobs, &[k('r')], Refresh, "reload jobs", false),
    b(Jobs, &[code(KeyCode::Esc)], Back, "back", false),
    // The bulk-edit dialog.
    b(
        BulkDialog,
        &[code(KeyCode::Up), k('k')],
        Up,
        "previous",
        false,
    ),
    b(
        BulkDialog,
        &[code(KeyCode::Down), k('j')],
        Down,
        "next",
        false,
    ),
    b(
        BulkDialog,
        &[code(KeyCode::Home), k('g')],
        Home,
        "first row",
        false,
    ),
    b(
        BulkDialog,
        &[code(KeyCode::End), k('G')],
        End,
        "last row",
        false,
    ),
    b(
        BulkDialog,
        &[code(KeyCode::Left), k('h')],
        Left,
        "change ←",
        false,
    ),
    b(
        BulkDialog,
        &[code(KeyCode::Right), k('l')],
        Right,
        "change",
        true,
    ),
    b(
        BulkDialog,
        &[code(KeyCode::Enter)],
        Open,
        "edit / pick",
        true,
    ),
    b(BulkDialog, &[k(' ')], Toggle, "toggle", false),
    b(
        BulkDialog,
        &[code(KeyCode::Delete), code(KeyCode::Backspace), k('x')],
        ClearField,
        "clear",
        true,
    ),
    b(
        BulkDialog,
        &[k('s'), ctrl('s')],
        Review,
        "review & submit",
        true,
    ),
    b(
        BulkDialog,
        &[code(KeyCode::Esc), k('q')],
        Back,
        "close",
        true,
    ),
    b(
        BulkDialog,
        &[k('?'), code(KeyCode::F(1))],
        Help,
        "help",
        false,
    ),
    // The summary screen.
    b(
        BulkSummary,
        &[code(KeyCode::Enter), k('y')],
        Submit,
        "submit job",
        true,
    ),
    b(
        BulkSummary,
        &[code(KeyCode::Esc), k('q')],
        Back,
        "back to the dialog",
        true,
    ),
    b(
        BulkSummary,
        &[code(KeyCode::Up), k('k')],
        Up,
        "scroll up",
        false,
    ),
    b(
        BulkSummary,
        &[code(KeyCode::Down), k('j')],
        Down,
        "scroll down",
        false,
    ),
    // Pickers.
    b(Picker, &[code(KeyCode::Up), k('k')], Up, "up", false),
    b(Picker, &[code(KeyCode::Down), k('j')], Down, "down", false),
    b(Picker, &[code(KeyCode::Home), k('g')], Home, "first", false),
    b(Picker, &[code(KeyCode::End), k('G')], End, "last", false),
    b(
        Picker,
        &[code(KeyCode::Right), k('l')],
        Right,
        "load children",
        true,
    ),
    b(Picker, &[k(' ')], Toggle, "toggle", true),
    b(Picker, &[code(KeyCode::Enter)], Open, "choose", true),
    b(Picker, &[code(KeyCode::Esc), k('q')], Back, "cancel", true),
];

/// Labels a pressed key the way the help screen shows it.
pub(crate) fn key_label(key: &Key) -> String {
    let base = match key.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "S-Tab".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::F(n) => format!("F{n}"),
        KeyCode::Delete => "Del".into(),
        KeyCode::Backspace => "BS".into(),
        other => format!("{other:?}"),
    };
    if key.mods.contains(KeyModifiers::CONTROL) {
        format!("C-{base}")
    } else {
        base
    }
}

pub(crate) fn keys_label(keys: &[Key]) -> String {
    keys.iter().map(key_label).collect::<Vec<_>>().join("/")
}

fn matches(key: &Key, ev: &KeyEvent) -> bool {
    // Terminals disagree about reporting Shift with capital letters; ignore it for chars.
    let mods = match ev.code {
        KeyCode::Char(_) => ev.modifiers - KeyModifiers::SHIFT,
        KeyCode::BackTab => ev.modifiers - KeyModifiers::SHIFT,
        _ => ev.modifiers,
    };
    key.code == ev.code && key.mods == mods
}

/// Actions that change data on the server: `--read-only` hides them.
/// Move a list cursor for Up/Down/Home/End, and PageUp/PageDown by `page` rows when
/// given. False (cursor untouched) for any other action.
pub(crate) fn move_in_list(
    action: Action,
    cursor: &mut usize,
    len: usize,
    page: Option<usize>,
) -> bool {
    let last = len.saturating_sub(1);
    *cursor = match (action, page) {
        (Up, _) => cursor.saturating_sub(1),
        (Down, _) => (*cursor + 1).min(last),
        (PageUp, Some(p)) => cursor.saturating_sub(p),
        (PageDown, Some(p)) => (*cursor + p).min(last),
        (Home, _) => 0,
        (End, _) => last,
        _ => return false,
    };
    true
}

pub fn writes(action: Action) -> bool {
    matches!(
        action,
        Rate(_)
            | Edit
            | Save
            | BulkEdit
            | Submit
            | CancelJob
            | UndoJob
            | Rename
            | Delete
            | NewGroup
            | MoveGroup
            | NewLink
            | NewComment
            | MakeCurrent
            | EditComment
            | CyclePermission
            | CycleExpiry
            | ToggleEnabled
            | ToggleWatermark
            | DownloadZip
            | Upload
            | RestoreFromTrash
            | GiveLightbox
            | Reject
            | SetField(_)
            | Undo
    )
}

/// One entry of the runtime keymap: the const table plus the user's `keymap.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct RtBinding {
    pub layer: Layer,
    pub keys: Vec<Key>,
    pub action: Action,
    pub desc: &'static str,
    pub hint: bool,
}

/// The keymap in force (the app holds it). Dispatch, hints and help all read it.
#[derive(Debug, Clone, PartialEq)]
pub struct Keymap {
    pub bindings: Vec<RtBinding>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap {
            bindings: BINDINGS
                .iter()
                .map(|b| RtBinding {
                    layer: b.layer,
                    keys: b.keys.to_vec(),
                    action: b.action,
                    desc: b.desc,
                    hint: b.hint,
                })
                .collect(),
        }
    }
}

impl Keymap {
    pub(crate) fn lookup(&self, layer: Layer, ev: &KeyEvent) -> Option<Action> {
        let find = |l: Layer| {
            self.bindings
                .iter()
                .filter(|b| b.layer == l)
                .find(|b| b.keys.iter().any(|k| matches(k, ev)))
                .map(|b| b.action)
        };
        if layer.is_modal() {
            return find(layer);
        }
        find(layer).or_else(|| find(Layer::Global))
    }

    /// The action bound to `ev` in `layer` only (no `Global` fallback).
    pub(crate) fn lookup_only(&self, layer: Layer, ev: &KeyEvent) -> Option<Action> {
        self.bindings
            .iter()
            .filter(|b| b.layer == layer)
            .find(|b| b.keys.iter().any(|k| matches(k, ev)))
            .map(|b| b.action)
    }

    /// The hint-bar entries of one layer only (dialogs).
    pub(crate) fn layer_hints(&self, layer: Layer) -> Vec<(String, &'static str)> {
        self.bindings
            .iter()
            .filter(|b| b.hint && b.layer == layer && !b.keys.is_empty())
            .map(|b| (keys_label(&b.keys), b.desc))
            .collect()
    }

    /// Hint-bar entries; with `read_only` the actions that write are left out.
    pub fn hints(&self, layer: Layer, read_only: bool) -> Vec<(String, &'static str)> {
        let pick = |l: Layer| {
            self.bindings
                .iter()
                .filter(move |b| b.hint && b.layer == l && !b.keys.is_empty())
                .filter(move |b| !(read_only && writes(b.action)))
                .map(|b| (keys_label(&b.keys), b.desc))
        };
        // The editor and dialogs take text: the global keys do not apply there.
        if matches!(layer, Layer::Editor | Layer::Dialog) || layer.is_modal() {
            return pick(layer).collect();
        }
        // The focused pane's own keys first: on a narrow terminal the global ones are
        // what falls off the end.
        pick(layer).chain(pick(Layer::Global)).collect()
    }

    /// Bind `key` to `action` in `layer` (None unbinds it), taking the key away from
    /// whatever it did there before.
    pub fn bind(&mut self, layer: Layer, key: Key, action: Option<Action>) {
        for b in self.bindings.iter_mut().filter(|b| b.layer == layer) {
            b.keys.retain(|k| *k != key);
        }
        let Some(action) = action else {
            return;
        };
        if let Some(b) = self
            .bindings
            .iter_mut()
            .find(|b| b.layer == layer && b.action == action)
        {
            b.keys.push(key);
            return;
        }
        let desc = BINDINGS
            .iter()
            .find(|b| b.action == action)
            .map_or("", |b| b.desc);
        self.bindings.push(RtBinding {
            layer,
            keys: vec![key],
            action,
            desc,
            hint: false,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn pane_layer_wins_over_global() {
        let enter = ev(KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(
            Keymap::default().lookup(Layer::Grid, &enter),
            Some(Action::Open)
        );
        let space = ev(KeyCode::Char(' '), KeyModifiers::NONE);
        assert_eq!(
            Keymap::default().lookup(Layer::Grid, &space),
            Some(Action::ToggleMark)
        );
        assert_eq!(Keymap::default().lookup(Layer::Tree, &space), None);
        let cap = ev(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(
            Keymap::default().lookup(Layer::Tree, &cap),
            Some(Action::End)
        );
        assert_eq!(
            Keymap::default().lookup(Layer::Grid, &ev(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
    }

    #[test]
    fn no_key_is_bound_twice_in_one_layer() {
        for (i, a) in BINDINGS.iter().enumerate() {
            for bnd in &BINDINGS[i + 1..] {
                if a.layer == bnd.layer {
                    for key in a.keys {
                        assert!(!bnd.keys.contains(key), "{key:?} twice in {:?}", a.layer);
                    }
                }
            }
        }
    }

    #[test]
    fn hints_come_from_the_table() {
        let h = Keymap::default().hints(Layer::Grid, false);
        assert!(h.iter().any(|(k, d)| k == "Space" && *d == "mark"));
        assert!(h.iter().any(|(k, _)| k == "q/C-c"));
    }
}
