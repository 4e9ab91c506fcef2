//! A `message/delivery-status` body (RFC 3464) from a bounce: parsed within its bounds,
//! and the parsed report matched against a sent message without panicking.
#![no_main]

use facteur_delivery::{
    MAX_PROBLEMS, MAX_RECIPIENTS, RecipientStatus, ReportRefs, SentMessageKey, StatusCode, combine,
    match_report, parse_delivery_status, recipient_of_dsn,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &[u8]| {
    let _ = StatusCode::parse(&String::from_utf8_lossy(body));
    let Ok(report) = parse_delivery_status(body) else {
        return;
    };
    assert!(report.recipients.len() <= MAX_RECIPIENTS);
    // Each recipient block takes at least one line of the body.
    assert!(report.recipients.len() <= body.len());
    assert!(report.problems.len() <= MAX_PROBLEMS);
    let key = SentMessageKey {
        envid: Some("facteur.1".into()),
        message_id: Some("<a@example.test>".into()),
        recipients: vec!["someone@example.test".into(), "other@example.test".into()],
    };
    let _ = match_report(&key, &ReportRefs::of_dsn(&report, Some(body)));
    let mut statuses = Vec::new();
    for recipient in &report.recipients {
        if let Some(index) = recipient_of_dsn(&key, recipient) {
            assert!(index < key.recipients.len());
        }
        statuses.push(RecipientStatus::from_dsn(recipient));
    }
    let _ = combine(statuses);
});
