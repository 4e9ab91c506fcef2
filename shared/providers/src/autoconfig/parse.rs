//! The event-by-event reader behind [`parse_autoconfig`].

use super::validate::{ServerDraft, missing, shorten, validate};
use super::{AutoconfigError, ClientConfig, Documentation, MAX_AUTOCONFIG_BYTES};
use crate::server::Protocol;
use quick_xml::Reader;
use quick_xml::XmlVersion;
use quick_xml::errors::Error as XmlError;
use quick_xml::escape::{EscapeError, resolve_predefined_entity};
use quick_xml::events::{BytesStart, Event};

/// Real files nest four levels deep; anything far deeper is hostile or broken.
const MAX_DEPTH: usize = 32;

const PROVIDER: &[&str] = &["clientConfig", "emailProvider"];

/// Reads an autoconfig file; see the [module documentation](super) for what is refused.
pub fn parse_autoconfig(input: &[u8]) -> Result<ClientConfig, AutoconfigError> {
    if input.len() > MAX_AUTOCONFIG_BYTES {
        return Err(AutoconfigError::TooLarge { size: input.len() });
    }
    let text = std::str::from_utf8(input).map_err(|error| AutoconfigError::NotUtf8 {
        at: error.valid_up_to(),
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = Reader::from_str(text);
    let mut state = State::default();
    loop {
        let event = reader
            .read_event()
            .map_err(|error| xml_error(&reader, error))?;
        match event {
            Event::Start(start) => state
                .open(&start, reader.buffer_position())
                .map_err(|e| xml_error(&reader, e))??,
            Event::Empty(start) => {
                state
                    .open(&start, reader.buffer_position())
                    .map_err(|e| xml_error(&reader, e))??;
                state.close();
            }
            Event::End(_) => state.close(),
            Event::Text(text) => state.text.push_str(&text.xml10_content()),
            Event::CData(data) => state.text.push_str(&data.xml10_content()),
            Event::GeneralRef(reference) => {
                if reference.is_char_ref() {
                    match reference.resolve_char_ref() {
                        Ok(Some(ch)) => state.text.push(ch),
                        Ok(None) => {}
                        Err(error) => return Err(xml_error(&reader, error)),
                    }
                } else if let Some(replacement) = resolve_predefined_entity(&reference) {
                    state.text.push_str(replacement);
                } else {
                    return Err(AutoconfigError::UnknownEntity {
                        name: shorten(&reference),
                    });
                }
            }
            Event::DocType(_) => return Err(AutoconfigError::DoctypeRefused),
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            Event::Eof => break,
        }
    }
    if let Some(open) = state.stack.last() {
        return Err(AutoconfigError::Malformed {
            at: reader.buffer_position(),
            reason: format!("the file ends before <{open}> is closed"),
        });
    }
    state.finish()
}

fn xml_error(reader: &Reader<&[u8]>, error: XmlError) -> AutoconfigError {
    if let XmlError::Escape(EscapeError::UnrecognizedEntity(_, name)) = &error {
        return AutoconfigError::UnknownEntity {
            name: shorten(name),
        };
    }
    AutoconfigError::Malformed {
        at: reader.error_position(),
        reason: error.to_string(),
    }
}

#[derive(Default)]
struct State {
    stack: Vec<String>,
    text: String,
    root: Option<String>,
    /// 0 before the first `emailProvider`, 1 inside it, 2 after: later ones are ignored.
    provider: u8,
    id: Option<String>,
    domains: Vec<String>,
    display_name: Option<String>,
    display_short_name: Option<String>,
    servers: Vec<ServerDraft>,
    incoming_count: usize,
    outgoing_count: usize,
    documentation: Vec<Documentation>,
    /// The `lang` of the `descr` being read.
    descr_lang: Option<String>,
}

impl State {
    fn at(&self, path: &[&str]) -> bool {
        self.provider == 1
            && self.stack.len() == path.len()
            && self.stack.iter().zip(path).all(|(open, name)| open == name)
    }

    fn in_provider_child(&self, child: &str) -> bool {
        self.stack.len() == 3 && self.at_prefix(PROVIDER) && self.stack[2] == child
    }

    fn at_prefix(&self, path: &[&str]) -> bool {
        self.provider == 1
            && self.stack.len() >= path.len()
            && self.stack.iter().zip(path).all(|(open, name)| open == name)
    }

    /// An element opens. The outer `Result` is the XML reader's, the inner one ours.
    fn open(
        &mut self,
        start: &BytesStart,
        position: u64,
    ) -> Result<Result<(), AutoconfigError>, XmlError> {
        // The qualified name: a prefixed element (`x:domain`) is someone else's extension.
        let name = start.name().as_ref().to_owned();
        self.text.clear();
        if self.stack.len() >= MAX_DEPTH {
            return Ok(Err(AutoconfigError::TooDeep));
        }
        if self.stack.is_empty() {
            if self.root.is_some() {
                // A second root element: not XML, whatever its name.
                return Ok(Err(AutoconfigError::Malformed {
                    at: position,
                    reason: format!("a second root element <{}>", shorten(&name)),
                }));
            }
            self.root = Some(name.clone());
            if name != "clientConfig" {
                return Ok(Err(AutoconfigError::NotClientConfig {
                    root: Some(shorten(&name)),
                }));
            }
        }
        let is_first_provider =
            self.provider == 0 && self.stack.len() == 1 && name == "emailProvider";
        if is_first_provider {
            self.provider = 1;
            self.id = attribute(start, "id")?;
        } else if self.at(PROVIDER) && (name == "incomingServer" || name == "outgoingServer") {
            let outgoing = name == "outgoingServer";
            let count = if outgoing {
                &mut self.outgoing_count
            } else {
                &mut self.incoming_count
            };
            *count += 1;
            self.servers.push(ServerDraft {
                outgoing,
                index: *count,
                kind: attribute(start, "type")?,
                ..ServerDraft::default()
            });
        } else if self.at(PROVIDER) && name == "documentation" {
            let url = attribute(start, "url")?.unwrap_or_default();
            self.documentation.push(Documentation {
                url,
                descriptions: Vec::new(),
            });
        } else if self.in_provider_child("documentation") && name == "descr" {
            self.descr_lang = attribute(start, "lang")?;
        }
        self.stack.push(name);
        Ok(Ok(()))
    }

    /// The innermost element closes; its text is the field's value if it is one.
    fn close(&mut self) {
        let Some(name) = self.stack.pop() else { return };
        let value = std::mem::take(&mut self.text).trim().to_owned();
        if self.at(PROVIDER) {
            match name.as_str() {
                // Lower-cased unless it is a placeholder, which must keep its capitals.
                "domain" if value.contains('%') => self.domains.push(value),
                "domain" if !value.is_empty() => self.domains.push(value.to_ascii_lowercase()),
                "displayName" => self.display_name = Some(value).filter(|v| !v.is_empty()),
                "displayShortName" => {
                    self.display_short_name = Some(value).filter(|v| !v.is_empty())
                }
                _ => {}
            }
        } else if self.in_provider_child("incomingServer")
            || self.in_provider_child("outgoingServer")
        {
            let Some(server) = self.servers.last_mut() else {
                return;
            };
            let field = match name.as_str() {
                "hostname" => &mut server.hostname,
                "port" => &mut server.port,
                "socketType" => &mut server.socket_type,
                "username" => &mut server.username,
                "authentication" => {
                    if !value.is_empty() {
                        server.authentication.push(value);
                    }
                    return;
                }
                _ => return,
            };
            // The first occurrence wins, as in Thunderbird.
            if field.is_none() && !value.is_empty() {
                *field = Some(value);
            }
        } else if self.in_provider_child("documentation") && name == "descr" {
            if let Some(doc) = self.documentation.last_mut() {
                doc.descriptions.push((self.descr_lang.take(), value));
            }
        } else if self.stack.len() == 1 && name == "emailProvider" && self.provider == 1 {
            self.provider = 2;
        }
    }

    fn finish(self) -> Result<ClientConfig, AutoconfigError> {
        if self.root.is_none() {
            return Err(AutoconfigError::NotClientConfig { root: None });
        }
        let mut problems = Vec::new();
        if self.provider == 0 {
            problems.push(missing("emailProvider"));
            return Err(AutoconfigError::Incomplete { problems });
        }
        let id = self.id.filter(|id| !id.trim().is_empty());
        if id.is_none() {
            problems.push(missing("emailProvider/@id"));
        }
        let mut incoming = Vec::new();
        let mut outgoing = Vec::new();
        for draft in self.servers {
            if let Some(server) = validate(draft, &mut problems) {
                if server.protocol == Protocol::Smtp {
                    outgoing.push(server);
                } else {
                    incoming.push(server);
                }
            }
        }
        // A server with problems already says what is wrong; only report a direction
        // with no server at all (or only types Facteur does not speak).
        let reported = |element: &str| problems.iter().any(|p| p.path.contains(element));
        let (incoming_reported, outgoing_reported) =
            (reported("incomingServer"), reported("outgoingServer"));
        if incoming.is_empty() && !incoming_reported {
            problems.push(missing("emailProvider/incomingServer"));
        }
        if outgoing.is_empty() && !outgoing_reported {
            problems.push(missing("emailProvider/outgoingServer"));
        }
        if !problems.is_empty() {
            return Err(AutoconfigError::Incomplete { problems });
        }
        let documentation = self
            .documentation
            .into_iter()
            // Only web links: the UI will render these as <a href>.
            .filter(|doc| doc.url.starts_with("https://") || doc.url.starts_with("http://"))
            .collect();
        Ok(ClientConfig {
            id: id.unwrap_or_default(),
            domains: self.domains,
            display_name: self.display_name,
            display_short_name: self.display_short_name,
            incoming,
            outgoing,
            documentation,
        })
    }
}

/// The value of attribute `name`; every attribute is read, so duplicates and bad
/// escapes anywhere in the tag are reported rather than skipped.
fn attribute(start: &BytesStart, name: &str) -> Result<Option<String>, XmlError> {
    let mut found = None;
    for attribute in start.attributes() {
        let attribute = attribute?;
        let value = attribute.normalized_value(XmlVersion::Implicit1_0)?;
        if found.is_none() && attribute.key.as_ref() == name {
            found = Some(value.trim().to_owned());
        }
    }
    Ok(found)
}
