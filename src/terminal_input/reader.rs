//! A thread that owns stdin for the life of the app: it reads with `poll(2)` (so it can
//! be stopped, and so a lone ESC can time out), parses, and hands [`Input`] to the event
//! loop through a channel. Started before the image probe so the probe's answers, early
//! or late, go through the same parser as everything else.

use std::collections::VecDeque;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use crossterm::event::Event;
use futures::Stream;
use tokio::sync::mpsc;

use super::Input;
use super::parse::{Parser, Token};

/// This many keys in one read, or a key this soon after the previous one, come from a
/// paste or a program, not from a person's fingers.
const BURST_KEYS: usize = 3;
const MIN_KEY_GAP: Duration = Duration::from_millis(5);

pub struct InputReader {
    rx: mpsc::UnboundedReceiver<Input>,
    /// Input the probe read while waiting for its answers, delivered first.
    held: VecDeque<Input>,
    wake: Option<OwnedFd>,
    thread: Option<std::thread::JoinHandle<()>>,
    winch: Option<tokio::signal::unix::Signal>,
}

impl InputReader {
    /// Read `fd` (stdin) from now on. Needs a tokio runtime (for SIGWINCH).
    pub fn start(fd: RawFd) -> std::io::Result<InputReader> {
        let (wake_read, wake_write) = pipe()?;
        let (tx, rx) = mpsc::unbounded_channel();
        let thread = std::thread::Builder::new()
            .name("mgtui-input".into())
            .spawn(move || read_loop(fd, wake_read, tx))?;
        let winch =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::window_change()).ok();
        Ok(InputReader {
            rx,
            held: VecDeque::new(),
            wake: Some(wake_write),
            thread: Some(thread),
            winch,
        })
    }

    /// The next input within `timeout`, or `None`.
    pub(crate) async fn next_within(&mut self, timeout: Duration) -> Option<Input> {
        if let Some(i) = self.held.pop_front() {
            return Some(i);
        }
        tokio::time::timeout(timeout, self.rx.recv())
            .await
            .ok()
            .flatten()
    }

    /// Give `input` back to be delivered before anything read later. Keys given back
    /// were typed before anything was on screen: they are marked suspect.
    pub fn hold(&mut self, input: Input) {
        let input = match input {
            Input::Event { event, suspect } => Input::Event {
                suspect: suspect || matches!(event, Event::Key(_)),
                event,
            },
            reply => reply,
        };
        self.held.push_back(input);
    }

    /// Stop reading stdin (before the terminal is handed back to the shell).
    pub(crate) fn stop(&mut self) {
        // Closing the write end wakes the thread's poll.
        self.wake.take();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for InputReader {
    fn drop(&mut self) {
        self.stop();
    }
}

impl Stream for InputReader {
    type Item = std::io::Result<Input>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if let Some(i) = self.held.pop_front() {
            return Poll::Ready(Some(Ok(i)));
        }
        if let Poll::Ready(i) = self.rx.poll_recv(cx) {
            return Poll::Ready(i.map(Ok));
        }
        if let Some(w) = self.winch.as_mut()
            && let Poll::Ready(Some(())) = w.poll_recv(cx)
        {
            if let Ok((cols, rows)) = crossterm::terminal::size() {
                return Poll::Ready(Some(Ok(Event::Resize(cols, rows).into())));
            }
            cx.waker().wake_by_ref();
        }
        Poll::Pending
    }
}

fn pipe() -> std::io::Result<(OwnedFd, OwnedFd)> {
    let mut fds = [0; 2];
    // SAFETY: `fds` has room for the two descriptors pipe(2) writes.
    if unsafe { libc::pipe(fds.as_mut_ptr()) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: pipe(2) succeeded, so both are fresh descriptors that we own.
    Ok(unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) })
}

/// Marks keys that came faster than a person types.
struct Pace {
    last_key: Option<Instant>,
}

