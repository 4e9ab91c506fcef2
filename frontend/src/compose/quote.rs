//! The quoted part of replies and forwards, as text and as editor HTML.

use super::rich_text::{escape_html, text_to_html};
use crate::i18n::{ComposeText, Locale, Text, reply_attribution, time_of_day};
use facteur_model::calendar::{LocalDate, UtcOffset};
use facteur_model::message::{Address, MessageDetail};

/// The line introducing a quoted message, in the local time of `zone`.
pub fn attribution(locale: Locale, message: &MessageDetail, zone: &impl UtcOffset) -> String {
    let summary = &message.summary;
    let at = summary.date.unwrap_or(summary.received);
    let date = LocalDate::of(at, zone);
    let sender = summary
        .from
        .as_ref()
        .map(|a| a.label().to_owned())
        .unwrap_or_else(|| Text::UnknownSender.get(locale).to_owned());
    reply_attribution(
        locale,
        (date.year, date.month, date.day),
        &time_of_day(at, zone),
        &sender,
    )
}

/// `text` quoted for a reply: "> " before each line, ">" before already quoted ones.
pub fn quote_lines(text: &str) -> String {
    text.lines()
        .map(|line| {
            if line.starts_with('>') {
                format!(">{line}")
            } else if line.is_empty() {
                ">".to_owned()
            } else {
                format!("> {line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The editor HTML of a reply's quote: the attribution, then the message in a
/// `<blockquote>`.
pub fn reply_html(locale: Locale, message: &MessageDetail, zone: &impl UtcOffset) -> String {
    let body = message.text.as_deref().unwrap_or("");
    format!(
        "<div>{}</div><blockquote type=\"cite\">{}</blockquote>",
        escape_html(&attribution(locale, message, zone)),
        text_to_html(body.trim_end())
    )
}

/// The text of an inline forward: a header block (From, Date, Subject, To, Cc), then the
/// message's text.
pub fn forward_text(locale: Locale, message: &MessageDetail, zone: &impl UtcOffset) -> String {
    let summary = &message.summary;
    let at = summary.date.unwrap_or(summary.received);
    let mut lines = vec![format!(
        "-------- {} --------",
        ComposeText::ForwardedMessage.get(locale)
    )];
    let mut field = |label: ComposeText, value: String| {
        if !value.is_empty() {
            lines.push(format!(
                "{}{} {value}",
                label.get(locale),
                locale.pick(" :", ":")
            ));
        }
    };
    field(
        ComposeText::FromLabel,
        summary.from.iter().map(written_label).collect(),
    );
    field(
        ComposeText::ForwardDate,
        crate::i18n::full_date_time(locale, at, zone),
    );
    field(ComposeText::SubjectLabel, summary.subject.clone());
    field(ComposeText::ToLabel, joined(&summary.to));
    field(ComposeText::CcLabel, joined(&summary.cc));
    let body = message.text.as_deref().unwrap_or("").trim_end();
    format!("{}\n\n{body}", lines.join("\n"))
}

/// The editor HTML of an inline forward.
pub fn forward_html(locale: Locale, message: &MessageDetail, zone: &impl UtcOffset) -> String {
    text_to_html(&forward_text(locale, message, zone))
}

fn written_label(address: &Address) -> String {
    match address.name.as_deref().map(str::trim) {
        Some(name) if !name.is_empty() => format!("{name} <{}>", address.email),
        _ => address.email.clone(),
    }
}

fn joined(list: &[Address]) -> String {
    list.iter()
        .map(written_label)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::rich_text::html_to_text;
    use crate::test_messages;
    use facteur_model::Timestamp;
    use facteur_model::calendar::FixedOffset;
    use facteur_model::message::MessageSummary;

    /// Thursday 26 November 2026, 09:04 UTC (10:04 in Paris).
    const AT: Timestamp = Timestamp(1_795_683_840);
    const PARIS: FixedOffset = FixedOffset(3600);

    fn message(text: &str) -> MessageDetail {
        MessageDetail {
            text: Some(text.into()),
            ..test_messages::detail(MessageSummary {
                from: Some(Address {
                    name: Some("Alice Martin".into()),
                    email: "alice@example.com".into(),
                }),
                to: vec![Address {
                    name: None,
                    email: "marie@example.org".into(),
                }],
                subject: "Devis".into(),
                date: Some(AT),
                received: AT,
                size: 100,
                ..test_messages::summary(3)
            })
        }
    }

    #[test]
    fn attribution_in_both_languages_and_local_time() {
        let m = message("x");
        assert_eq!(
            attribution(Locale::Fr, &m, &PARIS),
            "Le 26 nov. 2026 à 10:04, Alice Martin a écrit :"
        );
        assert_eq!(
            attribution(Locale::En, &m, &PARIS),
            "On 26 Nov 2026 at 10:04, Alice Martin wrote:"
        );
    }

    #[test]
    fn quoting_marks_every_line() {
        assert_eq!(
            quote_lines("Bonjour,\n\n> avant\nFin"),
            "> Bonjour,\n>\n>> avant\n> Fin"
        );
    }

    #[test]
    fn reply_html_reads_back_as_quoted_text() {
        let m = message("Bonjour,\n\nÀ <demain>.\n");
        let html = reply_html(Locale::Fr, &m, &PARIS);
        assert!(html.contains("&lt;demain&gt;"));
        assert_eq!(
            html_to_text(&html),
            "Le 26 nov. 2026 à 10:04, Alice Martin a écrit :\n> Bonjour,\n>\n> À <demain>."
        );
    }

    #[test]
    fn forwards_carry_the_original_headers() {
        let m = message("Le texte.");
        assert_eq!(
            forward_text(Locale::En, &m, &PARIS),
            "-------- Forwarded message --------\nFrom: Alice Martin <alice@example.com>\n\
             Date: Thursday, 26 November 2026 at 10:04\nSubject: Devis\nTo: marie@example.org\n\n\
             Le texte."
        );
        let fr = forward_text(Locale::Fr, &m, &PARIS);
        assert!(fr.starts_with("-------- Message transféré --------\nDe : Alice Martin"));
        assert!(fr.contains("\nObjet : Devis\nÀ : marie@example.org\n\nLe texte."));
        assert_eq!(
            html_to_text(&forward_html(Locale::En, &m, &PARIS)),
            forward_text(Locale::En, &m, &PARIS)
        );
    }
}
