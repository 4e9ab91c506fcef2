//! Requests that end with the part of the app that started them.
//!
//! A request's continuation reads and writes signals. When their owner (a component, or
//! the signed-in screen that holds the mailbox, the settings and the rules runner) has
//! gone meanwhile — a dialog closed by Escape, a sign-out during a refresh — reading one
//! panics (« Tried to access a reactive value that has already been disposed »). These
//! tasks are dropped at their next `await` once their owner is cleaned up, so a
//! continuation only ever runs while what it touches is alive.

use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// Marks the owner a component or a long-lived piece of state was created under (it is
/// disposed with that owner). Made in the component's body, not in a handler: a
/// handler's owner is often a branch of the view that the handler itself replaces (a
/// « Send » button that shows « Sending… »), which must not end the request. The
/// mailbox's methods are called from anywhere (a dialog's continuation, a timer), so
/// their tasks end with the signed-in screen, not with the caller.
#[derive(Debug, Clone, Copy)]
pub struct TaskOwner(StoredValue<()>);

impl TaskOwner {
    /// A mark in the current owner; call it where the state is created.
    pub fn current() -> TaskOwner {
        TaskOwner(StoredValue::new(()))
    }

    /// Whether the owner is still there.
    pub fn alive(self) -> bool {
        !self.0.is_disposed()
    }

    /// Spawns `task`; it stops before any step that would run after the owner is gone.
    /// (Nothing is registered with the owner, so a screen that lives for hours does not
    /// collect a cleanup per refresh.)
    pub fn spawn(self, task: impl Future<Output = ()> + 'static) {
        if self.alive() {
            leptos::task::spawn_local(WhileAlive {
                owner: self,
                task: Box::pin(task),
            });
        }
    }
}

/// A task polled only while its owner is alive, finished without another step after.
struct WhileAlive {
    owner: TaskOwner,
    task: Pin<Box<dyn Future<Output = ()>>>,
}

impl Future for WhileAlive {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<()> {
        if !self.owner.alive() {
            return Poll::Ready(());
        }
        self.task.as_mut().poll(context)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;
    use std::rc::Rc;

    #[test]
    fn a_task_takes_no_step_once_its_owner_is_cleaned_up() {
        let owner = Owner::new();
        let tasks = owner.with(TaskOwner::current);
        let steps = Rc::new(Cell::new(0));
        let counted = Rc::clone(&steps);
        let mut task = WhileAlive {
            owner: tasks,
            task: Box::pin(std::future::poll_fn(move |_| {
                counted.set(counted.get() + 1);
                Poll::Pending
            })),
        };
        let mut context = Context::from_waker(std::task::Waker::noop());
        assert_eq!(Pin::new(&mut task).poll(&mut context), Poll::Pending);
        assert_eq!(steps.get(), 1);
        assert!(tasks.alive());

        owner.cleanup();
        assert!(!tasks.alive());
        assert_eq!(Pin::new(&mut task).poll(&mut context), Poll::Ready(()));
        assert_eq!(steps.get(), 1, "no step after the owner went");
    }
}
