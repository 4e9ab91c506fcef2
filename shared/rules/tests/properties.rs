//! Property tests of the engine: evaluation never panics, Sieve import never panics, and
//! rules → Sieve → rules gives the same rules for everything Sieve can express.

use facteur_model::calendar::LocalDate;
use facteur_model::message::{Address, Flag};
use facteur_model::{FolderPath, Timestamp, Uid};
use facteur_rules::sieve::{ExportOptions, ImportOptions, export, import};
use facteur_rules::{
    Action, CompiledRuleSet, Condition, Context, Field, MatchKind, MessageFacts, Operator, Rule,
    RuleSet, SizeUnit, Status, Value, plan,
};
use proptest::prelude::*;
use proptest::sample::Index;

const FOLDERS: [&str; 4] = [
    "Personnel",
    "Professionnel",
    "Archives/2026",
    "Reçus \"spéciaux\"",
];
const IDENTITIES: [&str; 2] = ["demo@example.test", "Moi@Laposte.test"];

fn identities() -> Vec<String> {
    IDENTITIES.iter().map(|s| s.to_string()).collect()
}

fn trash() -> FolderPath {
    FolderPath("Trash".into())
}

/// Non-blank text with the characters Sieve must escape and some non-ASCII.
fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9éÉß@. \"\\\\-]{0,10}[a-zA-Zé0-9]"
}

fn regex_text() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        r"^re:",
        r"\bfacture\b",
        "a.c",
        "[0-9]+ €",
        "é+|ss",
        r"\d{2,4}",
    ])
    .prop_map(str::to_owned)
}

fn field(expressible: bool) -> BoxedStrategy<Field> {
    let header = prop::sample::select(vec!["X-Tag", "X-Priority", "Organization"])
        .prop_map(|h| Field::Header(h.to_owned()));
    let mut fields = vec![
        Field::From,
        Field::To,
        Field::Cc,
        Field::ToOrCc,
        Field::AnyRecipient,
        Field::ReplyTo,
        Field::Subject,
        Field::Body,
        Field::Date,
        Field::Size,
        Field::MailingList,
        Field::FromMe,
        Field::ToMe,
    ];
    if !expressible {
        fields.extend([
            Field::AgeInDays,
            Field::HasAttachment,
            Field::Status,
            Field::Keyword,
        ]);
    }
    prop_oneof![4 => prop::sample::select(fields), 1 => header].boxed()
}

/// A condition valid for its field; only what Sieve expresses when `expressible`.
fn condition(expressible: bool) -> impl Strategy<Value = Condition> {
    (
        field(expressible),
        any::<Index>(),
        text(),
        regex_text(),
        text(),
        0u64..5000,
        (1990i32..2100, 1u8..=12, 1u8..=28),
        any::<Index>(),
    )
        .prop_map(
            |(field, op, text, regex, tail, number, (year, month, day), pick)| {
                let operators = field.operators();
                let operator = *op.get(operators);
                let value = match (&field, operator) {
                    (_, Operator::Exists | Operator::IsEmpty) => Value::None,
                    (Field::FromMe | Field::ToMe | Field::HasAttachment, _) => Value::None,
                    (Field::Date, _) => Value::Date(LocalDate { year, month, day }),
                    (Field::AgeInDays, _) => Value::Number(number),
                    (Field::Size, _) => Value::Size {
                        amount: number + 1,
                        unit: *pick.get(&[
                            SizeUnit::Bytes,
                            SizeUnit::Kilobytes,
                            SizeUnit::Megabytes,
                        ]),
                    },
                    (Field::Status, _) => {
                        Value::Status(*pick.get(&[Status::Read, Status::Flagged, Status::Answered]))
                    }
                    (Field::Keyword, _) => Value::Text("$Tag".into()),
                    (_, Operator::Regex) => Value::Text(regex),
                    // A `?` in the middle keeps the pattern a pattern (not "begins/ends with").
                    (_, Operator::Matches) => Value::Text(format!(
                        "{}?{}",
                        text.replace('\\', ""),
                        tail.replace('\\', "")
                    )),
                    _ => Value::Text(text),
                };
                Condition {
                    field,
                    operator,
                    value,
                }
            },
        )
}

