//! Points in time as trusted lists and users write them: XML Schema `dateTime`
//! (RFC 3339 with an optional offset and fraction), or a bare `YYYY-MM-DD` for midnight
//! UTC.

use std::time::{Duration, SystemTime};

use der::DateTime;

use super::TrustError;

/// Parses `2019-09-05`, `2019-09-05T10:00:00Z`, `2019-09-05T12:00:00.5+02:00`; a
/// `dateTime` without an offset is taken as UTC.
pub fn parse_time(text: &str) -> Result<SystemTime, TrustError> {
    let bad = || TrustError::BadTime {
        text: text.to_owned(),
    };
    let text = text.trim();
    let (date, rest) = text.split_at(text.find('T').unwrap_or(text.len()));
    let ymd: Vec<&str> = date.split('-').collect();
    let [year, month, day] = ymd[..] else {
        return Err(bad());
    };
    let number = |s: &str, len: usize| -> Result<u32, TrustError> {
        if s.len() != len || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        s.parse().map_err(|_| bad())
    };
    let (year, month, day) = (number(year, 4)?, number(month, 2)?, number(day, 2)?);
    let (mut hour, mut minute, mut second, mut offset) = (0, 0, 0, 0i64);
    if let Some(clock) = rest.strip_prefix('T') {
        let split = clock.find(['Z', 'z', '+', '-']).unwrap_or(clock.len());
        let (clock, zone) = clock.split_at(split);
        let clock = clock.split('.').next().unwrap_or_default();
        let hms: Vec<&str> = clock.split(':').collect();
        let [h, m, s] = hms[..] else {
            return Err(bad());
        };
        (hour, minute, second) = (number(h, 2)?, number(m, 2)?, number(s, 2)?);
        offset = match zone {
            "" | "Z" | "z" => 0,
            _ => {
                let sign = if zone.starts_with('-') { -1 } else { 1 };
                let (h, m) = zone[1..].split_once(':').ok_or_else(bad)?;
                sign * i64::from(number(h, 2)? * 3600 + number(m, 2)? * 60)
            }
        };
    } else if !rest.is_empty() {
        return Err(bad());
    }
    let year = u16::try_from(year).map_err(|_| bad())?;
    let local = DateTime::new(
        year,
        month as u8,
        day as u8,
        hour as u8,
        minute as u8,
        second as u8,
    )
    .map_err(|_| bad())?;
    let seconds = local.unix_duration().as_secs() as i64 - offset;
    let seconds = u64::try_from(seconds).map_err(|_| bad())?;
    Ok(SystemTime::UNIX_EPOCH + Duration::from_secs(seconds))
}

/// RFC 3339 in UTC, to the second.
pub fn format_time(time: SystemTime) -> String {
    DateTime::from_system_time(time)
        .map(crate::x509::rfc3339)
        .unwrap_or_else(|_| "(out of range)".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_date_times_parse_to_the_same_instant() {
        let midnight = parse_time("2019-09-05").unwrap();
        assert_eq!(parse_time("2019-09-05T00:00:00Z").unwrap(), midnight);
        assert_eq!(
            parse_time("2019-09-05T02:00:00.508+02:00").unwrap(),
            midnight
        );
        assert_eq!(parse_time("2019-09-04T23:30:00-00:30").unwrap(), midnight);
        assert_eq!(format_time(midnight), "2019-09-05T00:00:00Z");
    }

    #[test]
    fn impossible_dates_partial_times_and_words_are_refused() {
        for bad in [
            "",
            "yesterday",
            "2019-13-01",
            "2019-02-30",
            "19-09-05",
            "2019-09-05T25:00:00Z",
            "2019-09-05T10:00Z",
            "2019-09-05 10:00:00",
        ] {
            assert!(parse_time(bad).is_err(), "{bad}");
        }
    }
}
