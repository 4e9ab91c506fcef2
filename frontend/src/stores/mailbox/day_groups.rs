//! The message list arranged by local day, as the list renders it.

use facteur_model::calendar::{LocalDate, UtcOffset};
use facteur_model::day_groups::{DayLabel, day_groups};
use facteur_model::message::{Flag, MessageSummary};
use facteur_model::{Timestamp, Uid};

/// One day of the list, owning its messages so the view can keep it.
#[derive(Debug, Clone, PartialEq)]
pub struct DayGroupView {
    pub label: DayLabel,
    pub date: LocalDate,
    pub messages: Vec<MessageSummary>,
}

/// What makes a group's rendering stale: its label, date, or any row's uid or flags.
pub type GroupKey = (DayLabel, LocalDate, Vec<(Uid, bool, bool)>);

impl DayGroupView {
    /// The key the list re-renders a group on.
    pub fn key(&self) -> GroupKey {
        let rows = self
            .messages
            .iter()
            .map(|m| (m.uid, m.has_flag(Flag::Seen), m.has_flag(Flag::Flagged)))
            .collect();
        (self.label, self.date, rows)
    }

    /// The id of the group's heading, for jumping to a day.
    pub fn element_id(&self) -> String {
        format!(
            "day-{}-{:02}-{:02}",
            self.date.year, self.date.month, self.date.day
        )
    }
}

/// Groups `messages` by local day in `zone`, newest first (see [`day_groups`]).
pub fn group_by_day(
    messages: &[MessageSummary],
    now: Timestamp,
    zone: &impl UtcOffset,
) -> Vec<DayGroupView> {
    day_groups(messages, now, zone)
        .into_iter()
        .map(|group| DayGroupView {
            label: group.label,
            date: group.date,
            messages: group.messages.into_iter().cloned().collect(),
        })
        .collect()
}