fn action() -> impl Strategy<Value = Action> {
    let folder = prop::sample::select(FOLDERS.to_vec()).prop_map(|f| FolderPath(f.to_owned()));
    prop_oneof![
        folder.clone().prop_map(Action::MoveTo),
        folder.prop_map(Action::CopyTo),
        Just(Action::MarkRead),
        Just(Action::MarkUnread),
        Just(Action::Flag),
        Just(Action::Unflag),
        prop::sample::select(vec!["$Tri", "Projet"]).prop_map(|k| Action::AddKeyword(k.into())),
        prop::sample::select(vec!["$Vu", "Urgent"]).prop_map(|k| Action::RemoveKeyword(k.into())),
        Just(Action::MoveToTrash),
        prop::sample::select(vec![
            "Note : {subject}",
            "De {from} \"{folder}\" \\o/",
            "{{x}} {rule}"
        ])
        .prop_map(|t| Action::Alert { template: t.into() }),
    ]
}

fn rule(expressible: bool) -> impl Strategy<Value = Rule> {
    (
        prop::sample::select(vec![MatchKind::All, MatchKind::Any, MatchKind::AllMessages]),
        prop::collection::vec(condition(expressible), 1..4),
        prop::collection::vec(action(), 1..4),
        any::<bool>(),
        "[A-Za-zé \"\\\\]{0,8}",
    )
        .prop_map(|(match_kind, conditions, actions, stop_after, name)| Rule {
            id: String::new(),
            name: format!("N{name}"),
            enabled: true,
            match_kind,
            conditions: if match_kind == MatchKind::AllMessages {
                Vec::new()
            } else {
                conditions
            },
            actions,
            stop_after,
        })
}

/// A valid rule set (rules that validation refuses, e.g. conflicting moves, are dropped).
fn rule_set(expressible: bool) -> impl Strategy<Value = RuleSet> {
    prop::collection::vec(rule(expressible), 0..5).prop_map(|rules| {
        let valid = rules
            .into_iter()
            .enumerate()
            .map(|(i, mut r)| {
                r.id = format!("r{i}");
                r
            })
            .filter(|r| CompiledRuleSet::new(&RuleSet::new(vec![r.clone()])).is_ok())
            .collect();
        RuleSet::new(valid)
    })
}

fn address() -> impl Strategy<Value = Address> {
    (
        proptest::option::of(".{0,12}"),
        prop_oneof![".{0,16}", Just("demo@example.test".to_owned())],
    )
        .prop_map(|(name, email)| Address { name, email })
}

fn facts() -> impl Strategy<Value = MessageFacts> {
    (
        (
            any::<u32>(),
            prop::sample::select(vec!["INBOX", "Personnel", "Trash"]),
            proptest::option::of(address()),
            prop::collection::vec(address(), 0..3),
            prop::collection::vec(address(), 0..2),
        ),
        (
            ".{0,30}",
            proptest::option::of(any::<i64>()),
            any::<i64>(),
            any::<u32>(),
        ),
        (
            prop::collection::vec(
                prop::sample::select(vec![Flag::Seen, Flag::Flagged, Flag::Answered]),
                0..3,
            ),
            prop::collection::vec("[$A-Za-z]{1,6}", 0..3),
            any::<bool>(),
            proptest::option::of(".{0,20}"),
        ),
        (
            prop::collection::vec((".{0,10}", ".{0,20}"), 0..3),
            proptest::option::of(".{0,60}"),
        ),
    )
        .prop_map(
            |(
                (uid, folder, from, to, cc),
                (subject, date, received, size),
                (flags, keywords, has_attachments, list_id),
                (headers, body_text),
            )| MessageFacts {
                uid: Uid(uid),
                folder: FolderPath(folder.to_owned()),
                from,
                to,
                cc: cc.clone(),
                bcc: cc,
                reply_to: Vec::new(),
                subject,
                date: date.map(Timestamp),
                received: Timestamp(received),
                size,
                flags,
                keywords,
                has_attachments,
                list_id,
                headers,
                body_text,
            },
        )
}

fn context(now: i64, offset: i32) -> Context {
    Context {
        now: Timestamp(now),
        identities: identities(),
        utc_offset_seconds: offset,
        trash: trash(),
    }
}

