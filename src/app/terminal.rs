//! Terminal set-up and restore. Restore runs on normal exit, on panic (before the panic
//! message is printed) and on SIGTERM/SIGHUP, and is safe to call more than once.

use std::io::{self, Stdout, Write};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use crossterm::event::{
    DisableBracketedPaste, DisableFocusChange, DisableMouseCapture, EnableBracketedPaste,
    EnableFocusChange, EnableMouseCapture,
};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

pub type Tui = Terminal<CrosstermBackend<CountedStdout>>;

/// Bytes written through [`CountedStdout`] (frames are timed against it).
static WRITTEN: AtomicU64 = AtomicU64::new(0);

pub(crate) fn bytes_written() -> u64 {
    WRITTEN.load(Ordering::Relaxed)
}

/// Standard output, counting the bytes written through it.
pub struct CountedStdout {
    out: Stdout,
}

impl Write for CountedStdout {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.out.write(buf)?;
        WRITTEN.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Raw mode, the alternate screen, bracketed paste and (unless `mouse` is false, from
/// `mouse = false` in config.toml) mouse capture.
pub(crate) fn enter_with(mouse: bool) -> io::Result<Tui> {
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    let mut out = io::stdout();
    let mut result = execute!(
        out,
        EnterAlternateScreen,
        EnableBracketedPaste,
        EnableFocusChange,
        cursor::Hide
    );
    if mouse && result.is_ok() {
        result = execute!(out, EnableMouseCapture);
    }
    if let Err(e) = result {
        restore();
        return Err(e);
    }
    Terminal::new(CrosstermBackend::new(CountedStdout { out: io::stdout() }))
}

/// Put the terminal back as it was: leave the alternate screen, disable mouse capture,
/// bracketed paste and focus reports, show the cursor, leave raw mode.
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut out = io::stdout();
    let _ = execute!(
        out,
        DisableFocusChange,
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = out.flush();
    let _ = disable_raw_mode();
}

/// Restore the terminal before the default hook prints the panic message; the details
/// also go to the log file.
pub(crate) fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        tracing::error!("panic: {info}");
        previous(info);
        eprintln!(
            "mgtui crashed; details are in {}",
            crate::paths::state_dir().join("mgtui.log").display()
        );
    }));
}
