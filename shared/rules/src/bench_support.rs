//! Benchmark data, shared by the native benchmark (`benches/evaluate.rs`) and the browser
//! one, so both measure the same work. Not for production use.
//!
//! The corpus is deterministic (a linear congruential generator, no RNG crate): 20
//! realistic rules and `n` synthetic list-level messages (no body, as on arrival).

use crate::condition::{Condition, Field, Operator, SizeUnit, Value};
use crate::facts::{Context, MessageFacts};
use crate::rule::{Action, MatchKind, Rule, RuleSet};
use crate::templates::{newsletters, notes_to_self, professional};
use facteur_model::message::{Address, Flag};
use facteur_model::{FolderPath, Timestamp, Uid};

/// Knuth's MMIX constants: good enough to vary synthetic mail, and reproducible.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const SENDERS: [(&str, &str); 12] = [
    ("Camille Dupont", "camille@acme-industrie.test"),
    ("Élodie Martin", "elodie.martin@laposte.test"),
    ("Banque Populaire", "noreply@banque.test"),
    ("GitHub", "notifications@github.test"),
    ("Maman", "maman@famille.test"),
    ("Moi", "demo@example.test"),
    ("Jira", "jira@acme-industrie.test"),
    ("La Lettre", "lettre@journal.test"),
    ("Inconnu", "x9f2@spam.test"),
    ("Compta", "compta@asso.test"),
    ("Direction", "direction@acme-industrie.test"),
    ("Bob", "bob@example.test"),
];

const SUBJECTS: [&str; 12] = [
    "Facture n°{} disponible",
    "Re: réunion de jeudi",
    "[JIRA] PROJ-{} mis à jour",
    "Votre relevé de compte",
    "URGENT : signature du devis {}",
    "Photos du week-end",
    "La lettre du mois n°{}",
    "Invitation : point hebdo",
    "Gagnez {} € maintenant",
    "Compte rendu AG {}",
    "Note : acheter du pain",
    "Élodie vous a envoyé un document",
];

/// The 20 benchmark rules, the founding ones first.
pub fn bench_rules() -> RuleSet {
    let folder = |name: &str| FolderPath(name.to_owned());
    let text = Condition::text;
    let rule = |id: &str, kind, conditions, actions| Rule {
        id: id.to_owned(),
        name: id.to_owned(),
        enabled: true,
        match_kind: kind,
        conditions,
        actions,
        stop_after: false,
    };
    use Field::*;
    use MatchKind::{All, Any};
    use Operator::*;
    RuleSet::new(vec![
        notes_to_self(folder("Personnel")),
        professional(
            "Pro",
            &["acme-industrie.test".to_owned()],
            folder("Professionnel"),
        ),
        newsletters("Lettres", folder("Lettres")),
        rule(
            "bills",
            All,
            vec![text(Subject, Contains, "facture")],
            vec![Action::AddKeyword("$Facture".into())],
        ),
        rule(
            "bank",
            All,
            vec![text(From, EndsWith, "@banque.test")],
            vec![Action::MoveTo(folder("Banque"))],
        ),
        rule(
            "urgent",
            All,
            vec![text(Subject, Regex, r"\b(urgent|asap)\b")],
            vec![Action::Flag],
        ),
        rule(
            "noreply",
            All,
            vec![text(From, Matches, "*noreply*")],
            vec![Action::MarkRead],
        ),
        rule(
            "github",
            Any,
            vec![
                text(MailingList, Contains, "github"),
                text(From, Contains, "github"),
            ],
            vec![Action::MoveTo(folder("GitHub"))],
        ),
        rule(
            "big",
            All,
            vec![Condition {
                field: Size,
                operator: GreaterThan,
                value: Value::Size {
                    amount: 5,
                    unit: SizeUnit::Megabytes,
                },
            }],
            vec![Action::AddKeyword("$Gros".into())],
        ),
        rule(
            "quotes",
            All,
            vec![
                Condition::bare(HasAttachment, Is),
                text(Subject, Contains, "devis"),
            ],
            vec![Action::CopyTo(folder("Devis"))],
        ),
        rule(
            "accounting",
            All,
            vec![text(ToOrCc, Contains, "compta@")],
            vec![Action::AddKeyword("$Compta".into())],
        ),
        rule(
            "jira",
            All,
            vec![text(Subject, BeginsWith, "[jira]")],
            vec![Action::MarkRead, Action::MoveTo(folder("Jira"))],
        ),
        rule(
            "spam",
            Any,
            vec![
                text(Header("X-Spam-Flag".into()), Is, "yes"),
                text(Subject, Contains, "gagnez"),
            ],
            vec![Action::MoveToTrash, Action::StopProcessing],
        ),
        rule(
            "old-read",
            All,
            vec![
                Condition {
                    field: AgeInDays,
                    operator: GreaterThan,
                    value: Value::Number(365),
                },
                Condition {
                    field: Field::Status,
                    operator: Is,
                    value: Value::Status(crate::condition::Status::Read),
                },
            ],
            vec![Action::MoveTo(folder("Archives"))],
        ),
        rule(
            "direction",
            All,
            vec![text(Cc, Contains, "direction")],
            vec![Action::Flag],
        ),
        rule(
            "elodie",
            All,
            vec![text(Subject, Contains, "ÉLODIE")],
            vec![Action::AddKeyword("$Elodie".into())],
        ),
        rule(
            "family",
            Any,
            vec![
                text(From, Is, "maman@famille.test"),
                text(From, Contains, "famille"),
            ],
            vec![
                Action::MoveTo(folder("Famille")),
                Action::Alert {
                    template: "Message de {from} : {subject}".into(),
                },
            ],
        ),
        rule(
            "association",
            All,
            vec![text(AnyRecipient, EndsWith, "@asso.test")],
            vec![Action::CopyTo(folder("Asso"))],
        ),
        rule(
            "to-me-unread",
            All,
            vec![
                Condition::bare(ToMe, Is),
                Condition {
                    field: Field::Status,
                    operator: IsNot,
                    value: Value::Status(crate::condition::Status::Read),
                },
                text(Subject, DoesNotContain, "lettre"),
            ],
            vec![Action::AddKeyword("$APlat".into())],
        ),
        rule(
            "meeting",
            All,
            vec![text(Subject, Matches, "*invitation*point*")],
            vec![Action::AddKeyword("$Agenda".into())],
        ),
    ])
}

