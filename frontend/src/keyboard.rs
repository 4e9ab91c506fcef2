//! Keyboard shortcuts of the mailbox, as pure decisions the view applies.

use facteur_model::Uid;

/// What a key press asks of the mailbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shortcut {
    /// `j` or ArrowDown: the next (older) message.
    Next,
    /// `k` or ArrowUp: the previous (newer) message.
    Previous,
    /// Enter or `o`: open the selected message.
    Open,
    /// `u` or Escape: back to the list, closing the reader.
    Back,
    /// `x`: tick or untick the selected message (for moving several at once).
    ToggleCheck,
}

/// The shortcut for a `KeyboardEvent.key`, if any. Presses with Ctrl, Alt or Meta belong
/// to the browser; arrows only count when the list itself has focus, so they keep
/// scrolling the page elsewhere.
pub fn shortcut_for(key: &str, with_modifier: bool, list_focused: bool) -> Option<Shortcut> {
    if with_modifier {
        return None;
    }
    match key {
        "j" => Some(Shortcut::Next),
        "k" => Some(Shortcut::Previous),
        "ArrowDown" if list_focused => Some(Shortcut::Next),
        "ArrowUp" if list_focused => Some(Shortcut::Previous),
        "Enter" | "o" => Some(Shortcut::Open),
        "u" | "Escape" => Some(Shortcut::Back),
        "x" => Some(Shortcut::ToggleCheck),
        _ => None,
    }
}

/// Whether a key press opens the list of shortcuts: `?` (Shift+/ on most layouts, so
/// Shift is allowed), without Ctrl, Alt or Meta.
pub fn opens_shortcut_help(key: &str, with_modifier: bool) -> bool {
    key == "?" && !with_modifier
}

/// Whether key presses aimed at this element are text input, never shortcuts.
pub fn is_text_entry(tag_name: &str, content_editable: bool) -> bool {
    content_editable
        || matches!(
            tag_name.to_ascii_uppercase().as_str(),
            "INPUT" | "TEXTAREA" | "SELECT"
        )
}

/// The message to select after moving one step through `order` (list order, newest
/// first). With nothing selected, any step selects the first message; the ends stay put.
pub fn step(order: &[Uid], current: Option<Uid>, forward: bool) -> Option<Uid> {
    let position = current.and_then(|uid| order.iter().position(|u| *u == uid));
    let index = match (position, forward) {
        (None, _) => 0,
        (Some(i), true) => (i + 1).min(order.len().saturating_sub(1)),
        (Some(i), false) => i.saturating_sub(1),
    };
    order.get(index).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_map_to_shortcuts() {
        assert_eq!(shortcut_for("j", false, false), Some(Shortcut::Next));
        assert_eq!(shortcut_for("k", false, false), Some(Shortcut::Previous));
        assert_eq!(shortcut_for("Enter", false, false), Some(Shortcut::Open));
        assert_eq!(shortcut_for("o", false, false), Some(Shortcut::Open));
        assert_eq!(shortcut_for("u", false, false), Some(Shortcut::Back));
        assert_eq!(shortcut_for("j", true, false), None);
        assert_eq!(shortcut_for("ArrowDown", false, false), None);
        assert_eq!(shortcut_for("ArrowDown", false, true), Some(Shortcut::Next));
        assert_eq!(shortcut_for("x", false, true), Some(Shortcut::ToggleCheck));
        assert_eq!(shortcut_for("x", true, true), None);
        assert_eq!(shortcut_for("q", false, true), None);
    }

    #[test]
    fn question_mark_opens_the_shortcut_help() {
        assert!(opens_shortcut_help("?", false));
        assert!(!opens_shortcut_help("?", true));
        assert!(!opens_shortcut_help("/", false));
        assert!(!opens_shortcut_help("h", false));
    }

    #[test]
    fn typing_is_never_a_shortcut() {
        assert!(is_text_entry("input", false));
        assert!(is_text_entry("TEXTAREA", false));
        assert!(is_text_entry("select", false));
        assert!(is_text_entry("DIV", true));
        assert!(!is_text_entry("DIV", false));
        assert!(!is_text_entry("BUTTON", false));
    }

    #[test]
    fn stepping_through_the_list() {
        let order = [Uid(9), Uid(7), Uid(3)];
        assert_eq!(step(&order, None, true), Some(Uid(9)));
        assert_eq!(step(&order, None, false), Some(Uid(9)));
        assert_eq!(step(&order, Some(Uid(9)), true), Some(Uid(7)));
        assert_eq!(step(&order, Some(Uid(3)), true), Some(Uid(3)));
        assert_eq!(step(&order, Some(Uid(7)), false), Some(Uid(9)));
        assert_eq!(step(&order, Some(Uid(9)), false), Some(Uid(9)));
        // A selection that vanished (message moved) restarts from the top.
        assert_eq!(step(&order, Some(Uid(1)), true), Some(Uid(9)));
        assert_eq!(step(&[], None, true), None);
    }
}
