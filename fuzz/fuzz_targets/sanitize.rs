//! Message HTML through the sanitizer, under both image policies: no script, handler or
//! script link survives, and sanitizing again changes nothing.
#![no_main]

use backend::mime::sanitize::{ImagePolicy, InlineImages, sanitize_html};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|html: &str| {
    let mut inline = InlineImages::new();
    inline.insert("logo".into(), "data:image/png;base64,iVBORw0KGgo=".into());
    for policy in [ImagePolicy::Blocked, ImagePolicy::Shown] {
        let clean = sanitize_html(html, policy, inline.clone());
        facteur_fuzz::assert_safe_html(&clean.html);
        let again = sanitize_html(&clean.html, policy, inline.clone());
        assert_eq!(
            again.html, clean.html,
            "sanitizing twice changed the output"
        );
    }
});