/// The context of the benchmark: the user "demo", now = 2026-03-10, Paris winter time.
pub fn bench_context() -> Context {
    Context {
        now: Timestamp(1_773_144_000),
        identities: vec!["demo@example.test".to_owned()],
        utc_offset_seconds: 3600,
        trash: FolderPath("Trash".to_owned()),
    }
}

/// `n` synthetic inbox messages, the same for a given `n` on every platform.
pub fn bench_messages(n: usize) -> Vec<MessageFacts> {
    let mut lcg = Lcg(0x00fa_c7e0);
    let now = bench_context().now.0;
    let address = |(name, email): (&str, &str)| Address {
        name: Some(name.to_owned()),
        email: email.to_owned(),
    };
    (0..n)
        .map(|i| {
            let sender = *lcg.pick(&SENDERS);
            let subject = lcg
                .pick(&SUBJECTS)
                .replace("{}", &(lcg.next() % 1000).to_string());
            let mut to = vec![address(("Demo", "demo@example.test"))];
            if lcg.chance(10) {
                to.push(address(*lcg.pick(&SENDERS)));
            }
            let cc = if lcg.chance(20) {
                vec![address(*lcg.pick(&SENDERS))]
            } else {
                Vec::new()
            };
            let received = Timestamp(now - (lcg.next() % (2 * 365 * 86_400)) as i64);
            let mut flags = Vec::new();
            if lcg.chance(60) {
                flags.push(Flag::Seen);
            }
            if lcg.chance(5) {
                flags.push(Flag::Flagged);
            }
            let list_id = (sender.1.contains("lettre") || sender.1.contains("github"))
                .then(|| format!("<{}.lists.test>", sender.0.to_lowercase().replace(' ', "-")));
            let headers = if lcg.chance(3) {
                vec![("X-Spam-Flag".to_owned(), "YES".to_owned())]
            } else {
                Vec::new()
            };
            MessageFacts {
                uid: Uid(i as u32 + 1),
                folder: FolderPath::inbox(),
                from: Some(address(sender)),
                to,
                cc,
                bcc: Vec::new(),
                reply_to: Vec::new(),
                subject,
                date: Some(received),
                received,
                size: (lcg.next() % (8 * 1024 * 1024)) as u32,
                flags,
                keywords: Vec::new(),
                has_attachments: lcg.chance(25),
                list_id,
                headers,
                body_text: None,
            }
        })
        .collect()
}

/// The whole corpus: rules, `n` messages and the context.
pub fn bench_corpus(n: usize) -> (RuleSet, Vec<MessageFacts>, Context) {
    (bench_rules(), bench_messages(n), bench_context())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compile::CompiledRuleSet;
    use crate::plan::plan;

    #[test]
    fn the_corpus_is_valid_deterministic_and_varied() {
        let (rules, messages, context) = bench_corpus(2_000);
        assert_eq!(rules.rules.len(), 20);
        assert_eq!(messages, bench_messages(2_000));
        let compiled = CompiledRuleSet::new(&rules).expect("valid bench rules");
        let plan = plan(&compiled, &messages, &context);
        // Most rules should fire on some messages, or the benchmark measures little.
        assert!(plan.matched > 1_000, "{}", plan.matched);
        assert!(plan.moved_counts().len() >= 6, "{:?}", plan.moved_counts());
        assert!(plan.needs_body.is_empty());
    }
}
