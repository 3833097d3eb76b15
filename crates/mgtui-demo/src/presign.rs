//! S3-style presigned upload URLs: `{base}/s3-uploads/{asset_guid}/{filename}?X-Amz-…`.
//!
//! The signature is an HMAC-SHA256 with the server secret over the method, the decoded
//! path parts, `X-Amz-Date` and `X-Amz-Expires`, so a URL is checked the same way however
//! a client re-encodes its path.

use sha2::{Digest, Sha256};

use super::payload::Ctx;
use super::renditions::SignError;
use super::timeutil::{self, rfc3339};

/// Prefix of the storage route (outside /api, no API credentials).
pub const PREFIX: &str = "/s3-uploads/";

/// Validity of an upload URL unless the `upload_url_ttl_secs` knob says otherwise.
pub const DEFAULT_TTL_SECS: u64 = 3600;

/// A key id that looks like AWS's; it is not the session's `aws_key`.
const CREDENTIAL_KEY: &str = "AKIADEMOUPLOADS00000";

fn hmac_sha256(key: &[u8], msg: &[u8]) -> [u8; 32] {
    const BLOCK: usize = 64;
    let mut k = [0u8; BLOCK];
    if key.len() > BLOCK {
        k[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| k.map(|b| b ^ byte);
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(msg)
        .finalize();
    Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize()
        .into()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn signature(secret: u64, guid: &str, filename: &str, amz_date: &str, ttl: u64) -> String {
    let mut key = b"demo-s3-".to_vec();
    key.extend_from_slice(&secret.to_le_bytes());
    let msg = format!("PUT\n{PREFIX}{guid}/{filename}\n{amz_date}\n{ttl}");
    hex(&hmac_sha256(&key, msg.as_bytes()))
}

/// `20260129T153955Z`
fn amz_date(ms: i64) -> String {
    let iso = rfc3339(ms);
    let (date, time) = iso.split_once('T').unwrap_or((&iso, ""));
    let time = time.split('.').next().unwrap_or("");
    format!("{}T{}Z", date.replace('-', ""), time.replace(':', ""))
}

/// Epoch seconds of an `X-Amz-Date`.
fn parse_amz_date(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let iso = format!(
        "{}-{}-{}T{}:{}:{}Z",
        s.get(0..4)?,
        s.get(4..6)?,
        s.get(6..8)?,
        s.get(9..11)?,
        s.get(11..13)?,
        s.get(13..15)?
    );
    timeutil::parse(&iso).map(|(ms, _)| ms.div_euclid(1000))
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
pub fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// An absolute URL to PUT the bytes of `guid` to, valid for `ttl` seconds from `now_ms`.
pub fn upload_url(ctx: &Ctx, guid: &str, filename: &str, ttl: u64, now_ms: i64) -> String {
    let date = amz_date(now_ms);
    let sig = signature(ctx.secret, guid, filename, &date, ttl);
    let day = &date[..8];
    format!(
        "{}{PREFIX}{guid}/{}?X-Amz-Algorithm=AWS4-HMAC-SHA256\
         &X-Amz-Credential={CREDENTIAL_KEY}%2F{day}%2Fus-east-1%2Fs3%2Faws4_request\
         &X-Amz-Date={date}&X-Amz-Expires={ttl}&X-Amz-SignedHeaders=host&X-Amz-Signature={sig}",
        ctx.base_url,
        encode_segment(filename),
    )
}

/// Checks the query of a PUT to `/s3-uploads/{guid}/{filename}` (path parts decoded).
pub fn verify(
    secret: u64,
    guid: &str,
    filename: &str,
    query: &str,
    now_ms: i64,
) -> Result<(), SignError> {
    let (mut date, mut ttl, mut sig) = (None, None, None);
    for (k, v) in url::form_urlencoded::parse(query.as_bytes()) {
        match k.as_ref() {
            "X-Amz-Date" => date = Some(v.into_owned()),
            "X-Amz-Expires" => ttl = v.parse::<u64>().ok(),
            "X-Amz-Signature" => sig = Some(v.into_owned()),
            _ => {}
        }
    }
    let (Some(date), Some(ttl), Some(sig)) = (date, ttl, sig) else {
        return Err(SignError::Missing);
    };
    if signature(secret, guid, filename, &date, ttl) != sig {
        return Err(SignError::BadSignature);
    }
    let signed_at = parse_amz_date(&date).ok_or(SignError::BadSignature)?;
    let expires_ms = signed_at
        .saturating_add(ttl.min(i64::MAX as u64 / 2000) as i64)
        .saturating_mul(1000);
    if now_ms > expires_ms {
        return Err(SignError::Expired);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231() {
        // RFC 4231 test case 2
        let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
        assert_eq!(
            hex(&mac),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn urls_round_trip_and_expire() {
        let ctx = Ctx {
            base_url: "http://127.0.0.1:9".into(),
            secret: 42,
        };
        let now = 1_769_700_000_123;
        let url = upload_url(&ctx, "g-1", "a b/ü.jpg", 60, now);
        let (path, query) = url.split_once('?').unwrap();
        assert!(
            path.ends_with("/s3-uploads/g-1/a%20b%2F%C3%BC.jpg"),
            "{path}"
        );
        assert!(query.contains("X-Amz-Expires=60&X-Amz-SignedHeaders=host"));
        assert_eq!(verify(42, "g-1", "a b/ü.jpg", query, now), Ok(()));
        assert_eq!(verify(42, "g-1", "a b/ü.jpg", query, now + 59_000), Ok(()));
        assert_eq!(
            verify(42, "g-1", "a b/ü.jpg", query, now + 61_000),
            Err(SignError::Expired)
        );
        assert_eq!(
            verify(43, "g-1", "a b/ü.jpg", query, now),
            Err(SignError::BadSignature)
        );
        assert_eq!(
            verify(42, "g-2", "a b/ü.jpg", query, now),
            Err(SignError::BadSignature)
        );
        let longer = query.replace("X-Amz-Expires=60", "X-Amz-Expires=6000");
        assert_eq!(
            verify(42, "g-1", "a b/ü.jpg", &longer, now + 61_000),
            Err(SignError::BadSignature)
        );
        assert_eq!(
            verify(42, "g-1", "x", "X-Amz-Date=1", now),
            Err(SignError::Missing)
        );
        assert_eq!(amz_date(now).len(), 16);
        assert_eq!(parse_amz_date(&amz_date(now)), Some(now / 1000));
        assert_eq!(parse_amz_date("2026-01-29T15:4"), None);
    }
}
