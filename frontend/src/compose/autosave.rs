//! When the draft is saved: some seconds after the last edit (the view runs the timer),
//! never while a save is on its way (one more follows it if edits came meanwhile), and
//! on close when something is unsaved.

/// How long after the last edit the draft is saved, in milliseconds.
pub const DEBOUNCE_MS: u64 = 3_000;

/// A count of edits: each edit makes a new revision.
pub type Revision = u64;

/// What the composer should do now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveStep {
    /// Nothing to save, or a save runs and will be followed up.
    Wait,
    /// Save the draft as it is at `revision`.
    Save(Revision),
}

/// What closing the composer needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseStep {
    /// Everything is saved (or nothing was written): close now.
    Close,
    /// Save `revision`, then close once it is saved.
    SaveThenClose(Revision),
    /// A save runs: close when it ends (and save again first if edits came meanwhile).
    WaitForSave,
}

/// The autosave bookkeeping of one composer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Autosave {
    edited: Revision,
    saved: Revision,
    saving: Option<Revision>,
    closing: bool,
}

impl Autosave {
    /// Records an edit; the view starts a [`DEBOUNCE_MS`] timer carrying the revision.
    pub fn edit(&mut self) -> Revision {
        self.edited += 1;
        self.edited
    }

    /// The latest revision.
    pub fn revision(&self) -> Revision {
        self.edited
    }

    /// Whether edits are not saved yet.
    pub fn is_dirty(&self) -> bool {
        self.edited > self.saved
    }

    /// Whether a save is on its way.
    pub fn is_saving(&self) -> bool {
        self.saving.is_some()
    }

    /// The timer of `revision` fired: save if no edit came since and no save runs.
    pub fn timer_fired(&mut self, revision: Revision) -> SaveStep {
        if revision != self.edited || !self.is_dirty() || self.saving.is_some() {
            return SaveStep::Wait;
        }
        self.start(revision)
    }

    /// Saves now whatever is unsaved (a save the user asked for, or before sending).
    pub fn save_now(&mut self) -> SaveStep {
        if !self.is_dirty() || self.saving.is_some() {
            return SaveStep::Wait;
        }
        self.start(self.edited)
    }

    /// A save ended. When edits came meanwhile they are saved at once if the composer is
    /// closing, else their own timer saves them; a failed save stays dirty.
    pub fn save_finished(&mut self, ok: bool) -> SaveStep {
        let Some(revision) = self.saving.take() else {
            return SaveStep::Wait;
        };
        if ok {
            self.saved = self.saved.max(revision);
        } else {
            self.closing = false;
        }
        if self.closing && self.is_dirty() {
            return self.start(self.edited);
        }
        SaveStep::Wait
    }

    /// Whether the composer asked to close and everything is saved now.
    pub fn may_close(&self) -> bool {
        self.closing && !self.is_dirty() && self.saving.is_none()
    }

    /// The user closes the composer.
    pub fn close(&mut self) -> CloseStep {
        if self.saving.is_some() {
            self.closing = true;
            return CloseStep::WaitForSave;
        }
        if !self.is_dirty() {
            return CloseStep::Close;
        }
        self.closing = true;
        match self.start(self.edited) {
            SaveStep::Save(revision) => CloseStep::SaveThenClose(revision),
            SaveStep::Wait => CloseStep::Close,
        }
    }

    /// The message was sent (or saved by the bridge while sending): nothing is owed.
    pub fn settled(&mut self) {
        self.saved = self.edited;
    }

    fn start(&mut self, revision: Revision) -> SaveStep {
        self.saving = Some(revision);
        SaveStep::Save(revision)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_last_edit_timer_saves() {
        let mut a = Autosave::default();
        assert_eq!(
            a.close(),
            CloseStep::Close,
            "nothing written, nothing saved"
        );
        let first = a.edit();
        let second = a.edit();
        assert_eq!(a.timer_fired(first), SaveStep::Wait);
        assert_eq!(a.timer_fired(second), SaveStep::Save(second));
        assert!(a.is_saving());
        assert_eq!(a.save_finished(true), SaveStep::Wait);
        assert!(!a.is_dirty());
        assert_eq!(a.timer_fired(second), SaveStep::Wait);
    }

    #[test]
    fn no_save_while_one_runs_then_the_next_timer_saves() {
        let mut a = Autosave::default();
        let r1 = a.edit();
        assert_eq!(a.timer_fired(r1), SaveStep::Save(r1));
        let r2 = a.edit();
        assert_eq!(a.timer_fired(r2), SaveStep::Wait, "a save runs");
        assert_eq!(a.save_now(), SaveStep::Wait);
        assert_eq!(a.save_finished(true), SaveStep::Wait);
        assert!(a.is_dirty());
        assert_eq!(a.save_now(), SaveStep::Save(r2));
    }

    #[test]
    fn closing_saves_first_and_waits_for_a_running_save() {
        let mut a = Autosave::default();
        let r1 = a.edit();
        assert_eq!(a.close(), CloseStep::SaveThenClose(r1));
        assert!(!a.may_close());
        assert_eq!(a.save_finished(true), SaveStep::Wait);
        assert!(a.may_close());

        let mut b = Autosave::default();
        let r1 = b.edit();
        assert_eq!(b.timer_fired(r1), SaveStep::Save(r1));
        let r2 = b.edit();
        assert_eq!(b.close(), CloseStep::WaitForSave);
        assert_eq!(
            b.save_finished(true),
            SaveStep::Save(r2),
            "edits made meanwhile"
        );
        assert!(!b.may_close());
        assert_eq!(b.save_finished(true), SaveStep::Wait);
        assert!(b.may_close());
    }

    #[test]
    fn a_failed_save_keeps_the_composer_open_and_dirty() {
        let mut a = Autosave::default();
        let r1 = a.edit();
        assert_eq!(a.close(), CloseStep::SaveThenClose(r1));
        assert_eq!(a.save_finished(false), SaveStep::Wait);
        assert!(a.is_dirty());
        assert!(!a.may_close());
        a.settled();
        assert_eq!(a.close(), CloseStep::Close);
    }
}
