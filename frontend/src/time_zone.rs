//! The browser's time zone, asked at each instant so daylight saving time is right.

use facteur_model::Timestamp;
use facteur_model::calendar::UtcOffset;

/// The time zone the browser runs in (the user's local time).
#[derive(Debug, Clone, Copy, Default)]
pub struct BrowserZone;

impl UtcOffset for BrowserZone {
    fn offset_seconds_at(&self, at: Timestamp) -> i32 {
        let millis = at.0 as f64 * 1000.0;
        let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(millis));
        // getTimezoneOffset is UTC minus local time, in minutes.
        -(date.get_timezone_offset() as i32) * 60
    }
}

/// The current time, from the browser's clock.
pub fn now() -> Timestamp {
    Timestamp((js_sys::Date::now() / 1000.0).floor() as i64)
}