impl Pace {
    fn inputs(&mut self, tokens: Vec<Token>, now: Instant) -> Vec<Input> {
        let keys = tokens
            .iter()
            .filter(|t| matches!(t, Token::Event(Event::Key(_))))
            .count();
        let burst = keys >= BURST_KEYS
            || self
                .last_key
                .is_some_and(|t| now.saturating_duration_since(t) < MIN_KEY_GAP);
        if keys > 0 {
            self.last_key = Some(now);
        }
        tokens
            .into_iter()
            .map(|t| match t {
                Token::Event(event) => {
                    let suspect = burst && matches!(event, Event::Key(_));
                    Input::Event { event, suspect }
                }
                Token::Reply(r) => Input::Reply(r),
            })
            .collect()
    }
}

fn read_loop(fd: RawFd, wake: OwnedFd, tx: mpsc::UnboundedSender<Input>) {
    let mut parser = Parser::new();
    let mut pace = Pace { last_key: None };
    let mut buf = [0u8; 8192];
    loop {
        let timeout_ms = parser
            .pending_timeout()
            .map_or(-1, |t| t.as_millis().clamp(1, 5_000) as i32);
        let mut fds = [
            libc::pollfd {
                fd,
                events: libc::POLLIN,
                revents: 0,
            },
            libc::pollfd {
                fd: wake.as_raw_fd(),
                events: libc::POLLIN,
                revents: 0,
            },
        ];
        // SAFETY: two valid pollfds for the duration of the call.
        let ready = unsafe { libc::poll(fds.as_mut_ptr(), 2, timeout_ms) };
        if ready < 0 {
            if std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            return;
        }
        if fds[1].revents != 0 {
            return;
        }
        let now = Instant::now();
        let mut tokens = Vec::new();
        if fds[0].revents & libc::POLLIN != 0 {
            // SAFETY: reading into a local buffer of its own length.
            let n = unsafe { libc::read(fd, buf.as_mut_ptr().cast(), buf.len()) };
            if n == 0 {
                return;
            }
            if n < 0 {
                let e = std::io::Error::last_os_error();
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::Interrupted | std::io::ErrorKind::WouldBlock
                ) {
                    continue;
                }
                return;
            }
            parser.feed(&buf[..n as usize], now, &mut tokens);
        } else if fds[0].revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
            return;
        } else if parser.timed_out(now) {
            parser.timeout(now, &mut tokens);
        }
        for input in pace.inputs(tokens, now) {
            if tx.send(input).is_err() {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use futures::StreamExt;
    use std::io::Write;

    fn key(c: char) -> Event {
        Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
    }

    #[tokio::test]
    async fn reads_a_pipe_drops_answers_and_flags_bursts() {
        let (r, w) = pipe().unwrap();
        let mut w = std::fs::File::from(w);
        let mut reader = InputReader::start(r.as_raw_fd()).unwrap();
        // One key at a time is a person's.
        w.write_all(b"j").unwrap();
        let first = reader.next().await.unwrap().unwrap();
        assert_eq!(
            first,
            Input::Event {
                event: key('j'),
                suspect: false
            }
        );
        w.write_all(b"\x1b_Gi=31;OK\x1b\\").unwrap();
        let second = reader.next().await.unwrap().unwrap();
        assert_eq!(
            second,
            Input::Reply(super::super::Reply::KittyGraphics {
                id: Some(31),
                ok: true
            })
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
        w.write_all(b"G31").unwrap();
        for c in ['G', '3', '1'] {
            let Input::Event { event, suspect } = reader.next().await.unwrap().unwrap() else {
                panic!("a key");
            };
            assert!(suspect, "three keys in one read are a burst");
            let Event::Key(k) = event else { panic!() };
            assert_eq!(k.code, KeyCode::Char(c));
        }
        // Keys kept while the probe waited were typed before the first frame.
        reader.hold(Input::Event {
            event: key('k'),
            suspect: false,
        });
        let Some(Input::Event { suspect, .. }) = reader.next_within(Duration::ZERO).await else {
            panic!("the held key comes first");
        };
        assert!(suspect);
        reader.stop();
        drop(w);
        drop(r);
    }
}
