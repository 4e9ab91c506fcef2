//! Telling a self-signed certificate from one by an unknown authority: rustls reports
//! both as an unknown issuer, but the advice differs (a self-signed certificate is the
//! server's own, to be replaced or trusted on purpose; an unknown authority may just be
//! a private CA the operator can add).
//!
//! After an unknown-issuer failure on an implicit-TLS port, a second handshake captures
//! the server's certificate and stops right there: it never accepts it.

use rustls_pki_types::{CertificateDer, ServerName, UnixTime};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::rustls::client::danger::{
    HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier,
};
use tokio_rustls::rustls::crypto::{CryptoProvider, ring};
use tokio_rustls::rustls::{self, ClientConfig, DigitallySignedStruct, SignatureScheme};

/// One DER element: its tag, its content, the whole element and what follows it.
struct Element<'a> {
    tag: u8,
    content: &'a [u8],
    whole: &'a [u8],
    rest: &'a [u8],
}

/// Reads one DER element (definite lengths up to 4 bytes, as certificates use).
fn element(input: &[u8]) -> Option<Element<'_>> {
    let (&tag, after_tag) = input.split_first()?;
    let (&first, after_first) = after_tag.split_first()?;
    let (length, body) = if first < 0x80 {
        (usize::from(first), after_first)
    } else {
        let count = usize::from(first & 0x7f);
        if count == 0 || count > 4 || after_first.len() < count {
            return None;
        }
        let length = after_first[..count]
            .iter()
            .fold(0usize, |acc, byte| (acc << 8) | usize::from(*byte));
        (length, &after_first[count..])
    };
    if body.len() < length {
        return None;
    }
    let header = input.len() - body.len();
    Some(Element {
        tag,
        content: &body[..length],
        whole: &input[..header + length],
        rest: &body[length..],
    })
}

/// Whether an X.509 certificate names itself as its issuer (issuer = subject).
pub fn is_self_issued(der: &[u8]) -> bool {
    let walk = || -> Option<bool> {
        let certificate = element(der).filter(|e| e.tag == 0x30)?;
        let tbs = element(certificate.content).filter(|e| e.tag == 0x30)?;
        let mut field = element(tbs.content)?;
        if field.tag == 0xa0 {
            // The explicit version.
            field = element(field.rest)?;
        }
        let signature = element(field.rest)?; // after the serial number
        let issuer = element(signature.rest).filter(|e| e.tag == 0x30)?;
        let validity = element(issuer.rest)?;
        let subject = element(validity.rest).filter(|e| e.tag == 0x30)?;
        Some(issuer.whole == subject.whole)
    };
    walk().unwrap_or(false)
}

/// A verifier that keeps the server's certificate and fails the handshake.
#[derive(Debug)]
struct Capture {
    seen: Mutex<Option<Vec<u8>>>,
    provider: Arc<CryptoProvider>,
}

impl ServerCertVerifier for Capture {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if let Ok(mut seen) = self.seen.lock() {
            *seen = Some(end_entity.to_vec());
        }
        Err(rustls::Error::General("certificate captured".into()))
    }

    fn verify_tls12_signature(
        &self,
        _message: &[u8],
        _cert: &CertificateDer<'_>,
        _dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        Err(rustls::Error::General("never accepted".into()))
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.verify_tls12_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// The certificate the server at `addr` presents for `host`, if it presents one in time.
pub async fn server_certificate(addr: SocketAddr, host: &str, wait: Duration) -> Option<Vec<u8>> {
    let provider = Arc::new(ring::default_provider());
    let capture = Arc::new(Capture {
        seen: Mutex::new(None),
        provider: provider.clone(),
    });
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .ok()?
        .dangerous()
        .with_custom_certificate_verifier(capture.clone())
        .with_no_client_auth();
    let name = ServerName::try_from(host.to_owned()).ok()?;
    let handshake = async {
        let tcp = TcpStream::connect(addr).await.ok()?;
        // Always fails: the verifier refuses after keeping the certificate.
        let _ = TlsConnector::from(Arc::new(config))
            .connect(name, tcp)
            .await;
        Some(())
    };
    tokio::time::timeout(wait, handshake).await.ok()??;
    capture.seen.lock().ok()?.take()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn self_signed_and_ca_signed_certificates_are_told_apart() {
        let key = rcgen::KeyPair::generate().unwrap();
        let own = rcgen::CertificateParams::new(vec!["mail.example.test".to_owned()])
            .unwrap()
            .self_signed(&key)
            .unwrap();
        assert!(is_self_issued(own.der()));

        let ca_key = rcgen::KeyPair::generate().unwrap();
        let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "Some CA");
        let ca = rcgen::CertifiedIssuer::self_signed(ca_params, ca_key).unwrap();
        let leaf_key = rcgen::KeyPair::generate().unwrap();
        let leaf = rcgen::CertificateParams::new(vec!["mail.example.test".to_owned()])
            .unwrap()
            .signed_by(&leaf_key, &ca)
            .unwrap();
        assert!(!is_self_issued(leaf.der()));
    }

    #[test]
    fn garbage_is_not_a_self_signed_certificate() {
        for input in [
            &b""[..],
            b"\x30",
            b"\x30\x84\xff\xff\xff\xff",
            b"hello world",
        ] {
            assert!(!is_self_issued(input), "{input:?}");
        }
    }
}
