//! Epoch-millisecond timestamps <-> RFC 3339 text (UTC): a lenient grammar of our own
//! on top of the `time` crate's calendar.

use std::time::{SystemTime, UNIX_EPOCH};

use time::{Date, Month};

pub const DAY_MS: i64 = 86_400_000;

/// Milliseconds since the Unix epoch, now.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// The Julian day number of 1970-01-01.
const EPOCH_JULIAN_DAY: i64 = 2_440_588;

fn month(m: u32) -> Option<Month> {
    Month::try_from(u8::try_from(m).ok()?).ok()
}

/// Days since 1970-01-01 for a Gregorian date; dates `time` cannot represent (beyond
/// ±9999) clamp to its range.
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let year = y.clamp(Date::MIN.year() as i64, Date::MAX.year() as i64) as i32;
    let month = month(m.clamp(1, 12)).unwrap_or(Month::January);
    let day = d.clamp(1, days_in_month(year as i64, m.clamp(1, 12))) as u8;
    let date = Date::from_calendar_date(year, month, day).unwrap_or(Date::MIN);
    date.to_julian_day() as i64 - EPOCH_JULIAN_DAY
}

/// (year, month, day) for days since 1970-01-01 (clamped to ±9999 years).
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let jd = (z + EPOCH_JULIAN_DAY).clamp(
        Date::MIN.to_julian_day() as i64,
        Date::MAX.to_julian_day() as i64,
    ) as i32;
    let (y, m, d) = Date::from_julian_day(jd)
        .unwrap_or(Date::MIN)
        .to_calendar_date();
    (y as i64, m as u32, d as u32)
}

/// Epoch ms of midnight UTC on 1 January of `year`.
pub fn year_start_ms(year: i64) -> i64 {
    days_from_civil(year, 1, 1) * DAY_MS
}

/// The UTC calendar year of an epoch-ms timestamp.
pub fn year_of(ms: i64) -> i64 {
    civil_from_days(ms.div_euclid(DAY_MS)).0
}

/// `2026-01-29T15:40:17.028Z`
pub fn rfc3339(ms: i64) -> String {
    let days = ms.div_euclid(DAY_MS);
    let rem = ms.rem_euclid(DAY_MS);
    let (y, m, d) = civil_from_days(days);
    let (h, mi, s, milli) = (
        rem / 3_600_000,
        (rem / 60_000) % 60,
        (rem / 1000) % 60,
        rem % 1000,
    );
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{milli:03}Z")
}

/// `2026-01-29`
pub fn date_only(ms: i64) -> String {
    let (y, m, d) = civil_from_days(ms.div_euclid(DAY_MS));
    format!("{y:04}-{m:02}-{d:02}")
}

/// Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS[.fff]][Z|±HH:MM]` (a space instead of `T` too)
/// into epoch ms. Also accepts a bare integer as epoch ms. Returns `None` for anything else.
/// The second value tells whether only a date was given.
pub fn parse(text: &str) -> Option<(i64, bool)> {
    let t = text.trim();
    if !t.is_empty() && t.len() > 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        return t.parse().ok().map(|v| (v, false));
    }
    let b = t.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |s: &str| -> Option<i64> {
        if s.is_empty() || !s.bytes().all(|c| c.is_ascii_digit()) {
            None
        } else {
            s.parse().ok()
        }
    };
    let y = num(t.get(0..4)?)?;
    let m = num(t.get(5..7)?)? as u32;
    let d = num(t.get(8..10)?)? as u32;
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    let day_ms = days_from_civil(y, m, d) * DAY_MS;
    let rest = &t[10..];
    if rest.is_empty() {
        return Some((day_ms, true));
    }
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    // time part up to the zone designator
    let zone_at = rest.find(['Z', 'z', '+', '-']).unwrap_or(rest.len());
    let (time, zone) = rest.split_at(zone_at);
    let mut parts = time.splitn(3, ':');
    let h = num(parts.next()?)?;
    let mi = num(parts.next()?)?;
    let (s, frac_ms) = match parts.next() {
        None => (0, 0),
        Some(sec) => {
            let (whole, frac) = sec.split_once('.').unwrap_or((sec, ""));
            let frac_ms = if frac.is_empty() {
                0
            } else {
                let digits: String = frac.chars().chain("000".chars()).take(3).collect();
                num(&digits)?
            };
            (num(whole)?, frac_ms)
        }
    };
    if h > 23 || mi > 59 || s > 60 {
        return None;
    }
    let offset_ms = match zone {
        "" | "Z" | "z" => 0,
        z => {
            let sign = if z.starts_with('-') { -1 } else { 1 };
            let z = &z[1..];
            let (zh, zm) = z.split_once(':').unwrap_or((z.get(0..2)?, z.get(2..)?));
            sign * (num(zh)? * 3_600_000 + num(zm)? * 60_000)
        }
    };
    Some((
        day_ms + h * 3_600_000 + mi * 60_000 + s * 1000 + frac_ms - offset_ms,
        false,
    ))
}

/// Days in month `m` (1–12) of year `y`, proleptic Gregorian.
pub fn days_in_month(y: i64, m: u32) -> u32 {
    match (i32::try_from(y), month(m)) {
        (Ok(year), Some(month)) => time::util::days_in_month(month, year) as u32,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let ms = 1_769_701_217_028;
        assert_eq!(rfc3339(ms), "2026-01-29T15:40:17.028Z");
        assert_eq!(parse("2026-01-29T15:40:17.028Z"), Some((ms, false)));
        assert_eq!(parse("2026-01-29T16:40:17.028+01:00"), Some((ms, false)));
        assert_eq!(
            parse("2026-01-29"),
            Some((days_from_civil(2026, 1, 29) * DAY_MS, true))
        );
        assert_eq!(parse("2026-02-30"), None);
        assert_eq!(parse("yesterday"), None);
        assert_eq!(year_of(ms), 2026);
        assert_eq!(date_only(ms), "2026-01-29");
    }
}
