//! Civil (proleptic Gregorian) dates from Unix time, without a time-zone database.
//!
//! The browser supplies the UTC offset of each instant (see [`UtcOffset`]); the arithmetic
//! here turns instant + offset into a local calendar date. It uses Howard Hinnant's
//! `days_from_civil` / `civil_from_days` algorithms, exact for every `i64` day we meet.

use crate::Timestamp;
use serde::{Deserialize, Serialize};

const SECONDS_PER_DAY: i64 = 86_400;

/// Gives the local time zone's offset from UTC at a given instant (DST-aware).
pub trait UtcOffset {
    /// Seconds to add to UTC to get local time at instant `at` (e.g. +3600 for Paris in winter).
    fn offset_seconds_at(&self, at: Timestamp) -> i32;
}

/// A time zone that never changes its offset (UTC, or a test zone).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixedOffset(pub i32);

impl UtcOffset for FixedOffset {
    fn offset_seconds_at(&self, _at: Timestamp) -> i32 {
        self.0
    }
}

/// A day of the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl Weekday {
    /// Monday = 0 … Sunday = 6 (ISO order).
    pub fn index_from_monday(self) -> usize {
        self as usize
    }
}

/// A calendar date in the local time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct LocalDate {
    pub year: i32,
    /// 1 = January … 12 = December.
    pub month: u8,
    /// 1 … 31.
    pub day: u8,
}

impl LocalDate {
    /// The local date of instant `at` in `zone`.
    pub fn of(at: Timestamp, zone: &impl UtcOffset) -> LocalDate {
        let local_seconds = at.0 + i64::from(zone.offset_seconds_at(at));
        LocalDate::from_day_number(local_seconds.div_euclid(SECONDS_PER_DAY))
    }

    /// Days since 1970-01-01 (negative before).
    pub fn day_number(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let year_of_era = y - era * 400;
        let m = i64::from(self.month);
        let day_of_year =
            (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    /// The date `days` days after 1970-01-01.
    pub fn from_day_number(days: i64) -> LocalDate {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z - era * 146_097;
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let mp = (5 * day_of_year + 2) / 153;
        let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (year_of_era + era * 400 + i64::from(month <= 2)) as i32;
        LocalDate { year, month, day }
    }

    /// The day of the week of this date.
    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday (index 3 from Monday).
        const FROM_MONDAY: [Weekday; 7] = [
            Weekday::Monday,
            Weekday::Tuesday,
            Weekday::Wednesday,
            Weekday::Thursday,
            Weekday::Friday,
            Weekday::Saturday,
            Weekday::Sunday,
        ];
        FROM_MONDAY[(self.day_number() + 3).rem_euclid(7) as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Datelike, NaiveDate};

    #[test]
    fn agrees_with_chrono_over_four_centuries() {
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        for days in (-150_000..150_000).step_by(7) {
            let ours = LocalDate::from_day_number(days);
            let theirs = epoch + chrono::Days::new(0) + chrono::TimeDelta::days(days);
            assert_eq!(
                (ours.year, u32::from(ours.month), u32::from(ours.day)),
                (theirs.year(), theirs.month(), theirs.day()),
                "day {days}"
            );
            assert_eq!(ours.day_number(), days);
            assert_eq!(
                ours.weekday().index_from_monday() as u32,
                theirs.weekday().num_days_from_monday()
            );
        }
    }

    #[test]
    fn local_date_uses_the_offset() {
        // 2026-11-26T23:30:00Z is already the 27th in Paris (+1h) but still the 26th in New York.
        let at = Timestamp(1_795_735_800);
        assert_eq!(
            LocalDate::of(at, &FixedOffset(0)),
            LocalDate {
                year: 2026,
                month: 11,
                day: 26
            }
        );
        assert_eq!(
            LocalDate::of(at, &FixedOffset(3600)),
            LocalDate {
                year: 2026,
                month: 11,
                day: 27
            }
        );
        assert_eq!(
            LocalDate::of(at, &FixedOffset(-5 * 3600)),
            LocalDate {
                year: 2026,
                month: 11,
                day: 26
            }
        );
    }
}
