//! Outbound connections to mail servers: TCP to checked addresses, TLS, one stream type.

pub mod bounded;
pub mod dial;
pub mod greeting;
pub mod literal_high_water;
pub mod response_code;
pub mod sasl;
pub mod stream;
pub mod tls;

pub use stream::MailStream;
