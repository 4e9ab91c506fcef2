//! The composer's state machine: where the message stands (being written, closing,
//! sending, sent, closed) and what the controller must do after each event. Pure: the
//! controller in `components::compose::controller` runs the timers and bridge calls it
//! asks for, and feeds their outcomes back.

use super::attempt::SendAttempt;
use super::autosave::{Autosave, CloseStep, Revision, SaveStep};
use facteur_model::compose::SendKey;

/// Where the composer stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Phase {
    /// The user writes; the draft is saved in the background.
    #[default]
    Editing,
    /// The user closed it: it closes once the draft is saved.
    Closing,
    /// Send was asked while a save ran: the message goes once that save ends (sending
    /// now would leave the copy being saved behind in Drafts).
    SendQueued,
    /// The bridge is sending the message.
    Sending,
    /// The message went; the composer is gone.
    Sent,
    /// Closed without sending; the composer is gone.
    Closed,
}

impl Phase {
    /// Whether a send is under way (the send button waits).
    pub fn is_sending(self) -> bool {
        matches!(self, Phase::SendQueued | Phase::Sending)
    }

    /// Whether the composer is finished: nothing may run for it any more.
    pub fn is_over(self) -> bool {
        matches!(self, Phase::Sent | Phase::Closed)
    }
}

/// What the controller does next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Nothing,
    /// Save the draft as it is now (it is `Revision`).
    Save(Revision),
    /// Send the message as it is now, with this idempotency key.
    Send(SendKey),
    /// Let the composer disappear.
    Close,
}

/// How closing treats what was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseKind {
    /// Save what is unsaved first.
    KeepDraft,
    /// Nothing worth keeping (never written), or the user accepted to lose it.
    Discard,
}

/// The composer's bookkeeping: its phase, the autosave revisions and the send key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ComposeMachine {
    phase: Phase,
    autosave: Autosave,
    attempt: SendAttempt,
}

impl ComposeMachine {
    /// Where the composer stands.
    pub fn phase(&self) -> Phase {
        self.phase
    }

    /// Whether a save of the draft is on its way.
    pub fn is_saving(&self) -> bool {
        self.autosave.is_saving()
    }

    /// The user edited the message: the controller starts the autosave timer of the
    /// returned revision.
    pub fn edit(&mut self) -> Revision {
        self.autosave.edit()
    }

    /// The autosave timer of `revision` fired: save unless another edit followed, a save
    /// runs, or the message is being sent (the bridge keeps it if sending fails).
    pub fn timer_fired(&mut self, revision: Revision) -> Command {
        if self.phase.is_sending() || self.phase.is_over() {
            return Command::Nothing;
        }
        save(self.autosave.timer_fired(revision))
    }

    /// The user closes the composer (ignored while sending).
    pub fn close(&mut self, kind: CloseKind) -> Command {
        if self.phase.is_sending() || self.phase.is_over() {
            return Command::Nothing;
        }
        if kind == CloseKind::Discard {
            self.autosave.settled();
            return self.finish(Phase::Closed);
        }
        match self.autosave.close() {
            CloseStep::Close => self.finish(Phase::Closed),
            CloseStep::SaveThenClose(revision) => {
                self.phase = Phase::Closing;
                Command::Save(revision)
            }
            CloseStep::WaitForSave => {
                self.phase = Phase::Closing;
                Command::Nothing
            }
        }
    }

    /// The user sends a message that passed the checks (recipients, uploads); `make`
    /// gives a new key when this is not a retry of the same message.
    pub fn send(&mut self, make: impl FnOnce() -> SendKey) -> Command {
        if self.phase.is_sending() || self.phase.is_over() {
            return Command::Nothing;
        }
        if self.autosave.is_saving() {
            self.phase = Phase::SendQueued;
            return Command::Nothing;
        }
        self.start_send(make)
    }

    /// The save of the draft ended (`ok` when the bridge kept it).
    pub fn save_finished(&mut self, ok: bool, make: impl FnOnce() -> SendKey) -> Command {
        if let SaveStep::Save(revision) = self.autosave.save_finished(ok) {
            return Command::Save(revision);
        }
        match self.phase {
            Phase::Closing if self.autosave.may_close() => self.finish(Phase::Closed),
            // The draft could not be kept: the composer stays open with its text.
            Phase::Closing if !ok => {
                self.phase = Phase::Editing;
                Command::Nothing
            }
            Phase::SendQueued => self.start_send(make),
            _ => Command::Nothing,
        }
    }

    /// The bridge answered the send: sent (the composer closes) or not (it stays open
    /// for another try).
    pub fn send_finished(&mut self, sent: bool) -> Command {
        if self.phase != Phase::Sending {
            return Command::Nothing;
        }
        if sent {
            self.autosave.settled();
            return self.finish(Phase::Sent);
        }
        self.phase = Phase::Editing;
        Command::Nothing
    }

