//! A certificate authority made in the test, for local TLS servers the bridge is told to
//! trust (discovery's HTTPS fixture, fake mail servers with broken certificates).

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::{self, ServerConfig};

/// A CA whose certificate is written to a PEM file (for `outbound.extra_ca_file`).
pub struct TestCa {
    /// The CA certificate, PEM.
    pub ca_file: PathBuf,
    issuer: rcgen::CertifiedIssuer<'static, rcgen::KeyPair>,
}

/// When a server certificate is valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Validity {
    /// From a year ago for ten years.
    Current,
    /// Expired in 2021.
    Expired,
}

impl TestCa {
    /// A fresh CA named `Facteur setup test CA`.
    pub fn new() -> TestCa {
        let key = rcgen::KeyPair::generate().expect("CA key");
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).expect("CA params");
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "Facteur setup test CA");
        let issuer = rcgen::CertifiedIssuer::self_signed(params, key).expect("CA certificate");
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let ca_file =
            std::env::temp_dir().join(format!("facteur-test-ca-{}-{n}.pem", std::process::id()));
        std::fs::write(&ca_file, issuer.pem()).expect("write the CA file");
        TestCa { ca_file, issuer }
    }

    /// A TLS server configuration with a certificate this CA signed for `names`.
    pub fn server(&self, names: &[&str], validity: Validity) -> Arc<ServerConfig> {
        let key = rcgen::KeyPair::generate().expect("server key");
        let mut params = rcgen::CertificateParams::new(
            names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>(),
        )
        .expect("server params");
        if validity == Validity::Expired {
            params.not_before = rcgen::date_time_ymd(2020, 1, 1);
            params.not_after = rcgen::date_time_ymd(2021, 1, 1);
        }
        let certificate = params.signed_by(&key, &self.issuer).expect("server cert");
        server_config(certificate.der().to_vec(), &key)
    }

    /// A TLS server configuration with a certificate signed by its own key for `names`.
    pub fn self_signed_server(names: &[&str]) -> Arc<ServerConfig> {
        let key = rcgen::KeyPair::generate().expect("server key");
        let certificate = rcgen::CertificateParams::new(
            names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>(),
        )
        .expect("server params")
        .self_signed(&key)
        .expect("self-signed cert");
        server_config(certificate.der().to_vec(), &key)
    }
}

impl Default for TestCa {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for TestCa {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.ca_file);
    }
}

fn server_config(der: Vec<u8>, key: &rcgen::KeyPair) -> Arc<ServerConfig> {
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
    let config =
        ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .expect("TLS versions")
            .with_no_client_auth()
            .with_single_cert(vec![CertificateDer::from(der)], key)
            .expect("server certificate");
    Arc::new(config)
}
