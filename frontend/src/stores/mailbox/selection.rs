//! Multi-selection in the message list: toggling one message and Shift+click ranges.

use facteur_model::Uid;
use std::collections::BTreeSet;

/// Adds `uid` to the selection, or removes it if it was there.
pub fn toggle(selection: &mut BTreeSet<Uid>, uid: Uid) {
    if !selection.remove(&uid) {
        selection.insert(uid);
    }
}

/// The messages from `anchor` to `to` in list order, both included; just `to` without an
/// anchor still in the list.
pub fn range(order: &[Uid], anchor: Option<Uid>, to: Uid) -> Vec<Uid> {
    let end = order.iter().position(|u| *u == to);
    let start = anchor.and_then(|a| order.iter().position(|u| *u == a));
    match (start, end) {
        (Some(start), Some(end)) => order[start.min(end)..=start.max(end)].to_vec(),
        _ => vec![to],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toggling_and_ranges() {
        let mut selection = BTreeSet::new();
        toggle(&mut selection, Uid(4));
        toggle(&mut selection, Uid(5));
        toggle(&mut selection, Uid(4));
        assert_eq!(selection.into_iter().collect::<Vec<_>>(), [Uid(5)]);

        let order = [Uid(9), Uid(7), Uid(5), Uid(3), Uid(1)];
        assert_eq!(
            range(&order, Some(Uid(7)), Uid(3)),
            [Uid(7), Uid(5), Uid(3)]
        );
        assert_eq!(
            range(&order, Some(Uid(3)), Uid(9)),
            [Uid(9), Uid(7), Uid(5), Uid(3)]
        );
        assert_eq!(range(&order, None, Uid(5)), [Uid(5)]);
        assert_eq!(range(&order, Some(Uid(42)), Uid(5)), [Uid(5)]);
    }
}