/// The form import gives back: actions in Sieve's order, one-condition rules as "all",
/// sizes in their largest exact unit.
fn canonical(set: &RuleSet) -> RuleSet {
    let mut set = set.clone();
    for rule in &mut set.rules {
        if rule.conditions.len() == 1 {
            rule.match_kind = MatchKind::All;
        }
        for condition in &mut rule.conditions {
            if let Value::Size { amount, unit } = condition.value {
                let bytes = amount * unit.bytes();
                condition.value = if bytes % (1 << 20) == 0 {
                    Value::Size {
                        amount: bytes >> 20,
                        unit: SizeUnit::Megabytes,
                    }
                } else if bytes % 1024 == 0 {
                    Value::Size {
                        amount: bytes >> 10,
                        unit: SizeUnit::Kilobytes,
                    }
                } else {
                    Value::Size {
                        amount: bytes,
                        unit: SizeUnit::Bytes,
                    }
                };
            }
        }
        rule.actions.sort_by_key(|action| match action {
            Action::CopyTo(_) => 1,
            Action::MoveTo(_) | Action::MoveToTrash => 2,
            Action::Alert { .. } => 3,
            _ => 0,
        });
    }
    set
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn evaluation_never_panics(
        set in rule_set(false),
        messages in prop::collection::vec(facts(), 1..6),
        now in any::<i64>(),
        offset in -50_000i32..50_000,
    ) {
        let compiled = CompiledRuleSet::new(&set).expect("the strategy keeps valid rules");
        let context = context(now, offset);
        for message in &messages {
            let outcome = compiled.evaluate(message, &context);
            prop_assert!(outcome.actions.iter().filter(|a| a.is_move()).count() <= 1);
        }
        let planned = plan(&compiled, &messages, &context);
        prop_assert_eq!(planned.examined, messages.len());
    }

    #[test]
    fn rules_survive_a_sieve_round_trip(set in rule_set(true)) {
        prop_assume!(set.rules.iter().all(|r| {
            // Any-of over bare existence tests on To and Cc reads back as "to or cc exists".
            !(r.match_kind == MatchKind::Any && r.conditions.iter().all(|c| c.operator == Operator::Exists))
        }));
        let ids = identities();
        let trash = trash();
        let script = export(&set, ExportOptions { identities: &ids, trash: &trash });
        let imported = import(&script, ImportOptions { identities: &ids, trash: &trash });
        prop_assert_eq!(&imported.issues, &vec![], "{}", script);
        prop_assert_eq!(canonical(&imported.rules), canonical(&set), "{}", script);
    }

    #[test]
    fn import_never_panics_on_any_text(script in ".{0,300}") {
        let ids = identities();
        let trash = trash();
        let _ = import(&script, ImportOptions { identities: &ids, trash: &trash });
    }

    #[test]
    fn import_never_panics_on_sieve_like_text(
        words in prop::collection::vec(prop::sample::select(vec![
            "if", "elsif", "else", "not", "allof", "anyof", "header", "address", "exists", "size",
            "body", "date", ":contains", ":is", ":matches", ":regex", ":over", ":under", ":copy",
            ":comparator", ":value", ":domain", "\"lt\"", "\"from\"", "\"x\"", "[", "]", "(", ")",
            "{", "}", ",", ";", "10K", "fileinto", "addflag", "stop", "keep", "discard", "true",
            "false", "require", "\"\\\\Seen\"", "# rule \"a\" \"b\"", "\n", "text:\n.\n",
        ]), 0..60),
    ) {
        let ids = identities();
        let trash = trash();
        let _ = import(&words.join(" "), ImportOptions { identities: &ids, trash: &trash });
    }

    #[test]
    fn import_never_panics_on_damaged_exports(set in rule_set(true), cut in any::<Index>(), junk in ".{0,5}") {
        let ids = identities();
        let trash = trash();
        let script = export(&set, ExportOptions { identities: &ids, trash: &trash });
        let chars: Vec<char> = script.chars().collect();
        let at = cut.index(chars.len() + 1);
        let damaged: String = chars[..at].iter().collect::<String>() + &junk + &chars[at..].iter().collect::<String>();
        let _ = import(&damaged, ImportOptions { identities: &ids, trash: &trash });
    }
}
