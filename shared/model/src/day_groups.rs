//! Arranging a message list by day: « Aujourd'hui », « Hier », weekday names for the rest
//! of the last week, then full dates — in the reader's own time zone.

use crate::Timestamp;
use crate::calendar::{LocalDate, UtcOffset, Weekday};
use crate::message::MessageSummary;
use serde::{Deserialize, Serialize};

/// How far a Date header may run ahead of the server's receipt time before we distrust it.
///
/// A message cannot be written after it arrived; a Date header days ahead of INTERNALDATE is
/// a broken clock or spam trying to stay on top of the list. A day absorbs honest clock skew
/// and wrong time-zone suffixes.
pub const DATE_HEADER_TOLERANCE_SECONDS: i64 = 24 * 3600;

/// The heading of one day in the message list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DayLabel {
    Today,
    Yesterday,
    /// One of the five days before yesterday: the weekday name is unambiguous.
    Weekday(Weekday),
    /// Anything older, or (when clocks are wrong) in the future: the full date.
    Date(LocalDate),
}

/// One day of the list: its heading, its date, and its messages newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayGroup<'a> {
    pub label: DayLabel,
    pub date: LocalDate,
    pub messages: Vec<&'a MessageSummary>,
}

/// The instant a message is filed under: its Date header when trustworthy, else INTERNALDATE.
pub fn effective_time(message: &MessageSummary) -> Timestamp {
    match message.date {
        Some(date) if date.0 <= message.received.0 + DATE_HEADER_TOLERANCE_SECONDS => date,
        _ => message.received,
    }
}

/// The heading for messages of `date` when today is `today`.
pub fn day_label(date: LocalDate, today: LocalDate) -> DayLabel {
    match today.day_number() - date.day_number() {
        0 => DayLabel::Today,
        1 => DayLabel::Yesterday,
        2..=6 => DayLabel::Weekday(date.weekday()),
        _ => DayLabel::Date(date),
    }
}

