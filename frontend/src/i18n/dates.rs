//! Day names, month names, day headers and full dates in the user's language.

use super::Locale;
use facteur_model::Timestamp;
use facteur_model::calendar::{LocalDate, UtcOffset, Weekday};
use facteur_model::day_groups::DayLabel;

/// The weekday's name as it stands in a sentence ("lundi", "Monday").
pub fn weekday_name(locale: Locale, weekday: Weekday) -> &'static str {
    let (fr, en) = match weekday {
        Weekday::Monday => ("lundi", "Monday"),
        Weekday::Tuesday => ("mardi", "Tuesday"),
        Weekday::Wednesday => ("mercredi", "Wednesday"),
        Weekday::Thursday => ("jeudi", "Thursday"),
        Weekday::Friday => ("vendredi", "Friday"),
        Weekday::Saturday => ("samedi", "Saturday"),
        Weekday::Sunday => ("dimanche", "Sunday"),
    };
    locale.pick(fr, en)
}

/// The month's name (1 = January) as it stands in a sentence ("novembre", "November").
pub fn month_name(locale: Locale, month: u8) -> &'static str {
    const FR: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let index = usize::from(month.clamp(1, 12)) - 1;
    locale.pick(FR[index], EN[index])
}

/// A date in full: "jeudi 19 novembre 2026", "Thursday, 19 November 2026".
pub fn full_date(locale: Locale, date: LocalDate) -> String {
    let weekday = weekday_name(locale, date.weekday());
    let month = month_name(locale, date.month);
    match locale {
        // French writes the first of the month as an ordinal: "1er".
        Locale::Fr if date.day == 1 => format!("{weekday} 1er {month} {}", date.year),
        Locale::Fr => format!("{weekday} {} {month} {}", date.day, date.year),
        Locale::En => format!("{weekday}, {} {month} {}", date.day, date.year),
    }
}

/// The header of a group of messages in the list.
pub fn day_label(locale: Locale, label: DayLabel) -> String {
    match label {
        DayLabel::Today => locale.pick("Aujourd'hui", "Today").to_owned(),
        DayLabel::Yesterday => locale.pick("Hier", "Yesterday").to_owned(),
        DayLabel::Weekday(weekday) => weekday_name(locale, weekday).to_owned(),
        DayLabel::Date(date) => full_date(locale, date),
    }
}

/// The local time of day on a 24-hour clock, "09:05" (both languages use it).
pub fn time_of_day(at: Timestamp, zone: &impl UtcOffset) -> String {
    let local = at.0 + i64::from(zone.offset_seconds_at(at));
    let seconds_today = local.rem_euclid(86_400);
    format!(
        "{:02}:{:02}",
        seconds_today / 3600,
        seconds_today % 3600 / 60
    )
}

/// A moment in full: "jeudi 19 novembre 2026 à 14:05", "Thursday, 19 November 2026 at 14:05".
pub fn full_date_time(locale: Locale, at: Timestamp, zone: &impl UtcOffset) -> String {
    let date = full_date(locale, LocalDate::of(at, zone));
    let time = time_of_day(at, zone);
    match locale {
        Locale::Fr => format!("{date} à {time}"),
        Locale::En => format!("{date} at {time}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use facteur_model::calendar::FixedOffset;

    fn date(year: i32, month: u8, day: u8) -> LocalDate {
        LocalDate { year, month, day }
    }

    #[test]
    fn full_dates_read_naturally_in_both_languages() {
        let cases = [
            (
                date(2026, 11, 19),
                "jeudi 19 novembre 2026",
                "Thursday, 19 November 2026",
            ),
            (
                date(2026, 11, 1),
                "dimanche 1er novembre 2026",
                "Sunday, 1 November 2026",
            ),
            (
                date(2024, 2, 29),
                "jeudi 29 février 2024",
                "Thursday, 29 February 2024",
            ),
            (
                date(2027, 8, 2),
                "lundi 2 août 2027",
                "Monday, 2 August 2027",
            ),
        ];
        for (day, fr, en) in cases {
            assert_eq!(full_date(Locale::Fr, day), fr);
            assert_eq!(full_date(Locale::En, day), en);
        }
    }

    #[test]
    fn day_labels_in_both_languages() {
        let cases = [
            (DayLabel::Today, "Aujourd'hui", "Today"),
            (DayLabel::Yesterday, "Hier", "Yesterday"),
            (DayLabel::Weekday(Weekday::Monday), "lundi", "Monday"),
            (DayLabel::Weekday(Weekday::Sunday), "dimanche", "Sunday"),
            (
                DayLabel::Date(date(2026, 11, 19)),
                "jeudi 19 novembre 2026",
                "Thursday, 19 November 2026",
            ),
        ];
        for (label, fr, en) in cases {
            assert_eq!(day_label(Locale::Fr, label), fr);
            assert_eq!(day_label(Locale::En, label), en);
        }
    }

    #[test]
    fn times_use_the_zone_offset() {
        // 2026-11-26 08:30:00 UTC.
        let at = Timestamp(1_795_681_800);
        assert_eq!(time_of_day(at, &FixedOffset(0)), "08:30");
        assert_eq!(time_of_day(at, &FixedOffset(3600)), "09:30");
        assert_eq!(time_of_day(at, &FixedOffset(-9 * 3600)), "23:30");
        assert_eq!(
            full_date_time(Locale::Fr, at, &FixedOffset(3600)),
            "jeudi 26 novembre 2026 à 09:30"
        );
        assert_eq!(
            full_date_time(Locale::En, at, &FixedOffset(-9 * 3600)),
            "Wednesday, 25 November 2026 at 23:30"
        );
    }
}
