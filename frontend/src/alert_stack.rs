//! The alerts rules raise, as a small state machine without a clock: one group per rules
//! run or arrival check (not one toast per message), aged by ticks the runner sends once
//! a second, fading after [`SHOWN_TICKS`] and gone after [`FADE_TICKS`] more, unless the
//! person holds it (pointer over it, or keyboard focus inside). Dismissed and faded
//! groups stay in a short history, to be seen again.

/// Ticks (seconds) a group is shown in full before it starts to fade.
pub const SHOWN_TICKS: u32 = 8;
/// Ticks a group spends fading (the CSS transition) before it leaves the screen.
pub const FADE_TICKS: u32 = 2;
/// Most groups on screen at once; the oldest go to the history first.
pub const MAX_SHOWN: usize = 4;
/// Most groups kept in the history.
pub const MAX_RECENT: usize = 20;

/// Where a shown group stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlertPhase {
    Shown,
    Fading,
}

/// The alerts of one rules run (or of one check of new mail).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertGroup {
    pub id: u32,
    /// The alerts' texts, in the order raised (never empty).
    pub texts: Vec<String>,
    age: u32,
    hovered: bool,
    focused: bool,
}

impl AlertGroup {
    /// Whether the person is reading it: pointer over it or focus inside.
    pub fn held(&self) -> bool {
        self.hovered || self.focused
    }

    /// Shown in full or fading.
    pub fn phase(&self) -> AlertPhase {
        if self.age >= SHOWN_TICKS {
            AlertPhase::Fading
        } else {
            AlertPhase::Shown
        }
    }
}

/// The groups on screen and the recent ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AlertStack {
    shown: Vec<AlertGroup>,
    recent: Vec<AlertGroup>,
    next_id: u32,
}

impl AlertStack {
    /// Shows `texts` as one group; nothing for no text. Returns the group's id.
    pub fn raise(&mut self, texts: Vec<String>) -> Option<u32> {
        if texts.is_empty() {
            return None;
        }
        let id = self.next_id;
        self.next_id = self.next_id.wrapping_add(1);
        self.shown.push(AlertGroup {
            id,
            texts,
            age: 0,
            hovered: false,
            focused: false,
        });
        while self.shown.len() > MAX_SHOWN {
            let oldest = self.shown.remove(0);
            self.remember(oldest);
        }
        Some(id)
    }

    /// Adds `texts` to group `group` while it is on screen (a run raises alerts page after
    /// page), else shows them as a new group. Returns the group's id.
    pub fn add(&mut self, group: Option<u32>, texts: Vec<String>) -> Option<u32> {
        if texts.is_empty() {
            return group;
        }
        match self.shown.iter_mut().find(|g| Some(g.id) == group) {
            Some(shown) => {
                shown.texts.extend(texts);
                shown.age = 0;
                group
            }
            None => self.raise(texts),
        }
    }

    /// One second more: groups not held age; those past fading leave the screen.
    pub fn tick(&mut self) {
        for group in self.shown.iter_mut().filter(|g| !g.held()) {
            group.age = group.age.saturating_add(1);
        }
        let (gone, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut self.shown)
            .into_iter()
            .partition(|g| g.age >= SHOWN_TICKS + FADE_TICKS);
        self.shown = kept;
        for group in gone {
            self.remember(group);
        }
    }

    /// The pointer entered (`true`) or left a group. Holding one shows it in full again.
    pub fn hover(&mut self, id: u32, hovered: bool) {
        self.hold(id, |group| group.hovered = hovered);
    }

    /// Keyboard focus entered (`true`) or left a group.
    pub fn focus(&mut self, id: u32, focused: bool) {
        self.hold(id, |group| group.focused = focused);
    }

    fn hold(&mut self, id: u32, change: impl FnOnce(&mut AlertGroup)) {
        if let Some(group) = self.shown.iter_mut().find(|g| g.id == id) {
            change(group);
            if group.held() {
                group.age = 0;
            }
        }
    }

    /// Closes a group by hand.
    pub fn dismiss(&mut self, id: u32) {
        if let Some(index) = self.shown.iter().position(|g| g.id == id) {
            let group = self.shown.remove(index);
            self.remember(group);
        }
    }

