//! Waits that double after each try that did not succeed, up to a ceiling: how often
//! mgtui asks again a server that failed or has nothing new yet.

use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Backoff {
    first: Duration,
    ceiling: Duration,
    next: Duration,
}

impl Backoff {
    pub(crate) const fn new(first: Duration, ceiling: Duration) -> Backoff {
        Backoff {
            first,
            ceiling,
            next: first,
        }
    }

    /// The wait before the next try; the one after it is twice as long (at most the
    /// ceiling).
    pub(crate) fn step(&mut self) -> Duration {
        let wait = self.next;
        self.next = wait.saturating_mul(2).min(self.ceiling);
        wait
    }

    /// Success: the next wait is the first one again.
    pub(crate) fn reset(&mut self) {
        self.next = self.first;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_up_to_the_ceiling_and_reset_to_the_first() {
        let s = Duration::from_secs;
        let mut b = Backoff::new(s(2), s(10));
        let waits: Vec<_> = (0..5).map(|_| b.step()).collect();
        assert_eq!(waits, [s(2), s(4), s(8), s(10), s(10)]);
        b.reset();
        assert_eq!(b.step(), s(2));
    }
}