/// Groups `messages` by local day in `zone`, newest day first, newest message first inside
/// a day (ties broken by UID, higher first). `now` decides what "today" is.
pub fn day_groups<'a>(
    messages: &'a [MessageSummary],
    now: Timestamp,
    zone: &impl UtcOffset,
) -> Vec<DayGroup<'a>> {
    let today = LocalDate::of(now, zone);
    let mut dated: Vec<(Timestamp, &MessageSummary)> =
        messages.iter().map(|m| (effective_time(m), m)).collect();
    dated.sort_by(|(ta, a), (tb, b)| tb.cmp(ta).then(b.uid.cmp(&a.uid)));

    let mut groups: Vec<DayGroup<'a>> = Vec::new();
    for (time, message) in dated {
        let date = LocalDate::of(time, zone);
        match groups.last_mut() {
            Some(group) if group.date == date => group.messages.push(message),
            _ => groups.push(DayGroup {
                label: day_label(date, today),
                date,
                messages: vec![message],
            }),
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Uid;
    use crate::calendar::FixedOffset;
    use chrono::{Offset, TimeZone};
    use chrono_tz::Tz;

    /// A real time zone from the IANA database, as the browser would report it.
    struct Zone(Tz);

    impl UtcOffset for Zone {
        fn offset_seconds_at(&self, at: Timestamp) -> i32 {
            self.0
                .timestamp_opt(at.0, 0)
                .unwrap()
                .offset()
                .fix()
                .local_minus_utc()
        }
    }

    fn at(zone: Tz, y: i32, mo: u32, d: u32, h: u32, mi: u32) -> Timestamp {
        Timestamp(
            zone.with_ymd_and_hms(y, mo, d, h, mi, 0)
                .earliest()
                .unwrap()
                .timestamp(),
        )
    }

    fn message(uid: u32, date: Option<Timestamp>, received: Timestamp) -> MessageSummary {
        MessageSummary {
            uid: Uid(uid),
            from: None,
            to: vec![],
            cc: vec![],
            subject: format!("message {uid}"),
            date,
            received,
            flags: vec![],
            size: 100,
            has_attachments: false,
            preview: String::new(),
            list_id: None,
            keywords: vec![],
        }
    }

    fn labels_and_uids(groups: &[DayGroup<'_>]) -> Vec<(DayLabel, Vec<u32>)> {
        groups
            .iter()
            .map(|g| (g.label, g.messages.iter().map(|m| m.uid.0).collect()))
            .collect()
    }

    fn date(year: i32, month: u8, day: u8) -> LocalDate {
        LocalDate { year, month, day }
    }

    #[test]
    fn midnight_is_the_boundary_between_today_and_yesterday() {
        let paris = chrono_tz::Europe::Paris;
        let now = at(paris, 2026, 11, 26, 9, 0);
        let messages = [
            message(
                1,
                Some(at(paris, 2026, 11, 25, 23, 59)),
                at(paris, 2026, 11, 25, 23, 59),
            ),
            message(
                2,
                Some(at(paris, 2026, 11, 26, 0, 0)),
                at(paris, 2026, 11, 26, 0, 0),
            ),
            message(
                3,
                Some(at(paris, 2026, 11, 26, 8, 0)),
                at(paris, 2026, 11, 26, 8, 0),
            ),
            message(
                4,
                Some(at(paris, 2026, 11, 24, 23, 59)),
                at(paris, 2026, 11, 24, 23, 59),
            ),
        ];
        let groups = day_groups(&messages, now, &Zone(paris));
        assert_eq!(
            labels_and_uids(&groups),
            [
                (DayLabel::Today, vec![3, 2]),
                (DayLabel::Yesterday, vec![1]),
                (DayLabel::Weekday(Weekday::Tuesday), vec![4]),
            ]
        );
    }

    #[test]
    fn weekday_names_cover_the_last_week_then_full_dates() {
        let utc = FixedOffset(0);
        let now = at(chrono_tz::UTC, 2026, 11, 26, 12, 0); // a Thursday
        let messages: Vec<_> = (0..9u32)
            .map(|days_ago| {
                let t = Timestamp(now.0 - i64::from(days_ago) * 86_400);
                message(100 - days_ago, Some(t), t)
            })
            .collect();
        let labels: Vec<_> = day_groups(&messages, now, &utc)
            .iter()
            .map(|g| g.label)
            .collect();
        assert_eq!(
            labels,
            [
                DayLabel::Today,
                DayLabel::Yesterday,
                DayLabel::Weekday(Weekday::Tuesday),
                DayLabel::Weekday(Weekday::Monday),
                DayLabel::Weekday(Weekday::Sunday),
                DayLabel::Weekday(Weekday::Saturday),
                DayLabel::Weekday(Weekday::Friday),
                DayLabel::Date(date(2026, 11, 19)),
                DayLabel::Date(date(2026, 11, 18)),
            ]
        );
    }

    #[test]
    fn a_dst_change_keeps_days_whole() {
        // Europe/Paris leaves summer time on 2026-10-25 at 03:00 local (a 25-hour day).
        let paris = chrono_tz::Europe::Paris;
        let now = at(paris, 2026, 10, 26, 0, 30);
        let messages = [
            message(
                1,
                Some(at(paris, 2026, 10, 25, 0, 10)),
                at(paris, 2026, 10, 25, 0, 10),
            ),
            message(
                2,
                Some(at(paris, 2026, 10, 25, 23, 50)),
                at(paris, 2026, 10, 25, 23, 50),
            ),
            message(
                3,
                Some(at(paris, 2026, 10, 24, 23, 50)),
                at(paris, 2026, 10, 24, 23, 50),
            ),
            message(
                4,
                Some(at(paris, 2026, 10, 26, 0, 5)),
                at(paris, 2026, 10, 26, 0, 5),
            ),
        ];
        let groups = day_groups(&messages, now, &Zone(paris));
        assert_eq!(
            labels_and_uids(&groups),
            [
                (DayLabel::Today, vec![4]),
                (DayLabel::Yesterday, vec![2, 1]),
                (DayLabel::Weekday(Weekday::Saturday), vec![3]),
            ]
        );
        // Spring forward: 2026-03-29 has 23 hours; 23:30 that day is still the 29th.
        let now = at(paris, 2026, 3, 30, 8, 0);
        let late = at(paris, 2026, 3, 29, 23, 30);
        let early = at(paris, 2026, 3, 29, 1, 30);
        let messages = [message(1, Some(early), early), message(2, Some(late), late)];
        assert_eq!(
            labels_and_uids(&day_groups(&messages, now, &Zone(paris))),
            [(DayLabel::Yesterday, vec![2, 1])]
        );
    }

    #[test]
    fn zones_far_from_utc_put_the_same_instant_on_different_days() {
        let instant = at(chrono_tz::UTC, 2026, 11, 26, 11, 0);
        let now = at(chrono_tz::UTC, 2026, 11, 26, 11, 30);
        let messages = [message(1, Some(instant), instant)];
        // Kiritimati is UTC+14: 01:00 on the 27th, and "now" too.
        let kiritimati = day_groups(&messages, now, &Zone(chrono_tz::Pacific::Kiritimati));
        assert_eq!(kiritimati[0].date, date(2026, 11, 27));
        assert_eq!(kiritimati[0].label, DayLabel::Today);
        // Pago Pago is UTC-11: 00:00 on the 26th.
        let pago = day_groups(&messages, now, &Zone(chrono_tz::Pacific::Pago_Pago));
        assert_eq!(pago[0].date, date(2026, 11, 26));
        assert_eq!(pago[0].label, DayLabel::Today);
        // Seen from Kiritimati, a message at 09:00 UTC on the 26th is "yesterday" at 23:00 local.
        let earlier = at(chrono_tz::UTC, 2026, 11, 26, 9, 0);
        let messages = [message(2, Some(earlier), earlier)];
        let groups = day_groups(&messages, now, &Zone(chrono_tz::Pacific::Kiritimati));
        assert_eq!(groups[0].label, DayLabel::Yesterday);
    }

    #[test]
    fn missing_or_garbage_dates_fall_back_to_the_receipt_time() {
        let utc = FixedOffset(0);
        let now = at(chrono_tz::UTC, 2026, 11, 26, 12, 0);
        let received = at(chrono_tz::UTC, 2026, 11, 25, 8, 0);
        // No Date header (the bridge sends None for an unparseable one, too).
        let messages = [message(1, None, received)];
        assert_eq!(
            labels_and_uids(&day_groups(&messages, now, &utc)),
            [(DayLabel::Yesterday, vec![1])]
        );
        // A Date header years ahead of arrival is not believed.
        let bogus = at(chrono_tz::UTC, 2038, 1, 1, 0, 0);
        let message_from_the_future = message(2, Some(bogus), received);
        assert_eq!(effective_time(&message_from_the_future), received);
        // A few hours of clock skew is believed.
        let skewed = Timestamp(received.0 + 3 * 3600);
        assert_eq!(effective_time(&message(3, Some(skewed), received)), skewed);
        // An old Date header (imported mail) is believed.
        let old = at(chrono_tz::UTC, 2001, 5, 4, 10, 0);
        let imported = [message(4, Some(old), received)];
        assert_eq!(
            labels_and_uids(&day_groups(&imported, now, &utc)),
            [(DayLabel::Date(date(2001, 5, 4)), vec![4])]
        );
    }

    #[test]
    fn future_dates_get_a_full_date_heading_on_top() {
        let utc = FixedOffset(0);
        let now = at(chrono_tz::UTC, 2026, 11, 26, 12, 0);
        // Received "tomorrow": the server clock (or our own) is wrong; show it honestly.
        let tomorrow = at(chrono_tz::UTC, 2026, 11, 27, 9, 0);
        let messages = [
            message(1, Some(now), now),
            message(2, Some(tomorrow), tomorrow),
        ];
        assert_eq!(
            labels_and_uids(&day_groups(&messages, now, &utc)),
            [
                (DayLabel::Date(date(2026, 11, 27)), vec![2]),
                (DayLabel::Today, vec![1])
            ]
        );
    }

    #[test]
    fn same_time_messages_order_by_uid_and_empty_input_gives_no_groups() {
        let utc = FixedOffset(0);
        let now = Timestamp(1_795_700_000);
        let messages = [
            message(5, Some(now), now),
            message(9, Some(now), now),
            message(7, None, now),
        ];
        assert_eq!(
            labels_and_uids(&day_groups(&messages, now, &utc)),
            [(DayLabel::Today, vec![9, 7, 5])]
        );
        assert!(day_groups(&[], now, &utc).is_empty());
    }
}
