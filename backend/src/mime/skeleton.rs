//! A big message rebuilt without its big attachments' bytes, so it can be opened while
//! the bridge holds only its headers and displayable text.
//!
//! The server describes the message's MIME tree (IMAP BODYSTRUCTURE, read in
//! `imap/structure.rs`) and serves each part's header and body apart. [`assemble`] writes
//! the same tree back as one RFC 5322 document, with the original boundaries, leaving a
//! big part's body empty and recording where it stands ([`Placeholder`]). Parsed like any
//! message, the skeleton lists the same attachments in the same order; a placeholder's
//! bytes are then streamed from the server only when its attachment is downloaded.

use super::transfer_decoding::TransferEncoding;

/// Where a part sits in the message: IMAP part numbers, empty for the message itself.
pub type Section = Vec<u32>;

/// One node of the MIME tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub section: Section,
    pub kind: PartKind,
}

/// A container of parts, or a part with a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartKind {
    Multipart {
        boundary: String,
        children: Vec<Part>,
    },
    Leaf {
        /// Whether its bytes are fetched with the skeleton (text to show, small parts).
        fetched: bool,
        /// The body's size on the server, encoded.
        octets: u64,
        encoding: TransferEncoding,
    },
}

/// Which bytes of a part: its header, or its body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece {
    Header,
    Body,
}

/// A part left out of the skeleton, to stream on download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder {
    /// Where its header starts in the skeleton: the parsed part's `offset_header`.
    pub header_offset: u32,
    pub section: Section,
    pub octets: u64,
    pub encoding: TransferEncoding,
}

/// A message without its big parts' bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Skeleton {
    pub bytes: Vec<u8>,
    pub placeholders: Vec<Placeholder>,
}

impl Skeleton {
    /// The placeholder of the part whose header starts at `header_offset`.
    pub fn placeholder_at(&self, header_offset: u32) -> Option<&Placeholder> {
        self.placeholders
            .iter()
            .find(|p| p.header_offset == header_offset)
    }
}

/// Every piece the skeleton of `root` needs, in document order.
pub fn pieces(root: &Part) -> Vec<(Section, Piece)> {
    let mut out = Vec::new();
    collect_pieces(root, &mut out);
    out
}

fn collect_pieces(part: &Part, out: &mut Vec<(Section, Piece)>) {
    out.push((part.section.clone(), Piece::Header));
    match &part.kind {
        PartKind::Multipart { children, .. } => {
            for child in children {
                collect_pieces(child, out);
            }
        }
        PartKind::Leaf { fetched: true, .. } => out.push((part.section.clone(), Piece::Body)),
        PartKind::Leaf { fetched: false, .. } => {}
    }
}

/// Writes the skeleton of `root` from the pieces `piece` gives; `None` when the server
/// did not send one of them.
pub fn assemble<'a>(
    root: &Part,
    piece: impl Fn(&Section, Piece) -> Option<&'a [u8]>,
) -> Option<Skeleton> {
    let mut skeleton = Skeleton::default();
    write_part(root, &piece, &mut skeleton)?;
    Some(skeleton)
}