    fn remember(&mut self, mut group: AlertGroup) {
        group.hovered = false;
        group.focused = false;
        self.recent.push(group);
        let excess = self.recent.len().saturating_sub(MAX_RECENT);
        self.recent.drain(..excess);
    }

    /// The groups on screen, oldest first.
    pub fn shown(&self) -> &[AlertGroup] {
        &self.shown
    }

    /// The groups no longer on screen, oldest first.
    pub fn recent(&self) -> &[AlertGroup] {
        &self.recent
    }

    /// Whether a tick would change anything.
    pub fn is_idle(&self) -> bool {
        self.shown.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(n: usize) -> Vec<String> {
        (1..=n)
            .map(|i| format!("Note à moi-même : sujet {i}"))
            .collect()
    }

    fn ticks(stack: &mut AlertStack, n: u32) {
        for _ in 0..n {
            stack.tick();
        }
    }

    #[test]
    fn one_run_makes_one_group() {
        let mut stack = AlertStack::default();
        assert_eq!(stack.raise(Vec::new()), None);
        let id = stack.raise(texts(5)).unwrap();
        assert_eq!(stack.shown().len(), 1);
        assert_eq!(stack.shown()[0].id, id);
        assert_eq!(stack.shown()[0].texts.len(), 5);
    }

    #[test]
    fn later_pages_of_a_run_join_its_group_while_it_is_shown() {
        let mut stack = AlertStack::default();
        let group = stack.add(None, texts(2));
        assert_eq!(stack.add(group, Vec::new()), group);
        ticks(&mut stack, SHOWN_TICKS);
        assert_eq!(stack.add(group, texts(3)), group);
        assert_eq!(stack.shown()[0].texts.len(), 5);
        assert_eq!(stack.shown()[0].phase(), AlertPhase::Shown);
        stack.dismiss(group.unwrap());
        let next = stack.add(group, texts(1));
        assert_ne!(next, group);
        assert_eq!(stack.shown().len(), 1);
    }

    #[test]
    fn groups_fade_then_leave_for_the_history() {
        let mut stack = AlertStack::default();
        stack.raise(texts(2));
        ticks(&mut stack, SHOWN_TICKS - 1);
        assert_eq!(stack.shown()[0].phase(), AlertPhase::Shown);
        stack.tick();
        assert_eq!(stack.shown()[0].phase(), AlertPhase::Fading);
        ticks(&mut stack, FADE_TICKS);
        assert!(stack.is_idle());
        assert_eq!(stack.recent().len(), 1);
        assert_eq!(stack.recent()[0].texts, texts(2));
    }

    #[test]
    fn a_held_group_does_not_fade_and_starts_again_when_let_go() {
        let mut stack = AlertStack::default();
        let id = stack.raise(texts(1)).unwrap();
        ticks(&mut stack, SHOWN_TICKS);
        assert_eq!(stack.shown()[0].phase(), AlertPhase::Fading);
        stack.hover(id, true);
        assert_eq!(stack.shown()[0].phase(), AlertPhase::Shown);
        ticks(&mut stack, 10 * SHOWN_TICKS);
        assert_eq!(stack.shown()[0].phase(), AlertPhase::Shown);
        // Focus holds it too, even once the pointer has left.
        stack.focus(id, true);
        stack.hover(id, false);
        ticks(&mut stack, 10 * SHOWN_TICKS);
        assert_eq!(stack.shown().len(), 1);
        stack.focus(id, false);
        ticks(&mut stack, SHOWN_TICKS);
        assert_eq!(stack.shown()[0].phase(), AlertPhase::Fading);
    }

    #[test]
    fn dismissed_and_crowded_out_groups_are_remembered() {
        let mut stack = AlertStack::default();
        let first = stack.raise(texts(1)).unwrap();
        stack.dismiss(first);
        assert!(stack.is_idle());
        for _ in 0..MAX_SHOWN + 1 {
            stack.raise(texts(1));
        }
        assert_eq!(stack.shown().len(), MAX_SHOWN);
        assert_eq!(stack.recent().len(), 2);
        for _ in 0..MAX_RECENT {
            stack.raise(texts(1));
        }
        assert_eq!(stack.recent().len(), MAX_RECENT);
    }
}
