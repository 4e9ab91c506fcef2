//! A message's MIME tree from its IMAP BODYSTRUCTURE, and the FETCH items that name its
//! pieces: what a big message is opened with (see [`crate::mime::skeleton`]) and what an
//! attachment is streamed from.

use crate::mime::skeleton::{Part, PartKind, Piece, Section};
use crate::mime::transfer_decoding::TransferEncoding;
use async_imap::imap_proto::{
    BodyContentCommon, BodyContentSinglePart, BodyStructure, ContentEncoding, MessageSection,
    SectionPath,
};

/// Parts up to this size (encoded) come with the skeleton whatever they are: an inline
/// image the reader embeds (at most 512 KiB decoded) fits, a big attachment does not.
pub const FETCHED_PART_MAX_OCTETS: u64 = 700 * 1024;

/// The tree of `structure`, or `None` when a multipart names no boundary (the skeleton
/// could not be written back; such a message is read whole).
pub fn message_tree(structure: &BodyStructure<'_>) -> Option<Part> {
    part(structure, Vec::new())
}

fn part(structure: &BodyStructure<'_>, section: Section) -> Option<Part> {
    let kind = match structure {
        BodyStructure::Multipart { common, bodies, .. } => {
            let boundary = param(common, "boundary")?;
            let children = bodies
                .iter()
                .zip(1u32..)
                .map(|(body, number)| {
                    let mut child = section.clone();
                    child.push(number);
                    part(body, child)
                })
                .collect::<Option<Vec<Part>>>()?;
            PartKind::Multipart { boundary, children }
        }
        BodyStructure::Text { common, other, .. } => {
            let shown = !common
                .disposition
                .as_ref()
                .is_some_and(|d| d.ty.eq_ignore_ascii_case("attachment"));
            leaf(other, shown)
        }
        BodyStructure::Basic { other, .. } | BodyStructure::Message { other, .. } => {
            leaf(other, false)
        }
    };
    Some(Part { section, kind })
}

fn leaf(other: &BodyContentSinglePart<'_>, shown: bool) -> PartKind {
    let octets = u64::from(other.octets);
    PartKind::Leaf {
        fetched: shown || octets <= FETCHED_PART_MAX_OCTETS,
        octets,
        encoding: match &other.transfer_encoding {
            ContentEncoding::Base64 => TransferEncoding::Base64,
            ContentEncoding::QuotedPrintable => TransferEncoding::QuotedPrintable,
            ContentEncoding::Other(name) => TransferEncoding::from_name(name),
            ContentEncoding::SevenBit | ContentEncoding::EightBit | ContentEncoding::Binary => {
                TransferEncoding::Identity
            }
        },
    }
}

fn param(common: &BodyContentCommon<'_>, name: &str) -> Option<String> {
    common
        .ty
        .params
        .iter()
        .flatten()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.to_string())
        .filter(|value| !value.is_empty())
}

/// The section a piece is answered under. The message's own header is `HEADER`; a part's
/// is `n.MIME`. The body of a message that is not multipart is `TEXT`.
pub fn section_path(section: &Section, piece: Piece) -> SectionPath {
    match (section.is_empty(), piece) {
        (true, Piece::Header) => SectionPath::Full(MessageSection::Header),
        (true, Piece::Body) => SectionPath::Full(MessageSection::Text),
        (false, Piece::Header) => SectionPath::Part(section.clone(), Some(MessageSection::Mime)),
        (false, Piece::Body) => SectionPath::Part(section.clone(), None),
    }
}

/// The section's name inside `BODY.PEEK[…]`.
pub fn section_name(section: &Section, piece: Piece) -> String {
    let numbers: Vec<String> = section.iter().map(u32::to_string).collect();
    match (section.is_empty(), piece) {
        (true, Piece::Header) => "HEADER".to_owned(),
        (true, Piece::Body) => "TEXT".to_owned(),
        (false, Piece::Header) => format!("{}.MIME", numbers.join(".")),
        (false, Piece::Body) => numbers.join("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_imap::imap_proto::{AttributeValue, Response};

    fn tree_of(fetch: &[u8]) -> Option<Part> {
        let (_, response) = Response::parse(fetch).expect("a FETCH response");
        let Response::Fetch(_, attributes) = response else {
            panic!("not a FETCH: {response:?}");
        };
        attributes.iter().find_map(|a| match a {
            AttributeValue::BodyStructure(structure) => message_tree(structure),
            _ => None,
        })
    }

    #[test]
    fn a_mixed_message_becomes_a_tree_with_its_big_attachment_left_out() {
        // Dovecot's answer for text + HTML alternative, a 30 MB PDF and a small image.
        let fetch = b"* 1 FETCH (BODYSTRUCTURE (((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 12 1 NIL NIL NIL NIL)(\"text\" \"html\" (\"charset\" \"utf-8\") NIL NIL \"quoted-printable\" 40 1 NIL NIL NIL NIL) \"alternative\" (\"boundary\" \"alt\") NIL NIL NIL)(\"application\" \"pdf\" (\"name\" \"big.pdf\") NIL NIL \"base64\" 40000000 NIL (\"attachment\" (\"filename\" \"big.pdf\")) NIL NIL)(\"image\" \"png\" NIL \"<logo>\" NIL \"BASE64\" 2000 NIL NIL NIL NIL) \"mixed\" (\"boundary\" \"mix\") NIL NIL NIL))\r\n";
        let tree = tree_of(fetch).expect("a tree");
        let PartKind::Multipart { boundary, children } = &tree.kind else {
            panic!("{tree:?}");
        };
        assert_eq!(boundary, "mix");
        assert!(tree.section.is_empty());
        assert_eq!(children[1].section, vec![2]);
        assert_eq!(
            children[1].kind,
            PartKind::Leaf {
                fetched: false,
                octets: 40_000_000,
                encoding: TransferEncoding::Base64
            }
        );
        assert!(matches!(
            children[2].kind,
            PartKind::Leaf { fetched: true, .. }
        ));
        let PartKind::Multipart { children: text, .. } = &children[0].kind else {
            panic!("{:?}", children[0]);
        };
        assert_eq!(text[1].section, vec![1, 2]);
        assert!(matches!(
            text[1].kind,
            PartKind::Leaf {
                fetched: true,
                encoding: TransferEncoding::QuotedPrintable,
                ..
            }
        ));
    }

    #[test]
    fn a_multipart_without_a_boundary_has_no_tree() {
        let fetch = b"* 1 FETCH (BODYSTRUCTURE ((\"text\" \"plain\" NIL NIL NIL \"7bit\" 1 1) \"mixed\"))\r\n";
        assert_eq!(tree_of(fetch), None);
    }

    #[test]
    fn pieces_are_named_as_imap_names_them() {
        assert_eq!(section_name(&vec![], Piece::Header), "HEADER");
        assert_eq!(section_name(&vec![], Piece::Body), "TEXT");
        assert_eq!(section_name(&vec![1, 2], Piece::Header), "1.2.MIME");
        assert_eq!(section_name(&vec![3], Piece::Body), "3");
        assert_eq!(
            section_path(&vec![1, 2], Piece::Header),
            SectionPath::Part(vec![1, 2], Some(MessageSection::Mime))
        );
        assert_eq!(
            section_path(&vec![], Piece::Body),
            SectionPath::Full(MessageSection::Text)
        );
    }
}
