//! The roaming settings as stored in the mailbox (a METADATA value, or the JSON attached
//! to a message in the folder `Facteur`), which any other client may have written: read
//! by the bridge into the document it answers; what the bridge stores it reads back.
//! (The browser app's reading of the document is not here: building the app with
//! sanitizers costs more than the whole fuzz smoke step may take.)
#![no_main]

use facteur_backend::session::keys::SessionKeys;
use facteur_backend::session::seal::SealKey;
use facteur_backend::settings::mailbox::{settings_message, verified_document};
use facteur_backend::settings::signature::SettingsSigner;
use facteur_backend::settings::{document, encode, revision};
use facteur_model::settings::SettingsStorage;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|stored: &[u8]| {
    let signer = SettingsSigner::new(
        &SessionKeys::single(SealKey::from_bytes(&[7; 32])),
        "me@example.test",
    );
    // Bytes that landed in the folder are read only if they carry our MAC, which a
    // fuzzer (like a sender) cannot forge.
    if let Some(json) = verified_document(stored, &signer) {
        let _ = document(Some(&json), SettingsStorage::Mailbox);
    }
    // Whatever is stored, the message the bridge writes (and signs) gives it back.
    let mac = signer.sign(stored);
    let message = settings_message(
        stored,
        "Mon, 2 Mar 2026 10:00:00 +0000",
        "me@example.test",
        &mac,
    );
    assert_eq!(verified_document(&message, &signer).as_deref(), Some(stored));

    let read = document(Some(stored), SettingsStorage::Metadata);
    assert_eq!(read.revision, revision(Some(stored)));
    // A document the bridge read is one it can store again, and then reads the same.
    if let Ok(bytes) = encode(&read.settings) {
        let again = document(Some(&bytes), SettingsStorage::Metadata);
        assert_eq!(again.settings, read.settings);
    }
});