    /// Whether edits are unsaved with no save or send on its way to keep them: what
    /// the composer saves when it is taken away (replaced, the mailbox left).
    pub fn owes_save(&self) -> bool {
        self.autosave.is_dirty()
            && !self.autosave.is_saving()
            && !self.phase.is_sending()
            && !self.phase.is_over()
    }

    fn start_send(&mut self, make: impl FnOnce() -> SendKey) -> Command {
        self.phase = Phase::Sending;
        Command::Send(self.attempt.key_for(self.autosave.revision(), make))
    }

    fn finish(&mut self, phase: Phase) -> Command {
        self.phase = phase;
        Command::Close
    }
}

fn save(step: SaveStep) -> Command {
    match step {
        SaveStep::Save(revision) => Command::Save(revision),
        SaveStep::Wait => Command::Nothing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::attempt::key_from_bytes;

    fn key(n: u8) -> impl FnOnce() -> SendKey {
        move || key_from_bytes(&[n; 16])
    }

    #[test]
    fn closing_saves_then_closes_and_nothing_runs_after() {
        let mut m = ComposeMachine::default();
        let r = m.edit();
        assert_eq!(m.close(CloseKind::KeepDraft), Command::Save(r));
        assert_eq!(m.phase(), Phase::Closing);
        assert_eq!(m.timer_fired(r), Command::Nothing, "the save runs");
        assert_eq!(m.save_finished(true, key(1)), Command::Close);
        assert_eq!(m.phase(), Phase::Closed);
        // A timer or a second Escape after the composer is gone does nothing.
        assert_eq!(m.timer_fired(r), Command::Nothing);
        assert_eq!(m.close(CloseKind::KeepDraft), Command::Nothing);
        assert_eq!(m.send(key(2)), Command::Nothing);
        assert!(!m.owes_save());
    }

    #[test]
    fn a_failed_save_on_close_keeps_the_composer_open() {
        let mut m = ComposeMachine::default();
        let r = m.edit();
        assert_eq!(m.close(CloseKind::KeepDraft), Command::Save(r));
        assert_eq!(m.save_finished(false, key(1)), Command::Nothing);
        assert_eq!(m.phase(), Phase::Editing);
        assert!(m.owes_save());
        assert_eq!(m.close(CloseKind::Discard), Command::Close);
        assert_eq!(m.phase(), Phase::Closed);
    }

    #[test]
    fn nothing_written_closes_at_once() {
        let mut m = ComposeMachine::default();
        assert_eq!(m.close(CloseKind::KeepDraft), Command::Close);
        assert_eq!(m.phase(), Phase::Closed);
    }

    #[test]
    fn a_send_during_a_save_waits_for_it() {
        let mut m = ComposeMachine::default();
        let r = m.edit();
        assert_eq!(m.timer_fired(r), Command::Save(r));
        assert_eq!(m.send(key(1)), Command::Nothing);
        assert_eq!(m.phase(), Phase::SendQueued);
        assert!(m.phase().is_sending());
        assert_eq!(
            m.close(CloseKind::KeepDraft),
            Command::Nothing,
            "not while sending"
        );
        assert_eq!(
            m.save_finished(true, key(1)),
            Command::Send(key_from_bytes(&[1; 16]))
        );
        assert_eq!(m.phase(), Phase::Sending);
        assert_eq!(m.send_finished(true), Command::Close);
        assert_eq!(m.phase(), Phase::Sent);
    }

    #[test]
    fn a_failed_send_is_retried_with_the_same_key_until_edited() {
        let mut m = ComposeMachine::default();
        m.edit();
        let first = m.send(key(1));
        assert_eq!(first, Command::Send(key_from_bytes(&[1; 16])));
        assert_eq!(m.send(key(9)), Command::Nothing, "one send at a time");
        assert_eq!(
            m.timer_fired(1),
            Command::Nothing,
            "no autosave while sending"
        );
        assert_eq!(m.send_finished(false), Command::Nothing);
        assert_eq!(m.phase(), Phase::Editing);
        assert_eq!(m.send(key(2)), first, "a retry keeps its key");
        assert_eq!(m.send_finished(false), Command::Nothing);
        m.edit();
        assert_eq!(m.send(key(3)), Command::Send(key_from_bytes(&[3; 16])));
    }

    #[test]
    fn a_late_send_answer_after_closing_is_ignored() {
        let mut m = ComposeMachine::default();
        assert_eq!(m.close(CloseKind::Discard), Command::Close);
        assert_eq!(m.send_finished(true), Command::Nothing);
        assert_eq!(m.phase(), Phase::Closed);
    }
}
