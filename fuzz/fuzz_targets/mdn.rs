//! A `message/disposition-notification` body (RFC 8098) from a read receipt, the returned
//! headers beside it, and the xtext of ENVID/ORCPT values: parsed within their bounds.
#![no_main]

use facteur_delivery::{
    MAX_PROBLEMS, RecipientStatus, ReportRefs, SentMessageKey, match_report,
    message_id_from_headers, parse_disposition_notification, parse_orcpt, recipient_of_mdn,
    xtext_decode, xtext_encode,
};
use facteur_model::Timestamp;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &[u8]| {
    let _ = message_id_from_headers(body);
    let text = String::from_utf8_lossy(body);
    let _ = parse_orcpt(&text);
    let _ = xtext_decode(&text);
    // What we encode for the server we read back unchanged.
    assert_eq!(
        xtext_decode(&xtext_encode(&text)).ok().as_deref(),
        Some(&*text)
    );
    let Ok(mdn) = parse_disposition_notification(body) else {
        return;
    };
    assert!(mdn.problems.len() <= MAX_PROBLEMS);
    let key = SentMessageKey {
        envid: None,
        message_id: Some("<a@example.test>".into()),
        recipients: vec!["someone@example.test".into()],
    };
    let _ = match_report(&key, &ReportRefs::of_mdn(&mdn, Some(body)));
    if let Some(index) = recipient_of_mdn(&key, &mdn) {
        assert!(index < key.recipients.len());
    }
    let _ = RecipientStatus::from_mdn(&mdn, Some(Timestamp(0)));
});