fn write_part<'a>(
    part: &Part,
    piece: &impl Fn(&Section, Piece) -> Option<&'a [u8]>,
    skeleton: &mut Skeleton,
) -> Option<()> {
    let header_offset = u32::try_from(skeleton.bytes.len()).ok()?;
    let header = piece(&part.section, Piece::Header)?;
    skeleton.bytes.extend_from_slice(header);
    // The header block ends with an empty line, whatever the server sent.
    while !skeleton.bytes.ends_with(b"\r\n\r\n") && !skeleton.bytes.ends_with(b"\n\n") {
        skeleton.bytes.extend_from_slice(b"\r\n");
    }
    match &part.kind {
        PartKind::Multipart { boundary, children } => {
            for child in children {
                skeleton.bytes.extend_from_slice(b"--");
                skeleton.bytes.extend_from_slice(boundary.as_bytes());
                skeleton.bytes.extend_from_slice(b"\r\n");
                write_part(child, piece, skeleton)?;
                skeleton.bytes.extend_from_slice(b"\r\n");
            }
            skeleton.bytes.extend_from_slice(b"--");
            skeleton.bytes.extend_from_slice(boundary.as_bytes());
            skeleton.bytes.extend_from_slice(b"--\r\n");
        }
        PartKind::Leaf { fetched: true, .. } => {
            skeleton
                .bytes
                .extend_from_slice(piece(&part.section, Piece::Body)?);
        }
        PartKind::Leaf {
            fetched: false,
            octets,
            encoding,
        } => skeleton.placeholders.push(Placeholder {
            header_offset,
            section: part.section.clone(),
            octets: *octets,
            encoding: *encoding,
        }),
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mime::parse::{attachment_list, attachment_offsets, parse_message};
    use std::collections::HashMap;

    fn leaf(section: &[u32], fetched: bool, octets: u64) -> Part {
        Part {
            section: section.to_vec(),
            kind: PartKind::Leaf {
                fetched,
                octets,
                encoding: TransferEncoding::Base64,
            },
        }
    }

    #[test]
    fn a_skeleton_lists_the_attachments_and_knows_which_were_left_out() {
        let root = Part {
            section: vec![],
            kind: PartKind::Multipart {
                boundary: "outer".into(),
                children: vec![
                    Part {
                        section: vec![1],
                        kind: PartKind::Multipart {
                            boundary: "inner".into(),
                            children: vec![leaf(&[1, 1], true, 5)],
                        },
                    },
                    leaf(&[2], false, 4_000_000),
                    leaf(&[3], true, 8),
                ],
            },
        };
        let mut served: HashMap<(Section, &str), &[u8]> = HashMap::new();
        served.insert(
            (vec![], "h"),
            b"From: a@example.test\r\nSubject: Big\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=outer\r\n\r\n",
        );
        served.insert(
            (vec![1], "h"),
            b"Content-Type: multipart/alternative; boundary=inner\r\n\r\n",
        );
        served.insert((vec![1, 1], "h"), b"Content-Type: text/plain\r\n");
        served.insert((vec![1, 1], "b"), b"Hello");
        served.insert(
            (vec![2], "h"),
            b"Content-Type: application/pdf; name=big.pdf\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=big.pdf\r\n\r\n",
        );
        served.insert(
            (vec![3], "h"),
            b"Content-Type: application/zip\r\nContent-Disposition: attachment; filename=small.zip\r\nContent-Transfer-Encoding: base64\r\n\r\n",
        );
        served.insert((vec![3], "b"), b"UEsFBg==");
        assert_eq!(
            pieces(&root),
            vec![
                (vec![], Piece::Header),
                (vec![1], Piece::Header),
                (vec![1, 1], Piece::Header),
                (vec![1, 1], Piece::Body),
                (vec![2], Piece::Header),
                (vec![3], Piece::Header),
                (vec![3], Piece::Body),
            ]
        );
        let skeleton = assemble(&root, |section, piece| {
            let key = match piece {
                Piece::Header => "h",
                Piece::Body => "b",
            };
            served.get(&(section.clone(), key)).copied()
        })
        .expect("every piece served");
        let message = parse_message(&skeleton.bytes).expect("parsed");
        assert_eq!(message.body_text(0).as_deref(), Some("Hello"));
        let names: Vec<String> = attachment_list(&message)
            .into_iter()
            .map(|a| a.filename)
            .collect();
        assert_eq!(names, ["big.pdf", "small.zip"]);
        let offsets = attachment_offsets(&message);
        let left_out = skeleton.placeholder_at(offsets[0]).expect("big.pdf");
        assert_eq!(
            (left_out.section.clone(), left_out.octets),
            (vec![2], 4_000_000)
        );
        assert!(skeleton.placeholder_at(offsets[1]).is_none());
        // A piece the server did not send: no skeleton.
        assert_eq!(assemble(&root, |_, _| None), None);
    }
}
